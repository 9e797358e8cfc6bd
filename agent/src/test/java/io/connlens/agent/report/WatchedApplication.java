package io.connlens.agent.report;

import com.example.OrderController;
import com.example.OrderService;
import com.zaxxer.hikari.TestPool;
import io.connlens.agent.application.ApplicationPackages;
import io.connlens.agent.detection.FindingStore;
import io.connlens.agent.detection.IdleTransactionDetector;
import io.connlens.agent.detection.LeakDetector;
import io.connlens.agent.detection.StatementDetector;
import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.DataSourceInfo;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.registry.StackFrames;
import io.connlens.agent.registry.StatementRecorder;
import io.connlens.agent.sql.SqlFingerprintCache;
import io.connlens.agent.testing.Frames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The agent's own lease registry, statement recorder and detectors watching a small application:
 * a worker thread of a thread pool running {@link OrderController#get}, which runs the JDBC work in
 * {@link OrderService#export}. The findings the sink tests print are made by the code that makes
 * them in production (messages, holders, frames, normalized SQL), so the tests assert on what the
 * agent really prints, not on text a fixture made up.
 *
 * <p>Each scenario method runs in a registry of its own and scans it once, so it adds exactly the
 * findings it names to the store; scenarios from the same pool at the same site fold into one
 * finding, as repeated occurrences do. Time is simulated where the detectors take it as an argument
 * (the scan time, a hold time), so that no test waits for a threshold and every duration in a
 * message is exact.
 */
final class WatchedApplication implements AutoCloseable {
  static final Duration LEAK_THRESHOLD = Duration.ofSeconds(30);
  static final Duration IDLE_THRESHOLD = Duration.ofSeconds(10);
  static final int NPLUSONE_THRESHOLD = 5;
  /** Frames kept per site: the application's two, none of the test runner's. */
  static final int SITE_DEPTH = 2;
  /** The database of every pool unless {@link #pool} says otherwise, and DriverManager's. */
  static final String DATABASE = "jdbc:postgresql://127.0.0.1:5432/test";
  /** The worker's name, as a JDK thread pool names its first thread. */
  static final String WORKER = "pool-1-thread-1";
  /** How long a leaked connection has been held when the leak detector looks at it. */
  static final Duration LEAK_HELD = Duration.ofMillis(31_200);
  /** How many times the repeated query of {@link #nPlusOne} and {@link #unbatchedWrites} runs. */
  static final int REPEATS = 12;

  /** The site of the JDBC work, as the agent writes a site: OrderService.export, OrderController.get. */
  static final List<String> SITE = new StackFrames(ApplicationPackages.NONE, SITE_DEPTH).site(OrderController.<Throwable>get(Throwable::new)).frames();

  private final FindingStore store;
  private final SiteCapture.Mode capture;
  private final int siteDepth;
  private final ExecutorService pool;
  private final Thread worker;
  private final Map<String, TestPool> pools = new HashMap<>();
  // connections the application still holds: a dropped one would be garbage-collected and reported
  private final List<Object> held = new ArrayList<>();

  /** Every site captured, sites of {@link #SITE_DEPTH} frames, a worker named {@link #WORKER}. */
  WatchedApplication(FindingStore store) {
    this(store, SiteCapture.Mode.ALL, SITE_DEPTH, WORKER);
  }

  WatchedApplication(FindingStore store, SiteCapture.Mode capture, int siteDepth, String workerName) {
    this.store = store;
    this.capture = capture;
    this.siteDepth = siteDepth;
    this.pool = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, workerName);
      thread.setDaemon(true);
      return thread;
    });
    this.worker = onWorker(Thread::currentThread);
  }

  /** Names the database pool {@code name} serves ({@code null}: unknown to connlens). */
  WatchedApplication pool(String name, String jdbcUrl) {
    pools.put(name, new TestPool(name, jdbcUrl));
    return this;
  }

  /**
   * A connection from {@code pool} ({@code null}: DriverManager) taken in the export, used for
   * {@code statements}, and kept when the task ends: the worker goes back to waiting for tasks.
   * The leak detector looks {@link #LEAK_HELD} after it was taken: LEAK_SUSPECTED.
   */
  void leak(String pool, String... statements) {
    Watch watch = new Watch();
    Lease lease = onWorker(() -> OrderController.get(() -> watch.take(pool, statements)));
    awaitIdle(worker);
    watch.leaks.scan(lease.acquiredNanos() + LEAK_HELD.toNanos());
  }

  /** {@link #leak}, but the thread that took the connection has ended when the detector looks. */
  void leakFromEndedThread(String pool, String threadName) {
    Watch watch = new Watch();
    Lease[] lease = new Lease[1];
    Thread thread = new Thread(() -> lease[0] = OrderController.get(() -> watch.take(pool)), threadName);
    thread.start();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (thread.isAlive()) {
      throw new IllegalStateException(threadName + " did not end within 10 s");
    }
    watch.leaks.scan(lease[0].acquiredNanos() + LEAK_HELD.toNanos());
  }

  /**
   * {@link #leak}, then the connection is closed after all, {@code heldFor} after it was taken: the
   * suspected leak counts one returned, and a LONG_HOLD is found.
   */
  void leakThenReturn(String pool, Duration heldFor) {
    Watch watch = new Watch();
    Lease lease = onWorker(() -> OrderController.get(() -> watch.take(pool)));
    awaitIdle(worker);
    watch.leaks.scan(lease.acquiredNanos() + LEAK_HELD.toNanos());
    watch.close(lease, heldFor);
    watch.leaks.scan(lease.acquiredNanos() + heldFor.toNanos());
  }

  /** A connection from {@code pool} taken in the export and still open at exit, 5 s later. */
  void openAtExit(String pool) {
    Watch watch = new Watch();
    Lease lease = onWorker(() -> OrderController.get(() -> watch.take(pool)));
    watch.leaks.finishAtExit(lease.acquiredNanos() + Duration.ofSeconds(5).toNanos());
  }

  /** {@link #openAtExit(String)}, with the connection taken {@code levels} calls deep. */
  void openAtExitInSteps(String pool, int levels) {
    Watch watch = new Watch();
    Lease lease = onWorker(() -> OrderService.exportInSteps(levels, () -> watch.take(pool)));
    watch.leaks.finishAtExit(lease.acquiredNanos() + Duration.ofSeconds(5).toNanos());
  }

  /**
   * On one connection from {@code pool}: {@code source} once, then {@code repeated} {@link #REPEATS}
   * times (with its literals, as an application builds SQL); then the connection is closed. A
   * repeated SELECT is an N_PLUS_ONE, a repeated write UNBATCHED_WRITES.
   */
  void repeatedQuery(String pool, String source, String repeated) {
    Watch watch = new Watch();
    onWorker(() -> OrderController.get(() -> {
      Lease lease = watch.take(pool);
      if (source != null) {
        watch.execute(lease, source);
      }
      for (int i = 0; i < REPEATS; i++) {
        watch.execute(lease, repeated);
      }
      watch.close(lease, Duration.ofMillis(40));
      return lease;
    }));
    watch.statements.scan();
  }

  /** {@link #repeatedQuery}: the orders, then each one's customer. */
  void nPlusOne(String pool) {
    repeatedQuery(pool, "select * from orders where status = 'open'",
        "select * from customer where id = 42");
  }

  /** {@link #repeatedQuery}: one audit row after another. */
  void unbatchedWrites(String pool) {
    repeatedQuery(pool, null, "insert into audit (id, what) values (7, 'export')");
  }

  /**
   * A connection from {@code pool} with auto-commit off runs {@code update}, and the task ends
   * without commit: looked at 12 s after the update, IDLE_IN_TRANSACTION.
   */
  void idleTransaction(String pool, String update) {
    Watch watch = new Watch();
    Lease lease = onWorker(() -> OrderController.get(() -> {
      Lease taken = watch.take(pool);
      watch.recorder.transaction(watch.connections.get(taken), true, false);
      watch.execute(taken, update);
      return taken;
    }));
    awaitIdle(worker);
    watch.idle.scan(lease.lastActivityNanos() + Duration.ofSeconds(12).toNanos());
  }

  /** {@link #idleTransaction(String, String)} with a money transfer's first half. */
  void idleTransaction(String pool) {
    idleTransaction(pool, "update account set balance = balance - 10 where id = 7");
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  /** One registry with the agent's recorder and detectors, wired as the agent wires them. */
  private final class Watch {
    final StackFrames frames = new StackFrames(ApplicationPackages.NONE, siteDepth);
    final LeaseRegistry registry =
        new LeaseRegistry(new SiteCapture(capture, 1 << 20), frames, Modules.pools(), System::currentTimeMillis);
    final StatementRecorder recorder = new StatementRecorder(
        registry, new SqlFingerprintCache(), NPLUSONE_THRESHOLD, frames, statement -> Boolean.TRUE);
    final LeakDetector leaks = new LeakDetector(registry, store, LEAK_THRESHOLD.toNanos(), Frames.HOLDERS);
    final StatementDetector statements = new StatementDetector(store);
    final IdleTransactionDetector idle =
        new IdleTransactionDetector(registry, store, IDLE_THRESHOLD.toNanos(), Frames.HOLDERS);
    final Map<Lease, Object> connections = new HashMap<>();

    Watch() {
      recorder.addListener(statements);
      // the leak detector hears of closes from close(Lease, Duration), with the simulated hold
      registry.addListener(recorder);
    }

    /** Takes a connection on this thread, as the agent's acquire advice opens a lease. */
    Lease take(String poolName, String... statementsRun) {
      Object connection = new Object();
      held.add(connection);
      DataSourceInfo source = source(poolName);
      Lease lease = registry.open(connection, source, poolName == null ? DATABASE : null,
          Thread.currentThread());
      connections.put(lease, connection);
      for (String sql : statementsRun) {
        execute(lease, sql);
      }
      return lease;
    }

    void execute(Lease lease, String sql) {
      Object statement = new Object();
      recorder.created(connections.get(lease), sql, statement);
      recorder.executed(statement, null, false);
    }

    /** Closes the lease, telling the leak detector it was held {@code heldFor}. */
    void close(Lease lease, Duration heldFor) {
      registry.close(connections.get(lease));
      leaks.onClosed(lease, heldFor.toNanos());
    }

    private DataSourceInfo source(String poolName) {
      if (poolName == null) {
        return DataSourceInfo.DRIVER_MANAGER;
      }
      TestPool testPool = pools.computeIfAbsent(poolName, name -> new TestPool(name, DATABASE));
      DataSourceInfo source = registry.source(testPool);
      source.resolveName(testPool);
      return source;
    }
  }

  private <T> T onWorker(Supplier<T> task) {
    try {
      return pool.submit(task::get).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the worker's task failed", e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException("the worker's task did not end within 10 s", e);
    }
  }

  /** Waits until {@code thread} is parked in its pool, waiting for its next task. */
  private static void awaitIdle(Thread thread) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!isWaitingForATask(thread)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(thread.getName() + " did not go idle within 10 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  private static boolean isWaitingForATask(Thread thread) {
    Thread.State state = thread.getState();
    if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
      return false;
    }
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getMethodName().equals("getTask")) {
        return true;
      }
    }
    return false;
  }
}
