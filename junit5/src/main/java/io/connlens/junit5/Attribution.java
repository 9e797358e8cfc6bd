package io.connlens.junit5;

import io.connlens.api.FindingType;
import io.connlens.api.report.Report;
import io.connlens.api.report.SiteFrames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a test (or a test class) is failed for, read from two reports of the agent: the connections
 * acquired during it and still open at its end, and the findings of the {@code fail.on} types that
 * occurred during it. Pure: the extension reads the reports, this says what they show.
 */
final class Attribution {
  /** The frames of a site shown in a failure; the report holds them all. */
  static final int FRAMES_SHOWN = 8;

  private Attribution() {}

  /**
   * The leases of {@code now} acquired after {@code leaseWatermark} (a lease id read when the test
   * began) and still open, on the thread named {@code thread} only when it is not {@code null}.
   */
  static List<Report.Lease> openLeasesSince(Report now, long leaseWatermark, String thread) {
    List<Report.Lease> open = new ArrayList<>();
    for (Report.Lease lease : now.leases()) {
      if (lease.id() > leaseWatermark && (thread == null || thread.equals(lease.thread()))) {
        open.add(lease);
      }
    }
    return open;
  }

  /** A finding that occurred during the test, and how many times. */
  static final class NewFinding {
    final Report.Finding finding;
    final long occurrences;

    NewFinding(Report.Finding finding, long occurrences) {
      this.finding = finding;
      this.occurrences = occurrences;
    }
  }

  /**
   * The findings of {@code types} whose count rose from {@code before} to {@code now} (a finding is
   * one entry per type, site, pool and query, its count the occurrences), raised on the thread named
   * {@code thread} when it is not {@code null}.
   */
  static List<NewFinding> findingsSince(Report before, Report now, Set<String> types, String thread) {
    Map<String, Long> counted = new HashMap<>();
    if (before != null) {
      for (Report.Finding f : before.findings()) {
        counted.merge(key(f), f.count(), Long::sum);
      }
    }
    List<NewFinding> raised = new ArrayList<>();
    for (Report.Finding f : now.findings()) {
      if (!types.contains(f.type()) || (thread != null && f.thread() != null && !thread.equals(f.thread()))) {
        continue;
      }
      long more = f.count() - counted.getOrDefault(key(f), 0L);
      if (more > 0) {
        raised.add(new NewFinding(f, more));
      }
    }
    return raised;
  }

  /** What one aggregated finding is told apart by in the report. */
  private static String key(Report.Finding f) {
    return f.type() + '\u0000' + f.pool() + '\u0000' + f.sql() + '\u0000' + String.join("\u0001", f.frames());
  }

  /** Whether the occurrence counts of {@code types} are the same in both. */
  static boolean sameCounts(Map<String, Long> a, Map<String, Long> b, Set<String> types) {
    for (String type : types) {
      if (a.getOrDefault(type, 0L).longValue() != b.getOrDefault(type, 0L).longValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The types a finding fails a test for: those of {@code fail.on} but the leak types, which the open
   * lease at the test's end already stands for (a leak's finding comes later: at the threshold, after
   * a garbage collection, at exit).
   */
  static Set<String> findingTypesThatFailATest(Set<String> failOn) {
    Set<String> types = new java.util.LinkedHashSet<>(failOn);
    for (FindingType leak : FindingType.leaks()) {
      types.remove(leak.name());
    }
    return types;
  }

  /**
   * Whether a connection left open fails a test: when {@code fail.on} names a leak type, or names
   * nothing (the extension was added to catch leaks; a {@code fail.on} that lists only other types
   * says leaks should not fail).
   */
  static boolean openLeasesFail(Set<String> failOn) {
    if (failOn.isEmpty()) {
      return true;
    }
    for (FindingType leak : FindingType.leaks()) {
      if (failOn.contains(leak.name())) {
        return true;
      }
    }
    return false;
  }

  /** The failure message: what was left open or raised, with the code that did it. */
  static String message(String scope, List<Report.Lease> open, List<NewFinding> raised) {
    StringBuilder text = new StringBuilder();
    if (!open.isEmpty()) {
      text.append("connlens: ").append(scope).append(" left ").append(open.size())
          .append(open.size() == 1 ? " connection" : " connections").append(" open");
      for (Report.Lease lease : open) {
        text.append("\n  lease ").append(lease.id());
        if (lease.pool() != null) {
          text.append(" from pool ").append(lease.pool());
        }
        if (lease.database() != null) {
          text.append(" (").append(lease.database()).append(')');
        }
        text.append(", taken on thread ").append(lease.thread()).append(", held ").append(lease.heldMillis())
            .append(" ms");
        if (lease.statements() >= 0) {
          text.append(", ").append(lease.statements()).append(lease.statements() == 1 ? " statement" : " statements");
        }
        if (lease.inTransaction()) {
          text.append(", in a transaction");
        }
        if (lease.lastSql() != null) {
          text.append("\n    last SQL: ").append(lease.lastSql());
        }
        frames(text, "acquired at", lease.frames(), lease.siteCaptured());
      }
    }
    for (NewFinding n : raised) {
      Report.Finding f = n.finding;
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append("connlens: ").append(f.type()).append(" during ").append(scope).append(" (fail.on)");
      if (n.occurrences > 1) {
        text.append(", ").append(n.occurrences).append(" times");
      }
      text.append(": ").append(f.message());
      if (f.sql() != null) {
        text.append("\n    SQL: ").append(f.sql());
      }
      frames(text, "at", f.frames(), f.siteCaptured());
    }
    return text.toString();
  }

  private static void frames(StringBuilder text, String label, List<String> frames, boolean captured) {
    if (!captured || frames.isEmpty()) {
      text.append("\n    ").append(label).append(" (site not captured: set fail.on or site.capture=all)");
      return;
    }
    String indent = "\n    " + " ".repeat(label.length() + 1);
    text.append("\n    ").append(label).append(' ').append(frames.get(0));
    // down to the test method: what lies below it is JUnit's, the same for every test
    int shown = SiteFrames.shown(frames, FRAMES_SHOWN);
    for (int i = 1; i < shown; i++) {
      text.append(indent).append(frames.get(i));
    }
    if (frames.size() > shown) {
      text.append(indent).append("... ").append(frames.size() - shown).append(" more in the report");
    }
  }
}
