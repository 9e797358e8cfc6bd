package io.connlens.testapp.spring;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * On PostgreSQL, a schema of this run's own, so that two runs at once against one database do not
 * drop each other's tables (Hibernate creates and drops them). H2 in memory needs none: each JVM has
 * its own database.
 */
final class RunSchema {
  private static final String POSTGRESQL = "jdbc:postgresql:";

  private final String url;
  private final String name;

  private RunSchema(String url, String name) {
    this.url = url;
    this.name = name;
  }

  /** Creates the run's schema when {@code url} is PostgreSQL's; otherwise nothing to do. */
  static RunSchema create(String url) throws SQLException {
    if (!url.startsWith(POSTGRESQL)) {
      return new RunSchema(url, null);
    }
    String name = "connlens_spring_" + ProcessHandle.current().pid();
    execute(url, "CREATE SCHEMA IF NOT EXISTS " + name);
    return new RunSchema(url, name);
  }

  /** The URL the application uses: on PostgreSQL, with the run's schema as its current schema. */
  String applicationUrl() {
    return name == null ? url : url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  /** Drops the run's schema, if there is one. */
  void drop() throws SQLException {
    if (name != null) {
      execute(url, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
