package io.connlens.agent.sql;

/**
 * The SQL dialect a statement is written in, which decides how {@link SqlFingerprint} reads its
 * quotes, comments and literals (the class comment of {@link SqlFingerprint} says how each one is
 * read). Found from the connection's JDBC URL ({@link #fromUrl}) or from the class of its driver
 * ({@link #fromClassName}); {@link #GENERIC} when neither names a known database.
 */
public enum SqlDialect {
  /**
   * An unknown database: wherever dialects read a text differently, the reading that lets no literal
   * out, even if it hides more than the real database would.
   */
  GENERIC,
  /** PostgreSQL, and databases that speak its SQL: Amazon Redshift, YugabyteDB. */
  POSTGRESQL,
  /** MySQL and MariaDB. */
  MYSQL,
  /** Microsoft SQL Server (Transact-SQL). */
  SQLSERVER,
  /** Oracle Database. */
  ORACLE,
  /** H2 in its own (regular) mode. */
  H2;

  /**
   * Wrappers that put their own name before the real subprotocol: Testcontainers ({@code
   * jdbc:tc:postgresql:..}), P6Spy, OpenTelemetry, log4jdbc and the AWS advanced JDBC wrapper.
   */
  private static final String[] WRAPPERS = {"tc", "p6spy", "otel", "log4jdbc", "aws-wrapper"};

  /**
   * The dialect named by a JDBC URL's subprotocol, looking through wrapper prefixes ({@code
   * jdbc:p6spy:mysql://..}, {@code jdbc:tc:postgresql:15:///db}); {@link #GENERIC} for {@code null}
   * or an unknown database. ASCII case is ignored. Never throws.
   */
  public static SqlDialect fromUrl(String jdbcUrl) {
    if (jdbcUrl == null || !startsWithIgnoringCase(jdbcUrl, 0, "jdbc:")) {
      return GENERIC;
    }
    int at = "jdbc:".length();
    boolean wrapped = true;
    // Each pass drops one wrapper name; the loop ends when a segment is no wrapper's.
    while (wrapped) {
      wrapped = false;
      for (String wrapper : WRAPPERS) {
        if (isSegment(jdbcUrl, at, wrapper)) {
          at += wrapper.length() + 1;
          wrapped = true;
          break;
        }
      }
    }
    return fromSubprotocol(jdbcUrl, at);
  }

  private static SqlDialect fromSubprotocol(String url, int at) {
    if (isSegment(url, at, "postgresql")
        || isSegment(url, at, "pgsql")
        || isSegment(url, at, "redshift")
        || isSegment(url, at, "yugabytedb")
        // Testcontainers image names of PostgreSQL with extensions
        || isSegment(url, at, "postgis")
        || isSegment(url, at, "timescaledb")) {
      return POSTGRESQL;
    }
    if (isSegment(url, at, "mysql") || isSegment(url, at, "mariadb")) {
      return MYSQL; // also jdbc:mysql:loadbalance:, jdbc:mysql:replication:
    }
    if (isSegment(url, at, "sqlserver")) {
      return SQLSERVER;
    }
    if (isSegment(url, at, "jtds")) {
      // jTDS speaks to SQL Server and to Sybase, whose SQL is not read here
      return isSegment(url, at + "jtds:".length(), "sqlserver") ? SQLSERVER : GENERIC;
    }
    if (isSegment(url, at, "microsoft")) {
      // the SQL Server 2000 driver: jdbc:microsoft:sqlserver://
      return isSegment(url, at + "microsoft:".length(), "sqlserver") ? SQLSERVER : GENERIC;
    }
    if (isSegment(url, at, "oracle")) {
      return ORACLE;
    }
    if (isSegment(url, at, "h2")) {
      return H2;
    }
    return GENERIC;
  }

  /**
   * The dialect of a JDBC driver, connection or statement class, by its package ({@code
   * org.postgresql.jdbc.PgConnection}); {@link #GENERIC} for {@code null} or an unknown driver.
   */
  public static SqlDialect fromClassName(String className) {
    if (className == null) {
      return GENERIC;
    }
    if (className.startsWith("org.postgresql.")
        || className.startsWith("com.impossibl.postgres.") // pgjdbc-ng
        || className.startsWith("com.amazon.redshift.")
        || className.startsWith("com.yugabyte.")) {
      return POSTGRESQL;
    }
    if (className.startsWith("com.mysql.") || className.startsWith("org.mariadb.")) {
      return MYSQL;
    }
    if (className.startsWith("com.microsoft.sqlserver.")
        || className.startsWith("net.sourceforge.jtds.")) {
      return SQLSERVER;
    }
    if (className.startsWith("oracle.jdbc.")) {
      return ORACLE;
    }
    if (className.startsWith("org.h2.")) {
      return H2;
    }
    return GENERIC;
  }

  /** Whether {@code url} holds {@code name} at {@code at}, followed by a ':' (any ASCII case). */
  private static boolean isSegment(String url, int at, String name) {
    int end = at + name.length();
    return end < url.length() && url.charAt(end) == ':' && startsWithIgnoringCase(url, at, name);
  }

  /**
   * Not {@link String#regionMatches}, which folds case beyond ASCII (the Kelvin sign would match
   * 'k'): subprotocols are ASCII names.
   */
  private static boolean startsWithIgnoringCase(String text, int at, String lowerCaseAscii) {
    if (at < 0 || at + lowerCaseAscii.length() > text.length()) {
      return false;
    }
    for (int k = 0; k < lowerCaseAscii.length(); k++) {
      char c = text.charAt(at + k);
      char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
      if (lower != lowerCaseAscii.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
