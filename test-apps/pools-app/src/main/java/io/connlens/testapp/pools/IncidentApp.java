package io.connlens.testapp.pools;

import io.connlens.testapp.support.OrdersTable;
import io.connlens.testapp.support.ScenarioConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;

/**
 * A service in trouble that a responder attaches connlens to: started without the agent, it holds a
 * connection taken before the attach on a stuck worker thread:
 * {@code java io.connlens.testapp.pools.IncidentApp POOL SCENARIO JDBC_URL}.
 *
 * <p>Steps, each waiting (60 s at most) for a file the test creates in the working directory: prints
 * {@code READY} holding the first connection; on {@code attached}, {@code held-across-attach} takes
 * one more on the main thread, {@code exhausted-after-attach} has a report job pin three more (the
 * pool holds {@value PoolSettings#MAX_SIZE}); both print {@code HOLDING}. Then
 * {@code exhausted-after-attach} waits for {@code exhaust}, serves a request that needs two
 * connections, whose second borrow times out, and prints {@code EXHAUSTED}. On {@code release}
 * everything is closed, the pool too, and the app ends.
 */
public final class IncidentApp {
  private static final List<String> SCENARIOS = List.of("held-across-attach", "exhausted-after-attach");
  /** exhausted-after-attach: the connections the report job pins, so that with the stuck one the pool has one left. */
  private static final int PINNED_BY_REPORT = 3;
  /** exhausted-after-attach: how long a borrow from the full pool waits. */
  private static final int BORROW_TIMEOUT_MILLIS = 1000;
  private static final long STEP_MILLIS = 60_000;
  private static final long POLL_MILLIS = 20;

  private static Connection takenBeforeAttach;
  private static Connection takenAfterAttach;
  private static final List<Connection> PINNED = new java.util.concurrent.CopyOnWriteArrayList<>();

  private IncidentApp() {}

  public static void main(String[] args) throws Exception {
    PoolKind kind = args.length == 3 ? PoolKind.of(args[0]) : null;
    if (kind == null || !SCENARIOS.contains(args[1])) {
      ScenarioConsole.usage(IncidentApp.class.getName(), "POOL SCENARIO JDBC_URL", SCENARIOS,
          kind == null ? "unknown pool or missing arguments" : "unknown scenario");
    }
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    boolean exhaust = args[1].equals("exhausted-after-attach");
    String name = kind.named() ? PoolsApp.POOL_NAME : null;
    Pool pool = kind.open(exhaust
        ? new PoolSettings(args[2], name, false, PoolSettings.MAX_SIZE, BORROW_TIMEOUT_MILLIS)
        : new PoolSettings(args[2], name, false));
    DataSource dataSource = pool.dataSource();
    try (Connection connection = dataSource.getConnection()) {
      OrdersTable.create(connection);
    }
    CountDownLatch release = new CountDownLatch(1);
    Thread stuck = new Thread(() -> exportStuck(dataSource, release), "stuck-export");
    stuck.start();
    awaitTaken();
    ScenarioConsole.ready();

    awaitFile("attached");
    Thread reportJob = null;
    if (exhaust) {
      reportJob = new Thread(() -> pinForReport(dataSource, release), "report-job");
      reportJob.start();
      awaitPinned();
    } else {
      takeAfterAttach(dataSource);
    }
    System.out.println("HOLDING");
    System.out.flush();

    if (exhaust) {
      awaitFile("exhaust");
      try {
        handleRequest(dataSource);
        System.err.println("the request got both connections: the pool was not full");
        System.exit(3);
      } catch (SQLException expected) {
        System.out.println("the request's second borrow failed: " + expected.getMessage());
        System.out.println("EXHAUSTED");
        System.out.flush();
      }
    }

    awaitFile("release");
    release.countDown();
    stuck.join(STEP_MILLIS);
    if (reportJob != null) {
      reportJob.join(STEP_MILLIS);
    } else {
      takenAfterAttach.close();
    }
    pool.close();
    ScenarioConsole.done(args[1]);
  }

  /** The report job: pins connections for a slow report, one per region, until released. */
  private static void pinForReport(DataSource dataSource, CountDownLatch release) {
    try {
      for (int i = 0; i < PINNED_BY_REPORT; i++) {
        Connection connection = dataSource.getConnection(); // ACQUIRE:report-job
        OrdersTable.count(connection);
        PINNED.add(connection);
      }
      release.await();
      for (Connection connection : PINNED) {
        connection.close();
      }
    } catch (SQLException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A request that needs two connections at once: the second borrow waits for a pool that has none left. */
  private static void handleRequest(DataSource dataSource) throws SQLException {
    try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection()) { // ACQUIRE:request
      OrdersTable.count(first);
      OrdersTable.count(second);
    }
  }

  private static void awaitPinned() throws InterruptedException {
    long deadline = System.currentTimeMillis() + STEP_MILLIS;
    while (PINNED.size() < PINNED_BY_REPORT) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the report job pinned " + PINNED.size() + " connections");
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** The stuck worker: takes a connection, runs a query, and waits (a hung remote call) until released. */
  private static void exportStuck(DataSource dataSource, CountDownLatch release) {
    try {
      takenBeforeAttach = dataSource.getConnection(); // ACQUIRE:before-attach
      OrdersTable.count(takenBeforeAttach);
      release.await();
      takenBeforeAttach.close();
    } catch (SQLException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The connection taken once connlens runs: kept until released. */
  private static void takeAfterAttach(DataSource dataSource) throws SQLException {
    takenAfterAttach = dataSource.getConnection(); // ACQUIRE:after-attach
    OrdersTable.count(takenAfterAttach);
  }

  private static void awaitTaken() throws InterruptedException {
    long deadline = System.currentTimeMillis() + STEP_MILLIS;
    while (takenBeforeAttach == null) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the stuck worker took no connection");
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private static void awaitFile(String name) throws InterruptedException {
    long deadline = System.currentTimeMillis() + STEP_MILLIS;
    while (!Files.exists(Path.of(name))) {
      if (System.currentTimeMillis() > deadline) {
        System.err.println("no file '" + name + "' within " + STEP_MILLIS + " ms");
        System.exit(3);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
