package com.example.shop;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The shop's one pool, configured as HikariCP's README shows, over the database the suite is given. */
public final class Shop {
  /** The system property SuiteMain sets to the JDBC URL of the run. */
  public static final String URL_PROPERTY = "shop.jdbc.url";

  private static HikariDataSource dataSource;

  private Shop() {}

  /** The pool, made on first use (as a test context would), with its tables. */
  public static synchronized HikariDataSource dataSource() throws SQLException {
    if (dataSource == null) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(System.getProperty(URL_PROPERTY, "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1"));
      config.setPoolName("shop-pool");
      config.setMaximumPoolSize(4);
      dataSource = new HikariDataSource(config);
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS orders (id INT PRIMARY KEY, customer VARCHAR(40))");
        s.execute("CREATE TABLE IF NOT EXISTS items (id INT PRIMARY KEY, order_id INT, name VARCHAR(40))");
        s.execute("DELETE FROM items");
        s.execute("DELETE FROM orders");
        for (int i = 1; i <= 12; i++) {
          s.execute("INSERT INTO orders VALUES (" + i + ", 'customer " + i + "')");
          s.execute("INSERT INTO items VALUES (" + i + ", " + i + ", 'item " + i + "')");
        }
      }
    }
    return dataSource;
  }
}
