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
 * connection taken before the attach on a stuck worker thread, and after the attach takes one more
 * that it keeps: {@code java io.connlens.testapp.pools.IncidentApp POOL held-across-attach JDBC_URL}.
 *
 * <p>Steps, each waiting (60 s at most) for a file the test creates in the working directory: prints
 * {@code READY} holding the first connection; on {@code attached}, takes the second and prints
 * {@code HOLDING}; on {@code release}, closes both and the pool, and ends.
 */
public final class IncidentApp {
  private static final List<String> SCENARIOS = List.of("held-across-attach");
  private static final long STEP_MILLIS = 60_000;
  private static final long POLL_MILLIS = 20;

  private static Connection takenBeforeAttach;
  private static Connection takenAfterAttach;

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
    Pool pool = kind.open(new PoolSettings(args[2], kind.named() ? PoolsApp.POOL_NAME : null, false));
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
    takeAfterAttach(dataSource);
    System.out.println("HOLDING");
    System.out.flush();

    awaitFile("release");
    release.countDown();
    stuck.join(STEP_MILLIS);
    takenAfterAttach.close();
    pool.close();
    ScenarioConsole.done(args[1]);
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
