package io.connlens.testapp.plain;

import io.connlens.testapp.support.AgentProbe;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Statements with literals and comments in every form the database's own dialect reads, each holding
 * the marker {@value #MARKER}: run in loops (so they become N+1 findings with their SQL) and as the last
 * statement of a connection left open (its {@code lastSql}). No character of the marker may appear on
 * the console, in the report or over JMX. The marker never appears outside a literal or a comment.
 */
final class HostileLiterals {
  static final String MARKER = "zqx";
  /** Runs of each statement: past the default N+1 threshold of 5. */
  static final int RUNS = 6;

  private static final List<String> MARIADB = List.of(
      "SELECT 'O\\'Brien zqx1' AS name",
      "SELECT \"zqx2 double-quoted\" AS s",
      "SELECT 1 AS one # password=zqx3\n",
      "SELECT 2 AS two -- zqx4 comment\n",
      "SELECT 'a\\\\' AS s, 'zqx5' AS t",
      "SELECT /* zqx6 */ 3 AS three",
      "SELECT 'it''s zqx7' AS s",
      "SELECT _utf8mb4'zqx8' AS s, X'7A' AS x, 0b101 AS b",
      "SELECT \"say \\\"zqx9\\\"\" AS s");

  private static final List<String> POSTGRESQL = List.of(
      "SELECT d ['zqx1'] AS v FROM (SELECT CAST('{\"zqx1\": 1}' AS jsonb) AS d) t",
      "SELECT E'it\\'s zqx2' AS s",
      "SELECT $$zqx3 dollar$$ AS s, $tag$zqx4$tag$ AS t",
      "SELECT U&'zqx5' AS s",
      "SELECT 'C:\\' AS path, 'zqx6' AS s",
      "SELECT 1 /* zqx7 /* nested */ still zqx7 */ AS one",
      "SELECT B'1010' AS bits, X'1F' AS x, 'zqx8' AS s",
      "SELECT arr [1] AS first FROM (SELECT ARRAY['zqx9', 'b'] AS arr) t");

  private static final List<String> H2 = List.of(
      "SELECT 'zqx1 it''s' AS s",
      "SELECT 1 AS one // zqx2 comment\n",
      "SELECT $$zqx3 dollar$$ AS s",
      "SELECT X'7A' AS x, 'zqx4' AS s",
      "SELECT /* zqx5 */ 2 AS two",
      "SELECT U&'zqx6' AS s",
      "SELECT 3 AS three -- zqx7\n");

  /** Held on purpose until exit: its last statement is a hostile one. */
  @SuppressWarnings("unused")
  private static Connection kept;

  private HostileLiterals() {}

  static void run(String url) throws SQLException {
    List<String> statements = url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:") ? MARIADB
        : url.startsWith("jdbc:postgresql:") ? POSTGRESQL : H2;
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        for (int i = 0; i < RUNS; i++) {
          try (ResultSet rows = statement.executeQuery(sql)) { // N+1:hostile-loop
            rows.next();
          }
        }
      }
    }
    kept = DriverManager.getConnection(url);
    try (Statement statement = kept.createStatement();
        ResultSet rows = statement.executeQuery(statements.get(0))) {
      rows.next();
    }
    System.out.println("hostile-literals: ran " + statements.size() + " statements " + RUNS + " times each");
    System.out.println("hostile-literals: agent over JMX: " + new AgentProbe().attributes());
  }
}
