package io.connlens.agent.runtime;

import io.connlens.agent.detection.IdleTransactionDetector;
import io.connlens.agent.detection.LeakDetector;
import io.connlens.agent.detection.StatementDetector;
import io.connlens.agent.detection.UnpooledConnectionDetector;
import io.connlens.agent.registry.StatementRecorder;
import io.connlens.bootstrap.ConnlensHooks;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one background thread, {@code connlens-detector}: scans the detectors every interval, hands a
 * snapshot of the pools to the sinks every second, runs the work kept off the start-up path, and does
 * the last scan at exit. Scans and the last scan never overlap. Its errors are counted, never thrown.
 */
public final class DetectionLoop {
  /** How often the pools are sampled and their snapshot goes to the sinks. */
  public static final long POOL_SNAPSHOT_MILLIS = 1000;

  private final LeakDetector leaks;
  private final IdleTransactionDetector idleTransactions;
  private final StatementDetector statementDetector;
  private final UnpooledConnectionDetector unpooled;
  private final StatementRecorder statements;
  private final Runnable poolSnapshot;
  private final Object scanning = new Object();
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "connlens-detector");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param statements the statement recorder, or {@code null} when statements are not tracked
   * @param poolSnapshot what runs every second: the pools' saturation, then their snapshot to the sinks
   */
  public DetectionLoop(LeakDetector leaks, IdleTransactionDetector idleTransactions,
      StatementDetector statementDetector, UnpooledConnectionDetector unpooled, StatementRecorder statements,
      Runnable poolSnapshot) {
    this.leaks = leaks;
    this.unpooled = unpooled;
    this.idleTransactions = idleTransactions;
    this.statementDetector = statementDetector;
    this.statements = statements;
    this.poolSnapshot = poolSnapshot;
  }

  /** Starts scanning, as often as the most demanding detector needs. */
  public void start() {
    long interval = Math.min(leaks.scanIntervalMillis(), idleTransactions.scanIntervalMillis());
    thread.scheduleWithFixedDelay(this::scan, interval, interval, TimeUnit.MILLISECONDS);
    thread.scheduleWithFixedDelay(guarded(poolSnapshot), POOL_SNAPSHOT_MILLIS, POOL_SNAPSHOT_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  /** Runs {@code task} on the loop's thread every {@code periodMillis}, from now on; errors counted. */
  public void every(long periodMillis, Runnable task) {
    thread.scheduleWithFixedDelay(guarded(task), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Runs {@code task} once on the loop's thread, soon: work kept off the application's start-up. */
  public void execute(Runnable task) {
    thread.execute(guarded(task));
  }

  /**
   * On the loop's thread, between scans: ends the query runs of the threads named {@code threadName}
   * (every thread for {@code null}), then records the query bursts waiting. Waits for it at most
   * {@code timeoutMillis}; returns whether it was done.
   */
  public boolean settle(String threadName, long timeoutMillis) {
    Runnable settle = () -> {
      synchronized (scanning) {
        if (statements != null) {
          step(() -> statements.endThreadRunsOf(threadName));
        }
        step(statementDetector::scan);
      }
    };
    try {
      thread.submit(settle).get(timeoutMillis, TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      return false; // the loop has stopped (the JVM exits), or is stuck behind a slow sink
    }
  }

  private void scan() {
    synchronized (scanning) {
      long now = System.nanoTime();
      // each step on its own: one that fails (counted) must not keep the others from their scan
      if (statements != null) {
        step(() -> statements.endThreadRuns(now, false));
      }
      step(statementDetector::scan);
      step(() -> idleTransactions.scan(now));
      step(() -> unpooled.scan(now));
      step(() -> leaks.scan(now));
    }
  }

  private static void step(Runnable step) {
    try {
      step.run();
    } catch (Throwable t) {
      ConnlensHooks.suppressed(t);
    }
  }

  /**
   * At exit: stops the thread and runs the last scan, which ends every open unit of work and reports
   * every lease still open.
   */
  public void finishAtExit() {
    thread.shutdownNow();
    synchronized (scanning) {
      long now = System.nanoTime();
      if (statements != null) {
        step(statements::endOpenUnits);
        step(() -> statements.endThreadRuns(now, true));
      }
      step(statementDetector::scan);
      step(() -> idleTransactions.scan(now));
      step(() -> unpooled.scan(now));
      step(() -> leaks.finishAtExit(now));
    }
  }

  /** {@code task}, with whatever it throws counted as suppressed (the loop's tasks, and work the application's threads run). */
  public static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (Throwable t) {
        ConnlensHooks.suppressed(t);
      }
    };
  }
}
