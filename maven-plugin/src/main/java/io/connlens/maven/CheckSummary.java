package io.connlens.maven;

import io.connlens.api.report.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What check prints of the reports of a build's test JVMs, and whether they fail it: the tests the
 * JUnit extension failed, every finding (type, count, pool, site, SQL, and the test it failed), and
 * the reports whose run failed {@code fail.on}. Pure: the mojo reads the files and logs the lines.
 */
final class CheckSummary {
  /** A report read, and where from. */
  static final class Read {
    final Path file;
    final Report report;

    Read(Path file, Report report) {
      this.file = file;
      this.report = report;
    }
  }

  private final List<Read> reports;

  CheckSummary(List<Read> reports) {
    this.reports = reports;
  }

  /** The lines to print, in order. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    long findings = 0;
    for (Read r : reports) {
      findings += r.report.findings().size();
    }
    lines.add("connlens: " + reports.size() + (reports.size() == 1 ? " report" : " reports") + ", " + findings
        + (findings == 1 ? " finding" : " findings"));
    List<Report.TestFailure> tests = new ArrayList<>();
    for (Read r : reports) {
      tests.addAll(r.report.tests());
    }
    if (!tests.isEmpty()) {
      lines.add("  tests failed by connlens:");
      for (Report.TestFailure t : tests) {
        lines.add("    " + t.test() + "  " + t.type() + (t.site() == null ? "" : "  at " + t.site())
            + (t.sql() == null ? "" : "  " + t.sql()));
      }
    }
    if (findings > 0) {
      lines.add("  findings:");
      for (Read r : reports) {
        for (Report.Finding f : r.report.findings()) {
          String site = f.firstFrame() == null ? "(site not captured)" : f.firstFrame();
          StringBuilder line = new StringBuilder("    ").append(f.count()).append("x ").append(f.type());
          if (f.pool() != null) {
            line.append("  ").append(f.pool());
          }
          line.append("  ").append(site);
          if (f.sql() != null) {
            line.append("  ").append(f.sql());
          }
          for (String test : r.report.testsOf(f)) {
            line.append("  test ").append(test);
          }
          lines.add(line.toString());
        }
      }
    }
    for (Read r : reports) {
      if (r.report.summary().suppressedErrors() > 0) {
        lines.add("  " + r.file.getFileName() + ": the agent suppressed " + r.report.summary().suppressedErrors()
            + " of its own errors: a connlens bug worth reporting, with this file");
      }
    }
    return lines;
  }

  /** The reports whose run failed {@code fail.on}, each with the types that failed it; empty when none did. */
  Map<Path, Set<String>> failures() {
    Map<Path, Set<String>> failed = new LinkedHashMap<>();
    for (Read r : reports) {
      Report.Summary s = r.report.summary();
      if (s.failed()) {
        failed.put(r.file, new LinkedHashSet<>(s.failingTypes()));
      }
    }
    return failed;
  }
}
