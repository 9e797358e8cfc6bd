package io.connlens.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The one-line program of {@link StartupTime} that uses JDBC: opens an H2 connection, runs one query, prints its row. */
public final class HelloJdbc {
  private HelloJdbc() {}

  /** Prints {@code hello 1}. */
  public static void main(String[] args) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:hello"); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select 1")) {
      r.next();
      System.out.println("hello " + r.getInt(1));
    }
  }
}
