package io.connlens.agent.report;

import io.connlens.agent.detection.Finding;
import io.connlens.agent.text.PrintableText;
import io.connlens.api.FindingType;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The few lines printed at JVM exit when the run had findings: totals, one line per finding, one
 * per pool ({@link PoolSizing}), where the report is, and why the run failed. It fits on one screen so a QA log shows the cause of a
 * failed build without opening the report. Pool names, frames and the report path are escaped with
 * {@link PrintableText#escape}, as in the warnings: each line stays one line.
 */
public final class ExitSummary {
  /** Findings listed one per line; the rest are counted, and the report has them all. */
  static final int MAX_FINDING_LINES = 20;

  private static final String PREFIX = ConsoleSink.PREFIX;

  private ExitSummary() {
  }

  /**
   * The summary of {@code s}, each line prefixed {@code [connlens] } and ended by {@code \n}.
   *
   * @param reportPathOrNull where the JSON report was written, or {@code null} when none was
   */
  public static String format(ReportSnapshot s, String reportPathOrNull) {
    StringBuilder text = new StringBuilder(256);
    long occurrences = 0;
    for (Finding f : s.findings) {
      occurrences += f.count();
    }
    text.append(PREFIX).append("summary: leases opened ").append(s.leases.opened)
        .append(", closed ").append(s.leases.closed)
        .append(", open ").append(s.leases.open)
        .append(s.leases.unclosed > 0 ? ", never closed " + s.leases.unclosed : "")
        .append("; ").append(plural(s.findings.size(), "finding"))
        .append(" (").append(plural(occurrences, "occurrence")).append(")\n");

    int shown = Math.min(s.findings.size(), MAX_FINDING_LINES);
    for (int i = 0; i < shown; i++) {
      Finding f = s.findings.get(i);
      text.append(PREFIX).append("  ").append(f.count()).append("x ").append(f.type().name());
      if (f.pool() != null) {
        text.append("  ").append(PrintableText.escape(f.pool()));
      }
      if (f.ormLoad() != null) {
        text.append("  ").append(PrintableText.escape(f.ormLoad().toString()));
      }
      text.append("  ").append(PrintableText.escape(f.site().topFrame()));
      if (f.site().isCaptured() && !f.site().hasApplicationFrame()) {
        text.append("  (no application frame)");
      }
      text.append('\n');
    }
    if (s.findings.size() > shown) {
      text.append(PREFIX).append("  ... ").append(s.findings.size() - shown).append(" more\n");
    }

    text.append(poolLines(s));

    StringJoiner dropped = new StringJoiner(", ");
    for (Map.Entry<String, Long> e : s.dropped.entrySet()) {
      if (e.getValue() > 0) {
        dropped.add(e.getKey() + " " + e.getValue());
      }
    }
    if (dropped.length() > 0) {
      // a bound was reached: say so, so that nothing is lost without a word (docs/how-it-works.md, "Bounds")
      text.append(PREFIX).append("bounds reached, not kept (summary.dropped): ").append(dropped).append('\n');
    }
    long initializer = s.skippedBursts.getOrDefault("initializer", 0L);
    if (initializer > 0) {
      // counted, not reported: nothing the application's code can change (docs/findings.md)
      text.append(PREFIX).append(plural(initializer, "repeated statement"))
          .append(" run by schema or data initializers, not reported (summary.skippedBursts)\n");
    }
    if (s.suppressedErrors > 0) {
      text.append(PREFIX).append(plural(s.suppressedErrors, "internal error"))
          .append(" suppressed in connlens; the application was not affected\n");
    }
    if (reportPathOrNull != null) {
      text.append(PREFIX).append("report: ").append(PrintableText.escape(reportPathOrNull)).append('\n');
    }
    if (s.failed) {
      text.append(PREFIX).append("FAILED: findings of type ").append(failingTypes(s))
          .append(" (fail.on)");
      if (s.exitStatus != null) {
        text.append("; exit status ").append(s.exitStatus);
      }
      text.append('\n');
    }
    return text.toString();
  }

  /**
   * One line per pool comparing its measured need with its size ({@link PoolSizing}), e.g.
   * {@code [connlens] pool orders-pool: peak 3 of 10; 7 idle connections hold server slots}; printed at
   * exit even by a run without findings. At most {@value #MAX_FINDING_LINES}; the report has them all.
   */
  public static String poolLines(ReportSnapshot s) {
    StringBuilder text = new StringBuilder();
    int shown = Math.min(s.pools.size(), MAX_FINDING_LINES);
    for (int i = 0; i < shown; i++) {
      ReportSnapshot.Pool pool = s.pools.get(i);
      text.append(PREFIX).append("pool ").append(PrintableText.escape(pool.name)).append(": ")
          .append(PoolSizing.line(pool)).append('\n');
    }
    if (s.pools.size() > shown) {
      text.append(PREFIX).append("  ... ").append(s.pools.size() - shown).append(" more pools\n");
    }
    return text.toString();
  }

  /** The fail.on types that fail the run, in enum order ({@link ReportSnapshot#failingTypes}). */
  private static String failingTypes(ReportSnapshot s) {
    StringJoiner found = new StringJoiner(", ");
    for (FindingType type : s.failingTypes) {
      found.add(type.name());
    }
    return found.toString();
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
