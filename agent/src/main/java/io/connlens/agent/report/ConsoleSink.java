package io.connlens.agent.report;

import static io.connlens.agent.text.PrintableText.escape;

import io.connlens.agent.detection.ConnectionGroup;
import io.connlens.agent.detection.DurationText;
import io.connlens.agent.detection.ExhaustionSnapshot;
import io.connlens.agent.detection.Finding;
import io.connlens.agent.detection.Holder;
import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.OrmLoad;
import io.connlens.agent.text.PrintableText;
import io.connlens.api.FindingType;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Prints one multi-line warning per new finding (standard error in production), every line
 * prefixed {@value #PREFIX} so it can be grepped out of an application's log.
 *
 * <p>At most {@code limitPerMinute} warnings are printed in any rolling minute, so a leak in a hot
 * loop cannot flood the log. Warnings over the limit are counted; the next printed warning, or
 * {@link #printAtExit}, says how many were not shown. Never throws: a sink must not break the
 * application it watches.
 *
 * <p>Every string a finding carries (message, SQL, names, URLs, frames) goes through {@link
 * PrintableText#escape}: they come from the application, and a newline in a quoted SQL identifier or
 * a thread name must not start a line of its own that reads like a finding.
 */
public final class ConsoleSink implements Sink {
  /** Starts every line this sink prints. */
  public static final String PREFIX = "[connlens] ";

  private static final long MINUTE_MILLIS = 60_000;
  private static final int MAX_FRAMES = 8;

  private final PrintStream out;
  private final LongSupplier clock;
  private final String uncapturedSiteNote;
  private final Supplier<String> writtenReport;
  // When the last printed warnings were printed, oldest at `next` once the ring is full.
  private final long[] printedAt;
  private int printed;
  private int next;
  private long notShown;

  /**
   * @param out where warnings go: {@code System.err} in production
   * @param limitPerMinute most warnings printed in any rolling minute ({@code console.limit});
   *     0 or less prints none and only counts them
   * @param clock epoch milliseconds
   * @param uncapturedSiteNote why a site may be missing and what connlens does about it, printed
   *     as {@code acquired at: (not captured: NOTE)}; {@code null} prints {@code (not captured)}
   */
  public ConsoleSink(PrintStream out, int limitPerMinute, LongSupplier clock,
      String uncapturedSiteNote) {
    this(out, limitPerMinute, clock, uncapturedSiteNote, () -> null);
  }

  /**
   * As above, with where the JSON report was written at exit ({@code null} when it was not), which
   * the exit summary names: the report sink is told of the exit before this one.
   */
  public ConsoleSink(PrintStream out, int limitPerMinute, LongSupplier clock,
      String uncapturedSiteNote, Supplier<String> writtenReport) {
    this.out = out;
    this.clock = clock;
    this.uncapturedSiteNote = uncapturedSiteNote;
    this.writtenReport = writtenReport;
    this.printedAt = new long[Math.max(0, limitPerMinute)];
  }

  /** Prints a warning for {@code finding}, or counts it when the rate limit is reached. */
  @Override
  public void onNewFinding(Finding finding) {
    try {
      // One lock around decide-and-print keeps concurrent warnings whole and in order.
      synchronized (this) {
        if (!mayPrint(clock.getAsLong())) {
          notShown++;
          return;
        }
        StringBuilder text = new StringBuilder(512);
        appendNotShown(text);
        appendWarning(text, finding);
        out.print(text);
        out.flush();
      }
    } catch (RuntimeException e) {
      // Ignored: a bad finding or a broken stream must not reach the detector or the application.
    }
  }

  /**
   * At exit: prints the count of warnings the limit held back, if any, then the
   * {@link ExitSummary} when the run had findings or suppressed errors, else only its pool lines.
   *
   * @param reportPathOrNull where the JSON report was written, or {@code null}
   */
  public void printAtExit(ReportSnapshot snapshot, String reportPathOrNull) {
    try {
      synchronized (this) {
        StringBuilder text = new StringBuilder();
        appendNotShown(text);
        if (!snapshot.findings.isEmpty() || snapshot.suppressedErrors > 0 || snapshot.failed) {
          text.append(ExitSummary.format(snapshot, reportPathOrNull));
        } else {
          text.append(ExitSummary.poolLines(snapshot)); // a clean run still says how its pools were sized
        }
        if (text.length() > 0) {
          out.print(text);
          out.flush();
        }
      }
    } catch (RuntimeException e) {
      // Ignored, as in onNewFinding: exit must go on.
    }
  }

  /** The exit summary, naming the report if one was written at exit. */
  @Override
  public void onExit(ReportSnapshot snapshot) {
    printAtExit(snapshot, writtenReport.get());
  }

  /** How many warnings the limit held back and no line has mentioned yet. */
  public synchronized long notShown() {
    return notShown;
  }

  /** Whether fewer than the limit were printed in the minute before {@code now}; records a print. */
  private boolean mayPrint(long now) {
    if (printedAt.length == 0) {
      return false;
    }
    if (printed == printedAt.length && now - printedAt[next] < MINUTE_MILLIS) {
      return false;
    }
    printedAt[next] = now;
    next = (next + 1) % printedAt.length;
    printed = Math.min(printed + 1, printedAt.length);
    return true;
  }

  private void appendNotShown(StringBuilder text) {
    if (notShown > 0) {
      text.append(PREFIX).append(notShown)
          .append(notShown == 1 ? " more finding" : " more findings")
          .append(" not shown (console.limit); see the report\n");
      notShown = 0;
    }
  }

  private void appendWarning(StringBuilder text, Finding f) {
    FindingType type = f.type();
    text.append(PREFIX).append(f.severity().name()).append(' ').append(type.name()).append(": ")
        .append(escape(f.message())).append('\n');

    StringBuilder where = new StringBuilder();
    field(where, "pool", f.pool());
    field(where, "database", f.database());
    field(where, "thread", f.thread());
    if (where.length() > 0) {
      text.append(PREFIX).append("  ").append(where).append('\n');
    }

    if (f.sql() != null) {
      text.append(PREFIX).append("  sql: ").append(escape(f.sql())).append('\n');
    }
    if (f.lastSql() != null) {
      long n = f.statements();
      text.append(PREFIX).append("  last sql (").append(n).append(n == 1 ? " statement" : " statements")
          .append(" run on it): ").append(escape(f.lastSql())).append('\n');
    }
    if (f.ormLoad() != null) {
      text.append(PREFIX).append(f.ormLoad().kind() == OrmLoad.Kind.COLLECTION ? "  association: " : "  entity: ")
          .append(escape(f.ormLoad().name())).append('\n');
    }
    if (f.sourceSql() != null) {
      text.append(PREFIX).append("  after: ").append(escape(f.sourceSql())).append('\n');
    }
    if (f.hint() != null) {
      text.append(PREFIX).append("  fix: ").append(escape(f.hint())).append('\n');
    }

    // For query findings the site is where the statements ran, not where a connection was taken; for a
    // pool's exhaustion, where the most of its connections were taken; for a server's, the refused call.
    String siteLabel = type == FindingType.N_PLUS_ONE || type == FindingType.UNBATCHED_WRITES ? "executed at:"
        : type == FindingType.POOL_EXHAUSTED || type == FindingType.POOL_SATURATION ? "most connections taken at:"
        : type == FindingType.SERVER_CONNECTION_LIMIT ? "refused at:" : "acquired at:";
    CallSite site = f.site();
    text.append(PREFIX).append("  ").append(siteLabel);
    if (!site.isCaptured()) {
      text.append(uncapturedSiteNote == null
          ? " (not captured)" : " (not captured: " + escape(uncapturedSiteNote) + ")").append('\n');
    } else if (site.frames().isEmpty()) {
      text.append(" (no frames)\n");
    } else if (!site.hasApplicationFrame()) {
      text.append(" (no application frame: only framework code on this stack; set app.packages if one of these is yours)\n");
      appendFrames(text, site.frames());
    } else {
      text.append('\n');
      appendFrames(text, site.frames());
    }

    CallSite statementSite = f.statementSite();
    if (statementSite != null && statementSite.isCaptured() && !statementSite.frames().isEmpty()) {
      text.append(PREFIX).append("  last statement at:\n");
      appendFrames(text, statementSite.frames());
    }

    Holder holder = f.holder();
    if (holder != null) {
      text.append(PREFIX).append("  holder now: ").append(escape(holder.threadName()));
      if (holder.threadState() != null) {
        text.append(" (").append(escape(holder.threadState())).append(')');
      }
      if (holder.activity() != null) {
        text.append(", ").append(escape(holder.activity().description()));
      }
      text.append('\n');
      appendFrames(text, holder.frames());
    }
    ExhaustionSnapshot exhaustion = f.exhaustion();
    if (exhaustion != null) {
      appendExhaustion(text, exhaustion);
    }
  }

  private void appendExhaustion(StringBuilder text, ExhaustionSnapshot s) {
    if (s.failedSite() != null) {
      text.append(PREFIX).append("  the borrow that failed: thread ").append(escape(String.valueOf(s.failedThread())));
      if (s.failedSite().isCaptured() && !s.failedSite().frames().isEmpty()) {
        text.append('\n');
        appendFrames(text, s.failedSite().frames().subList(0, Math.min(3, s.failedSite().frames().size())));
      } else {
        text.append('\n');
      }
    }
    if (s.server() != null) {
      StringBuilder pools = new StringBuilder();
      for (Map.Entry<String, Integer> e : s.poolConnections().entrySet()) {
        pools.append(pools.length() == 0 ? "" : ", ").append(escape(e.getKey())).append(' ').append(e.getValue());
      }
      text.append(PREFIX).append("  this JVM's open connections to ").append(escape(s.server())).append(": ")
          .append(pools.length() == 0 ? "" : "pools " + pools + "; ").append("direct ").append(s.directConnections())
          .append('\n');
    }
    for (ConnectionGroup group : s.groups()) {
      text.append(PREFIX).append("  ").append(group.count()).append(group.count() == 1 ? " connection" : " connections")
          .append(", oldest held ").append(DurationText.ofMillis(group.oldestHeldMillis())).append(", taken at ");
      CallSite site = group.site();
      text.append(site.isCaptured() && !site.frames().isEmpty() ? escape(site.topFrame()) : "(not captured)").append('\n');
      for (Holder holder : group.holders()) {
        text.append(PREFIX).append("    holder ").append(escape(holder.threadName()));
        if (holder.activity() != null) {
          text.append(": ").append(escape(holder.activity().description()));
        }
        text.append('\n');
      }
    }
    if (s.groupsNotShown() > 0) {
      text.append(PREFIX).append("  ... ").append(s.groupsNotShown()).append(" more sites (see the report)\n");
    }
  }

  private static void appendFrames(StringBuilder text, List<String> frames) {
    int shown = Math.min(frames.size(), MAX_FRAMES);
    for (int i = 0; i < shown; i++) {
      text.append(PREFIX).append("    at ").append(escape(frames.get(i))).append('\n');
    }
    if (frames.size() > shown) {
      text.append(PREFIX).append("    ... ").append(frames.size() - shown).append(" more\n");
    }
  }

  private static void field(StringBuilder line, String name, String value) {
    if (value != null) {
      if (line.length() > 0) {
        line.append("   ");
      }
      line.append(name).append(": ").append(escape(value));
    }
  }
}
