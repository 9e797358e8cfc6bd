package io.connlens.agent.report;

import io.connlens.agent.detection.Finding;
import java.io.PrintStream;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Prints one multi-line warning per new finding (standard error in production), every line
 * prefixed {@value #PREFIX} so it can be grepped out of an application's log, and the exit summary.
 *
 * <p>Warnings are rate limited by a {@link WarningLimit} ({@code console.limit}), shared with the
 * other outputs when {@link FindingWarnings} routes them. Warnings over the limit are counted; the next
 * printed warning, or {@link #printAtExit}, says how many were not shown. Never throws: a sink must
 * not break the application it watches. The text is {@link FindingText}'s.
 */
public final class ConsoleSink implements Sink {
  /** Starts every line this sink prints. */
  public static final String PREFIX = "[connlens] ";

  private final PrintStream out;
  private final LongSupplier clock;
  private final FindingText text;
  private final Supplier<String> writtenReport;
  private final WarningLimit limit;

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
    this(out, new WarningLimit(limitPerMinute), clock, uncapturedSiteNote, writtenReport);
  }

  /** As above, with a limit shared with the other outputs of the warnings. */
  public ConsoleSink(PrintStream out, WarningLimit limit, LongSupplier clock,
      String uncapturedSiteNote, Supplier<String> writtenReport) {
    this.out = out;
    this.clock = clock;
    this.text = new FindingText(PREFIX, uncapturedSiteNote);
    this.writtenReport = writtenReport;
    this.limit = limit;
  }

  /** Prints a warning for {@code finding}, or counts it when the rate limit is reached. */
  @Override
  public void onNewFinding(Finding finding) {
    try {
      // One lock around decide-and-print keeps concurrent warnings whole and in order.
      synchronized (this) {
        long notShown = limit.show(clock.getAsLong());
        if (notShown != WarningLimit.HELD_BACK) {
          printWarning(notShown, finding);
        }
      }
    } catch (RuntimeException e) {
      // Ignored: a bad finding or a broken stream must not reach the detector or the application.
    }
  }

  /**
   * Prints a warning for {@code finding} that the limit let through, after a line saying {@code
   * notShown} warnings were held back before it (none when 0), as {@link WarningLimit#show} returned.
   * Never throws.
   */
  public void printWarning(long notShown, Finding finding) {
    try {
      synchronized (this) {
        StringBuilder warning = new StringBuilder(512);
        String line = WarningLimit.notShownLine(notShown);
        if (line != null) {
          warning.append(PREFIX).append(line).append('\n');
        }
        text.append(warning, finding);
        out.print(warning);
        out.flush();
      }
    } catch (RuntimeException e) {
      // Ignored, as in onNewFinding.
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
  public long notShown() {
    return limit.notShown();
  }

  private void appendNotShown(StringBuilder text) {
    String line = WarningLimit.notShownLine(limit.takeNotShown());
    if (line != null) {
      text.append(PREFIX).append(line).append('\n');
    }
  }
}
