package io.connlens.testapp.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The small table every scenario queries, so each lease does real work on the database. */
public final class OrdersTable {
  /** A query that reads the table. */
  public static final String COUNT_QUERY = "SELECT count(*) FROM connlens_orders";
  /** A statement every database rejects: the exception-path scenarios run it. */
  public static final String BAD_QUERY = "SELEKT nothing FROM connlens_orders";

  private OrdersTable() {
  }

  /**
   * Creates the table with a few rows unless it is there. PostgreSQL may reject a concurrent
   * {@code CREATE TABLE IF NOT EXISTS} from another app run: the table is then there, so one retry
   * settles it.
   */
  public static void create(Connection connection) throws SQLException {
    try {
      createOnce(connection);
    } catch (SQLException concurrentCreate) {
      createOnce(connection);
    }
  }

  /** Runs {@link #COUNT_QUERY} and returns the count. */
  public static long count(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(COUNT_QUERY)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void createOnce(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS connlens_orders (id INT, item VARCHAR(40))");
    }
    if (count(connection) == 0) {
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate(
            "INSERT INTO connlens_orders (id, item) VALUES (1, 'tea'), (2, 'bread'), (3, 'soap')");
      }
    }
  }
}
