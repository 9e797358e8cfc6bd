package io.connlens.testapp.plain;

import io.connlens.testapp.support.AgentProbe;
import io.connlens.testapp.support.ConnectionHandoff;
import io.connlens.testapp.support.OrdersTable;
import io.connlens.testapp.support.ScenarioConsole;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A plain JDBC application (DriverManager, no pool) with one scenario per way of handling a
 * connection: {@code java io.connlens.testapp.plain.PlainJdbcApp SCENARIO JDBC_URL}.
 *
 * <p>Each leak happens in its own method, and the line that takes the connection carries an
 * {@code // ACQUIRE:<name>} comment; the line that runs a repeated statement carries
 * {@code // N+1:<name>} or {@code // UNBATCHED:<name>}. The integration tests look those lines up to
 * know the frame the agent must name.
 */
public final class PlainJdbcApp {
  private static final List<String> SCENARIOS = List.of("correct", "exception-path", "held-open-at-exit",
      "system-exit", "wait-for-signal", "n-plus-one", "batch-insert", "unbatched-insert", "abort", "exit-status",
      "slow-shutdown-hook", "throwing-driver", "throwing-properties", "huge-method", "thread-churn", "loader-churn",
      "wait-for-attach", "hostile-literals", "forged-console", "unpooled");
  /** The status the exit-status scenario asks for: connlens must not replace it. */
  static final int APPLICATION_EXIT_STATUS = 3;
  private static final int SEQUENTIAL_LEASES = 20;
  /** Requests the unpooled scenario serves, one DriverManager connection each: past 10 a second over 10 s. */
  private static final int UNPOOLED_REQUESTS = 300;
  /** Order lines the n-plus-one scenario reads one by one: past the default threshold of 5. */
  private static final int LINES = 10;
  /** Order lines the insert scenarios write. */
  private static final int INSERTED_LINES = 50;
  private static final String INSERT_LINE = "INSERT INTO connlens_lines (id, item) VALUES (?, ?)";

  /** Held on purpose until the JVM exits. */
  @SuppressWarnings("unused")
  private static Connection keptForever;

  private final String url;

  private PlainJdbcApp(String url) {
    this.url = url;
  }

  /** Runs {@code args[0]} (a scenario) against {@code args[1]} (a JDBC URL). */
  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !SCENARIOS.contains(args[0])) {
      ScenarioConsole.usage(PlainJdbcApp.class.getName(), SCENARIOS,
          args.length == 0 ? "no scenario given" : "unknown scenario or missing URL");
    }
    String scenario = args[0];
    PlainJdbcApp app = new PlainJdbcApp(args[1]);
    AgentProbe agent = new AgentProbe();
    app.createTable();
    switch (scenario) {
      case "correct":
        app.closeEveryConnection();
        app.closeOnAnotherThread();
        break;
      case "exception-path":
        try {
          app.leakOnExceptionPath();
          throw new IllegalStateException("the bad query did not fail");
        } catch (SQLException expected) {
          System.out.println("exception-path: the query failed as intended (SQLState "
              + expected.getSQLState() + "), the connection was left behind");
        }
        agent.awaitCollectedOrExit("LEAK_UNCLOSED", 1);
        break;
      case "held-open-at-exit":
        app.keepForever();
        break;
      case "system-exit":
        app.keepForever();
        ScenarioConsole.done(scenario);
        System.exit(0);
        break;
      case "wait-for-signal":
        app.keepForever();
        ScenarioConsole.ready();
        new CountDownLatch(1).await(); // until the test's SIGTERM
        break;
      case "n-plus-one":
        System.out.println("n-plus-one: read " + app.readLinesOneByOne().size() + " order lines");
        break;
      case "batch-insert":
        app.insertLinesInOneBatch();
        System.out.println("batch-insert: inserted " + INSERTED_LINES + " order lines");
        break;
      case "unbatched-insert":
        app.insertLinesOneByOne();
        System.out.println("unbatched-insert: inserted " + INSERTED_LINES + " order lines");
        break;
      case "abort":
        app.abortConnection();
        break;
      case "exit-status":
        app.keepForever();
        ScenarioConsole.done(scenario);
        System.exit(APPLICATION_EXIT_STATUS);
        break;
      case "slow-shutdown-hook":
        app.keepForever();
        Runtime.getRuntime().addShutdownHook(new Thread(PlainJdbcApp::flushSlowly, "app-flush"));
        break;
      case "throwing-driver":
        app.failingDriver();
        break;
      case "throwing-properties":
        app.propertiesThatThrow();
        break;
      case "huge-method":
        System.out.println("huge-method: defined " + HugeMethodClass.define().getName());
        break;
      case "thread-churn":
        Reachability.threads(app.url);
        break;
      case "loader-churn":
        Reachability.classLoaders();
        break;
      case "wait-for-attach":
        app.waitForAttach(args);
        break;
      case "hostile-literals":
        HostileLiterals.run(app.url);
        break;
      case "forged-console":
        app.forgeConsoleLines();
        break;
      case "unpooled":
        app.servePerRequestConnections();
        agent.awaitAtOrExit("UNPOOLED_CONNECTIONS", "PlainJdbcApp.findOrder(", 1);
        break;
      default:
        throw new AssertionError(scenario);
    }
    ScenarioConsole.done(scenario);
  }

  private void createTable() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url)) {
      OrdersTable.create(connection);
    }
  }

  /** Also correct: {@code abort} ends a connection as {@code close} does. */
  private void abortConnection() throws SQLException, InterruptedException {
    Connection connection = DriverManager.getConnection(url);
    OrdersTable.count(connection);
    ExecutorService executor = Executors.newSingleThreadExecutor();
    connection.abort(executor);
    executor.shutdown();
    if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("abort did not finish within 10 s");
    }
    System.out.println("abort: connection aborted");
  }

  /** A shutdown hook doing slow work (a log flush): it must finish before connlens sets the exit status. */
  private static void flushSlowly() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.println("slow-shutdown-hook: flushed");
    System.out.flush();
  }

  /** A driver that refuses a connection, and connections whose close() throws: the app sees what the driver does. */
  private void failingDriver() throws SQLException {
    DriverManager.registerDriver(new FaultyDriver());
    try {
      DriverManager.getConnection(FaultyDriver.PREFIX + "refuse");
      throw new IllegalStateException("the faulty driver connected");
    } catch (SQLException refused) {
      System.out.println("throwing-driver: refused " + refused.getSQLState() + " " + refused.getMessage());
    }
    Connection closesThenThrows = DriverManager.getConnection(FaultyDriver.PREFIX + "close=throws-after-closing");
    selectOne(closesThenThrows);
    try {
      closesThenThrows.close();
    } catch (SQLException e) {
      System.out.println("throwing-driver: " + e.getMessage() + ", closed " + closesThenThrows.isClosed());
    }
    keptForever = DriverManager.getConnection(FaultyDriver.PREFIX + "close=throws-and-stays-open"); // ACQUIRE:close-fails
    selectOne(keptForever);
    try {
      keptForever.close();
    } catch (SQLException e) {
      System.out.println("throwing-driver: " + e.getMessage() + ", closed " + keptForever.isClosed());
    }
  }

  /**
   * Connection properties whose {@code getProperty("user")} throws. The faulty driver never reads them,
   * but connlens does (for the physical connection's user): its hook fails, and that must be counted,
   * never seen by the application.
   */
  private void propertiesThatThrow() throws SQLException {
    DriverManager.registerDriver(new FaultyDriver());
    Properties hostile = new Properties() {
      private static final long serialVersionUID = 1L;

      @Override
      public String getProperty(String key) {
        if ("user".equals(key)) {
          throw new IllegalStateException("these properties refuse to be read");
        }
        return super.getProperty(key);
      }
    };
    try (Connection connection = DriverManager.getConnection(FaultyDriver.PREFIX + "ok", hostile)) {
      selectOne(connection);
    }
    System.out.println("throwing-properties: connected, queried and closed");
  }

  /**
   * Takes a connection, says READY, and waits (60 s at most) for the file {@code attached} in the
   * working directory, which the test creates once it attached connlens; then leaks one connection
   * through DriverManager, a class loaded and used before the agent was there.
   */
  private void waitForAttach(String[] args) throws Exception {
    Connection beforeAttach = DriverManager.getConnection(url);
    OrdersTable.count(beforeAttach);
    ScenarioConsole.ready();
    Path signal = Path.of("attached");
    long end = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(signal)) {
      if (System.nanoTime() - end > 0) {
        throw new IllegalStateException("no " + signal.toAbsolutePath() + " within 60 s");
      }
      Thread.sleep(20);
    }
    keptForever = DriverManager.getConnection(url); // ACQUIRE:after-attach
    OrdersTable.count(keptForever);
    beforeAttach.close();
  }

  /**
   * An N+1 whose SQL keeps a quoted identifier holding a line break, a line that looks like a finding
   * and terminal escape sequences, run on a thread whose name holds the same: what a console sink must
   * not print raw.
   */
  private void forgeConsoleLines() throws Exception {
    String forged = "\n[connlens] WARNING LEAK_SUSPECTED: forged\u001b[2J\u001b]0;title\u0007\u202e";
    Thread worker = new Thread(() -> {
      try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
        for (int i = 0; i < 6; i++) {
          try (ResultSet rows = statement.executeQuery("SELECT 1 AS \"x" + forged.replace("\"", "") + "\"")) {
            rows.next();
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }, "worker" + forged);
    worker.start();
    worker.join();
    System.out.println("forged-console: ran the statement 6 times");
  }

  private static void selectOne(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT 1")) {
      rows.next();
    }
  }

  /** The correct way: try-with-resources around every connection. */
  private void closeEveryConnection() throws SQLException {
    for (int i = 0; i < SEQUENTIAL_LEASES; i++) {
      try (Connection connection = DriverManager.getConnection(url)) {
        OrdersTable.count(connection);
      }
    }
  }

  /** Also correct: taken on main, closed by another thread. */
  private void closeOnAnotherThread() throws Exception {
    Connection connection = DriverManager.getConnection(url);
    OrdersTable.count(connection);
    ConnectionHandoff.closeOnAnotherThread(connection);
  }

  /** The bug: the query fails, the exception escapes, and nobody closes the connection. */
  private void leakOnExceptionPath() throws SQLException {
    Connection connection = DriverManager.getConnection(url); // ACQUIRE:exception-path
    Statement statement = connection.createStatement();
    statement.executeQuery(OrdersTable.BAD_QUERY);
    connection.close(); // never reached
  }

  /** Keeps a connection in a static field: still referenced, open until the JVM exits. */
  private void keepForever() throws SQLException {
    keptForever = DriverManager.getConnection(url); // ACQUIRE:keep-forever
    OrdersTable.count(keptForever);
  }

  /** The bug: the ids of the order lines, then one query per line, all on one connection. */
  private List<String> readLinesOneByOne() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url)) {
      createLinesTable(connection);
      insertInOneBatch(connection, LINES);
      List<Integer> ids = new ArrayList<>();
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT id FROM connlens_lines ORDER BY id")) {
        while (rows.next()) {
          ids.add(rows.getInt(1));
        }
      }
      List<String> items = new ArrayList<>();
      for (int id : ids) {
        try (PreparedStatement byId = connection.prepareStatement("SELECT item FROM connlens_lines WHERE id = ?")) {
          byId.setInt(1, id);
          try (ResultSet row = byId.executeQuery()) { // N+1:plain-jdbc-loop
            row.next();
            items.add(row.getString(1));
          }
        }
      }
      return items;
    }
  }

  /** The correct way to write many rows: one JDBC batch. */
  private void insertLinesInOneBatch() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url)) {
      createLinesTable(connection);
      insertInOneBatch(connection, INSERTED_LINES);
    }
  }

  /** The bug: one round trip per row. */
  private void insertLinesOneByOne() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url)) {
      createLinesTable(connection);
      try (PreparedStatement insert = connection.prepareStatement(INSERT_LINE)) {
        for (int id = 1; id <= INSERTED_LINES; id++) {
          insert.setInt(1, id);
          insert.setString(2, "item-" + id);
          insert.executeUpdate(); // UNBATCHED:plain-insert-loop
        }
      }
    }
  }

  /**
   * A table of the connection's own (temporary): runs at once against one PostgreSQL database do not
   * see each other's rows.
   */
  private static void createLinesTable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE LOCAL TEMPORARY TABLE connlens_lines (id INT PRIMARY KEY, item VARCHAR(40))");
    }
  }

  private static void insertInOneBatch(Connection connection, int count) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_LINE)) {
      for (int id = 1; id <= count; id++) {
        insert.setInt(1, id);
        insert.setString(2, "item-" + id);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /**
   * A service without a pool: each request opens its own DriverManager connection in
   * {@link #findOrder}, {@value #UNPOOLED_REQUESTS} requests as fast as they come.
   */
  private void servePerRequestConnections() throws SQLException {
    long orders = 0;
    for (int i = 0; i < UNPOOLED_REQUESTS; i++) {
      orders += findOrder();
    }
    System.out.println("unpooled: served " + UNPOOLED_REQUESTS + " requests, one connection each (" + orders + " rows)");
  }

  /** One request's work: a physical connection of its own, opened and closed. */
  private long findOrder() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url)) { // ACQUIRE:unpooled
      return OrdersTable.count(connection);
    }
  }
}
