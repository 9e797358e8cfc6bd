package io.connlens.testapp.plain;

import io.connlens.testapp.support.AgentProbe;
import io.connlens.testapp.support.ConnectionHandoff;
import io.connlens.testapp.support.OrdersTable;
import io.connlens.testapp.support.ScenarioConsole;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A plain JDBC application (DriverManager, no pool) with one scenario per way of handling a
 * connection: {@code java io.connlens.testapp.plain.PlainJdbcApp SCENARIO JDBC_URL}.
 *
 * <p>Each leak happens in its own method, and the line that takes the connection carries an
 * {@code // ACQUIRE:<name>} comment: the integration tests look that line up to know the acquire
 * site the agent must name.
 */
public final class PlainJdbcApp {
  private static final List<String> SCENARIOS =
      List.of("correct", "exception-path", "held-open-at-exit", "system-exit", "wait-for-signal");
  private static final int SEQUENTIAL_LEASES = 20;

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
}
