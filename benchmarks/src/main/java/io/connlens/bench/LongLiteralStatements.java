package io.connlens.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * Times rounds of five {@code Statement.executeQuery} calls whose SQL holds a 1 MiB string literal,
 * on H2 in memory, after 20 short queries and three untimed rounds have loaded (and the agent
 * transformed) the driver's classes and warmed the code: what fingerprinting long SQL costs the
 * application on every execution. Prints the median of 15 timed rounds (a round allocates 10 MiB,
 * so single rounds vary with the garbage collector). Run it with and without the agent:
 * {@code java [-javaagent:agent/target/connlens-agent.jar] -cp benchmarks/target/benchmarks.jar
 * io.connlens.bench.LongLiteralStatements}.
 */
public final class LongLiteralStatements {
  private static final int WARM_UP = 20;
  private static final int PER_ROUND = 5;
  private static final int UNTIMED_ROUNDS = 3;
  private static final int TIMED_ROUNDS = 15;

  private LongLiteralStatements() {}

  /** Prints the time of the five long statements. */
  public static void main(String[] args) throws SQLException {
    String literal = "x".repeat(1 << 20);
    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:long");
        Statement statement = connection.createStatement()) {
      for (int i = 0; i < WARM_UP; i++) {
        query(statement, "SELECT 'warm" + i + "' AS v");
      }
      for (int round = 0; round < UNTIMED_ROUNDS; round++) {
        round(statement, literal, round);
      }
      long[] millis = new long[TIMED_ROUNDS];
      for (int round = 0; round < TIMED_ROUNDS; round++) {
        millis[round] = round(statement, literal, UNTIMED_ROUNDS + round);
      }
      Arrays.sort(millis);
      System.out.println(PER_ROUND + " executions of a 1 MiB literal: median " + millis[TIMED_ROUNDS / 2]
          + " ms of " + TIMED_ROUNDS + " rounds (fastest " + millis[0] + " ms, slowest " + millis[TIMED_ROUNDS - 1] + " ms)");
    }
  }

  /** One round: each statement's text differs, as SQL built with its values inlined does. */
  private static long round(Statement statement, String literal, int round) throws SQLException {
    long start = System.nanoTime();
    for (int i = 0; i < PER_ROUND; i++) {
      query(statement, "SELECT '" + literal + round + "-" + i + "' AS v");
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void query(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
    }
  }
}
