package io.connlens.agent.report;

import io.connlens.agent.detection.Finding;
import io.connlens.api.Severity;
import io.connlens.bootstrap.ConnlensHooks;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The sink of finding warnings: decides, per new finding, whether the shared {@link WarningLimit}
 * lets it be shown, then where it goes ({@link LogOutput}, {@code log.output}): standard error (the
 * {@link ConsoleSink}), the application's SLF4J once connlens has found it ready, or {@code
 * System.Logger}. A warning shown on two outputs counts once against the limit.
 *
 * <p>A finding can be raised on the application's thread (a failed borrow), and an application's log
 * may block or load classes, so the output is chosen and written on the agent's own thread ({@code
 * agentThread}); when that thread has stopped (the JVM is exiting), the warning is printed on
 * standard error at once, and the exit prints there those the thread had not got to. With {@code log.output=stderr} nothing changes thread: it is printed as it
 * always was. The exit summary stays on standard error: the application's logging may already be
 * shut down by then.
 */
public final class FindingWarnings implements Sink {
  private final LogOutput output;
  private final ConsoleSink console;
  private final WarningLimit limit;
  private final LongSupplier clock;
  private final FindingText text;
  private final Executor agentThread;
  private final Supplier<FindingLog> systemLogger;
  private final BooleanSupplier exiting;
  // the warnings decided on but not yet written: the agent's thread writes them, or the exit prints them
  private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
  private volatile FindingLog slf4j;
  private FindingLog systemLog; // created on first use, on the agent's thread

  /**
   * @param output where warnings go ({@code log.output})
   * @param console standard error, or {@code null} when {@code console=false}: then nothing is printed
   *     there, whatever {@code output} says
   * @param limit the rate limit, shared with {@code console}
   * @param clock epoch milliseconds
   * @param uncapturedSiteNote as {@link FindingText} takes it
   * @param agentThread runs the writes to the application's log, in order, on the agent's thread
   * @param systemLogger {@code System.Logger} as a {@link FindingLog}, asked for the first time a
   *     warning goes there
   * @param exiting whether the JVM has begun to shut down ({@link io.connlens.agent.jvm.JvmShutdown#inProgress()} in production): the
   *     application's logging is being shut down by its own hooks then (java.util.logging's, Spring
   *     Boot's), and would drop the warning without a word, so it goes to standard error
   */
  public FindingWarnings(LogOutput output, ConsoleSink console, WarningLimit limit, LongSupplier clock,
      String uncapturedSiteNote, Executor agentThread, Supplier<FindingLog> systemLogger,
      BooleanSupplier exiting) {
    this.output = output;
    this.console = console;
    this.limit = limit;
    this.clock = clock;
    this.text = new FindingText("", uncapturedSiteNote);
    this.agentThread = agentThread;
    this.systemLogger = systemLogger;
    this.exiting = exiting;
  }

  /**
   * The application's SLF4J was found ({@code Slf4jExport}): warnings go there from the first time
   * it is {@linkplain FindingLog#ready() ready}, if {@code log.output} sends them there.
   */
  public void slf4jFound(FindingLog log) {
    slf4j = log;
  }

  @Override
  public void onNewFinding(Finding finding) {
    try {
      if (output == LogOutput.STDERR && console == null) {
        return;
      }
      long notShown = limit.show(clock.getAsLong());
      if (notShown == WarningLimit.HELD_BACK) {
        return;
      }
      if (output == LogOutput.STDERR) {
        console.printWarning(notShown, finding); // on the caller's thread, as before log.output existed
        return;
      }
      pending.add(new Pending(finding, notShown));
      try {
        agentThread.execute(this::deliverPending);
      } catch (RejectedExecutionException e) {
        // the agent's thread has stopped: the JVM is exiting, and standard error is all that is left
        printPendingOnStderr();
      }
    } catch (RuntimeException e) {
      ConnlensHooks.suppressed(e); // a sink never throws into the detector or the application
    }
  }

  /** Writes the warnings waiting for the agent's thread to their outputs, in order. */
  private void deliverPending() {
    for (Pending p = pending.poll(); p != null; p = pending.poll()) {
      deliver(p.finding, p.notShown);
    }
  }

  /** At exit, or once the agent's thread has stopped: the warnings still waiting go to standard error. */
  private void printPendingOnStderr() {
    for (Pending p = pending.poll(); p != null; p = pending.poll()) {
      if (console != null) {
        console.printWarning(p.notShown, p.finding);
      }
    }
  }

  /**
   * Writes the warning to its outputs, each after the count of those held back before it; on the
   * agent's thread.
   */
  private void deliver(Finding finding, long notShown) {
    if (exiting.getAsBoolean()) {
      if (console != null) {
        console.printWarning(notShown, finding);
      }
      return;
    }
    FindingLog log = output.toSlf4j() ? slf4jIfReady() : null;
    boolean stderr = console != null && output.toStderr(log != null);
    if (log == null && output.toSystemLoggerWithoutSlf4j()) {
      log = systemLog();
    }
    if (log != null) {
      String line = WarningLimit.notShownLine(notShown);
      if (line != null) {
        log.log(FindingLog.LOGGER_PREFIX, Severity.WARNING, line);
      }
      log.log(FindingLog.LOGGER_PREFIX + "." + finding.type().name(), finding.severity(), text.of(finding));
    }
    if (stderr) {
      console.printWarning(notShown, finding);
    }
  }

  private FindingLog slf4jIfReady() {
    FindingLog log = slf4j;
    try {
      return log != null && log.ready() ? log : null;
    } catch (RuntimeException | LinkageError e) {
      ConnlensHooks.suppressed(e);
      slf4j = null; // a broken bridge is not asked again: standard error goes on
      return null;
    }
  }

  private FindingLog systemLog() {
    if (systemLog == null) {
      systemLog = systemLogger.get();
    }
    return systemLog;
  }

  /**
   * The warnings not yet written (the agent's thread stopped before it got to them) then the exit
   * summary, on standard error unless {@code console=false}: by now the application's logging may be
   * shut down (Spring Boot stops Logback in a shutdown hook, and connlens waits for those).
   */
  @Override
  public void onExit(ReportSnapshot snapshot) {
    printPendingOnStderr();
    if (console != null) {
      console.onExit(snapshot);
    }
  }

  /** A warning the limit let through, with the count of those it held back before it. */
  private static final class Pending {
    final Finding finding;
    final long notShown;

    Pending(Finding finding, long notShown) {
      this.finding = finding;
      this.notShown = notShown;
    }
  }
}
