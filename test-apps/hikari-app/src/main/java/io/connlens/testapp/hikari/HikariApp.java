package io.connlens.testapp.hikari;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.connlens.testapp.support.AgentProbe;
import io.connlens.testapp.support.ConnectionHandoff;
import io.connlens.testapp.support.OrdersTable;
import io.connlens.testapp.support.ScenarioConsole;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application on a HikariCP pool named {@value #POOL_NAME}, with one scenario per way of handling
 * a pooled connection: {@code java io.connlens.testapp.hikari.HikariApp SCENARIO JDBC_URL}. It is
 * compiled against HikariCP 5 and uses only API that HikariCP 7 keeps, so either jar can be on the
 * class path.
 *
 * <p>Each leak happens in its own method, and the line that takes the connection carries an
 * {@code // ACQUIRE:<name>} comment: the integration tests look that line up to know the acquire
 * site the agent must name.
 */
public final class HikariApp {
  /** The pool name every scenario uses. */
  public static final String POOL_NAME = "orders-pool";

  private static final List<String> SCENARIOS = List.of("correct", "exception-path",
      "dropped-reference", "async-leak", "long-hold", "repeated-leak", "demo", "server-restart", "sizing");
  /** server-restart: borrows before and after the server ends every connection of the pool. */
  static final int RESTART_BORROWS = 50;
  private static final int POOL_SIZE = 5;
  /** repeated-leak leaks this many connections: the pool needs room for all of them. */
  private static final int REPEATED_LEAKS = 30;
  private static final int REPEATED_LEAK_POOL_SIZE = 40;
  private static final int BORROWS = 50;
  /** sizing: the pool's size, and the threads that hold one of its connections at once, round after round. */
  private static final int SIZING_POOL_SIZE = 10;
  private static final int SIZING_THREADS = 3;
  private static final int SIZING_ROUNDS = 50;
  /** sizing: the pool of one on which a borrow waits for another's return. */
  static final String TIGHT_POOL_NAME = "tight-pool";
  /** What the acquire sites of the timed scenarios start with: their waits count only their own findings. */
  private static final String EXPORT_SITE = "HikariApp.exportAsync(";
  private static final String SLOW_CALL_SITE = "HikariApp.holdAcrossSlowCall(";

  /** Connections the export tasks took and kept: still referenced, never closed. */
  private static final List<Connection> EXPORT_CONNECTIONS =
      Collections.synchronizedList(new ArrayList<>());

  private final HikariDataSource pool;
  private final AgentProbe agent = new AgentProbe();

  private HikariApp(HikariDataSource pool) {
    this.pool = pool;
  }

  /** Runs {@code args[0]} (a scenario) against {@code args[1]} (a JDBC URL). */
  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !SCENARIOS.contains(args[0])) {
      ScenarioConsole.usage(HikariApp.class.getName(), SCENARIOS,
          args.length == 0 ? "no scenario given" : "unknown scenario or missing URL");
    }
    // HikariCP's INFO lines would bury the agent's console warnings
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    String scenario = args[0];
    int poolSize = scenario.equals("repeated-leak") ? REPEATED_LEAK_POOL_SIZE : POOL_SIZE;
    HikariApp app = new HikariApp(scenario.equals("sizing")
        ? openPool(args[1], POOL_NAME, SIZING_POOL_SIZE, SIZING_POOL_SIZE) : openPool(args[1], poolSize));
    app.createTable();
    switch (scenario) {
      case "correct":
        app.runCorrectCode();
        app.pool.close();
        break;
      case "exception-path":
        app.exceptionPath();
        break;
      case "dropped-reference":
        app.droppedReference();
        break;
      case "async-leak":
        app.asyncLeak();
        break; // no close: the export connection is still open at exit
      case "long-hold":
        app.longHold();
        app.pool.close();
        break;
      case "repeated-leak":
        app.repeatedLeak();
        break;
      case "demo":
        app.demo();
        break;
      case "sizing":
        app.sizing(args[1]);
        break; // the pools stay open: their idle connections still hold server slots at exit
      case "server-restart":
        app.serverRestart(args[1]);
        app.pool.close();
        break;
      default:
        throw new AssertionError(scenario);
    }
    ScenarioConsole.done(scenario);
  }

  private static HikariDataSource openPool(String url, int maximumPoolSize) {
    return openPool(url, POOL_NAME, maximumPoolSize, Math.min(maximumPoolSize, POOL_SIZE));
  }

  private static HikariDataSource openPool(String url, String name, int maximumPoolSize, int minimumIdle) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    if (url.startsWith("jdbc:postgresql:")) {
      config.addDataSourceProperty("ApplicationName", applicationName());
    }
    config.setPoolName(name);
    config.setMaximumPoolSize(maximumPoolSize);
    config.setMinimumIdle(minimumIdle);
    config.setConnectionTimeout(5000);
    return new HikariDataSource(config);
  }

  /**
   * PostgreSQL only: {@value #RESTART_BORROWS} borrows, then the server ends every connection of this
   * pool (pg_terminate_backend, what a restart or a failover does to them; the pool is found by its
   * application_name), then {@value #RESTART_BORROWS} more. Queries on dead connections fail, the pool
   * replaces them, and every borrow is closed: the agent must count each lease exactly once.
   */
  private void serverRestart(String url) throws Exception {
    int failed = borrowCounting(RESTART_BORROWS);
    // from another thread, as the restart comes from outside the application's own work
    ExecutorService operator = Executors.newSingleThreadExecutor(named("operator-", false));
    int terminated;
    try {
      terminated = operator.submit(() -> terminatePoolConnections(url)).get();
    } finally {
      operator.shutdown();
    }
    failed += borrowCounting(RESTART_BORROWS);
    System.out.println("server-restart: the server ended " + (terminated > 0 ? "the pool's" : "no") + " connections; "
        + (2 * RESTART_BORROWS) + " borrows, every one closed, " + (failed > 0 ? "some" : "none") + " failed");
  }

  private static int terminatePoolConnections(String url) throws SQLException {
    try (Connection admin = java.sql.DriverManager.getConnection(url);
        java.sql.PreparedStatement kill = admin.prepareStatement(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")) {
      kill.setString(1, applicationName());
      try (java.sql.ResultSet rows = kill.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  /** Borrows {@code n} times, each closed whatever its query did; returns how many queries failed. */
  private int borrowCounting(int n) {
    int failed = 0;
    for (int i = 0; i < n; i++) {
      try (Connection connection = pool.getConnection()) {
        OrdersTable.count(connection);
      } catch (SQLException deadConnection) {
        failed++;
      }
    }
    return failed;
  }

  /** The PostgreSQL application_name of this run's pool: unique per JVM, so runs at once do not touch each other. */
  private static String applicationName() {
    return "connlens-restart-" + ProcessHandle.current().pid();
  }

  private void createTable() throws SQLException {
    try (Connection connection = pool.getConnection()) {
      OrdersTable.create(connection);
    }
  }

  /** Every way of giving a connection back that is correct: none of them is a finding. */
  private void runCorrectCode() throws Exception {
    borrowAndReturn();
    closeOnAnotherThread();
    borrowOnExecutor();
  }

  private void borrowAndReturn() throws SQLException {
    for (int i = 0; i < BORROWS; i++) {
      try (Connection connection = pool.getConnection()) {
        OrdersTable.count(connection);
      }
    }
  }

  /** Borrowed on main, handed to another thread that closes it. */
  private void closeOnAnotherThread() throws Exception {
    Connection connection = pool.getConnection();
    OrdersTable.count(connection);
    ConnectionHandoff.closeOnAnotherThread(connection);
  }

  /** A task on an executor that borrows and closes. */
  private void borrowOnExecutor() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor(named("report-worker-", false));
    try {
      executor.submit(() -> {
        try (Connection connection = pool.getConnection()) {
          return OrdersTable.count(connection);
        }
      }).get();
    } finally {
      executor.shutdown();
    }
  }

  private void exceptionPath() {
    long before = agent.occurrences("LEAK_UNCLOSED");
    try {
      leakOnExceptionPath();
      throw new IllegalStateException("the bad query did not fail");
    } catch (SQLException expected) {
      System.out.println("exception-path: the query failed as intended (SQLState "
          + expected.getSQLState() + "), the connection was left behind");
    }
    agent.awaitOrExit("LEAK_UNCLOSED", before + 1, System::gc);
  }

  /** The bug: the query fails, the exception escapes, and nobody closes the connection. */
  private void leakOnExceptionPath() throws SQLException {
    Connection connection = pool.getConnection(); // ACQUIRE:exception-path
    Statement statement = connection.createStatement();
    statement.executeQuery(OrdersTable.BAD_QUERY);
    connection.close(); // never reached
  }

  private void droppedReference() throws SQLException {
    long before = agent.occurrences("LEAK_UNCLOSED");
    forgetToClose();
    agent.awaitOrExit("LEAK_UNCLOSED", before + 1, System::gc);
  }

  /** The bug: borrows, uses, returns without closing; the reference is dropped. */
  private void forgetToClose() throws SQLException {
    Connection connection = pool.getConnection(); // ACQUIRE:dropped-reference
    OrdersTable.count(connection);
  }

  /**
   * An export task on a worker thread keeps its connection; the task ends and the worker goes idle
   * in its pool. The workers are daemon threads so the JVM still exits.
   */
  private void asyncLeak() throws Exception {
    long before = agent.occurrences("LEAK_SUSPECTED", EXPORT_SITE);
    ExecutorService exporters = Executors.newFixedThreadPool(2, named("export-worker-", true));
    exporters.submit(() -> {
      exportAsync();
      return null;
    }).get();
    agent.awaitAtOrExit("LEAK_SUSPECTED", EXPORT_SITE, before + 1);
  }

  /** The bug: the connection is stored (still referenced) and never closed. */
  private void exportAsync() throws SQLException {
    Connection connection = pool.getConnection(); // ACQUIRE:async-leak
    OrdersTable.count(connection);
    EXPORT_CONNECTIONS.add(connection);
  }

  private void longHold() throws SQLException {
    long before = agent.occurrences("LONG_HOLD", SLOW_CALL_SITE);
    holdAcrossSlowCall();
    agent.awaitAtOrExit("LONG_HOLD", SLOW_CALL_SITE, before + 1);
  }

  /** Holds a connection across a slow remote call (simulated by waiting for the agent), then closes it. */
  private void holdAcrossSlowCall() throws SQLException {
    long before = agent.occurrences("LEAK_SUSPECTED", SLOW_CALL_SITE);
    try (Connection connection = pool.getConnection()) { // ACQUIRE:long-hold
      OrdersTable.count(connection);
      agent.awaitAtOrExit("LEAK_SUSPECTED", SLOW_CALL_SITE, before + 1); // the slow remote call
    }
  }

  private void repeatedLeak() throws SQLException {
    // as in production, the first leak is found (garbage-collected) before the next requests come:
    // with the default sampled site capture, the pool then captures every lease's site
    long before = agent.occurrences("LEAK_UNCLOSED");
    for (int i = 0; i < REPEATED_LEAKS; i++) {
      handleRequest(); // one call site for all, so that the captured sites are equal
      if (i == 0) {
        agent.awaitOrExit("LEAK_UNCLOSED", before + 1, System::gc);
      }
    }
    agent.awaitOrExit("LEAK_UNCLOSED", before + REPEATED_LEAKS, System::gc);
  }

  /** A request handler with a leak: every call drops a connection without closing it. */
  private void handleRequest() throws SQLException {
    Connection connection = pool.getConnection(); // ACQUIRE:repeated-leak
    OrdersTable.count(connection);
  }

  private void demo() throws Exception {
    System.out.println("demo: " + BORROWS + " requests borrow and return a connection correctly,"
        + " one hands its connection to another thread to close, one runs on an executor");
    runCorrectCode();
    System.out.println("demo: an export task on a worker thread takes a connection and keeps it;"
        + " the worker goes idle (watch for LEAK_SUSPECTED)");
    asyncLeak();
    System.out.println("demo: a request holds its connection across a slow remote call, then closes"
        + " it (LEAK_SUSPECTED, then LONG_HOLD)");
    longHold();
    System.out.println("demo: a request forgets to close its connection and drops the reference"
        + " (LEAK_UNCLOSED once it is garbage-collected)");
    droppedReference();
    System.out.println("demo: done; the export task's connection is still open at exit"
        + " (OPEN_AT_EXIT). The report lists every finding with the line that took the connection.");
  }

  private static ThreadFactory named(String prefix, boolean daemon) {
    AtomicInteger next = new AtomicInteger(1);
    return task -> {
      Thread thread = new Thread(task, prefix + next.getAndIncrement());
      thread.setDaemon(daemon);
      return thread;
    };
  }

  /**
   * Pool sizing: once the pool of {@value #SIZING_POOL_SIZE} holds all its connections,
   * {@value #SIZING_THREADS} threads each hold one at once, {@value #SIZING_ROUNDS} rounds; the pool
   * never needs more than 3. Then, on a pool of one, a borrow waits until another thread returns the
   * connection: a wait the agent must count.
   */
  private void sizing(String url) throws Exception {
    awaitCondition("the pool holds " + SIZING_POOL_SIZE + " connections",
        () -> pool.getHikariPoolMXBean().getTotalConnections() >= SIZING_POOL_SIZE);
    java.util.concurrent.CyclicBarrier allHold = new java.util.concurrent.CyclicBarrier(SIZING_THREADS);
    ExecutorService workers = Executors.newFixedThreadPool(SIZING_THREADS, named("sizing-worker-", false));
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int t = 0; t < SIZING_THREADS; t++) {
        done.add(workers.submit(() -> {
          for (int round = 0; round < SIZING_ROUNDS; round++) {
            try (Connection connection = pool.getConnection()) {
              allHold.await(); // all three hold a connection now
              OrdersTable.count(connection);
            }
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } finally {
      workers.shutdown();
    }
    HikariDataSource tight = openPool(url, TIGHT_POOL_NAME, 1, 1);
    Connection held = tight.getConnection();
    ExecutorService waiter = Executors.newSingleThreadExecutor(named("sizing-waiter-", false));
    try {
      java.util.concurrent.Future<Long> waited = waiter.submit(() -> {
        try (Connection connection = tight.getConnection()) { // waits for the held one
          return OrdersTable.count(connection);
        }
      });
      awaitCondition("a thread waits for the tight pool",
          () -> tight.getHikariPoolMXBean().getThreadsAwaitingConnection() >= 1);
      long until = System.nanoTime() + 5_000_000L;
      while (System.nanoTime() - until < 0) {
        Thread.onSpinWait(); // keep it waiting past the agent's 1 ms threshold
      }
      held.close();
      waited.get();
    } finally {
      waiter.shutdown();
    }
    System.out.println("sizing: " + SIZING_THREADS + " threads held connections at once, " + SIZING_ROUNDS
        + " rounds; one borrow waited on " + TIGHT_POOL_NAME);
  }

  /** Polls {@code condition} every 10 ms until it holds; exits with the await status at the default deadline. */
  private static void awaitCondition(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + AgentProbe.defaultDeadline().toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end >= 0) {
        System.err.println("AWAIT FAILED " + what);
        System.exit(AgentProbe.AWAIT_FAILED_EXIT_STATUS);
      }
      Thread.sleep(10);
    }
  }
}
