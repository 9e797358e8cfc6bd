package io.connlens.agent.jdbc;

import java.sql.SQLException;
import java.util.Locale;

/**
 * A database server's refusal of a new connection because it has no connection slot left, read from
 * what a driver threw (anywhere in the chain: a pool puts the driver's error as the cause). Keyed on
 * the codes, never the text, which servers localize and providers reword: PostgreSQL's SQLState
 * {@value #POSTGRESQL_TOO_MANY_CONNECTIONS} ({@code max_connections}, reserved slots, a role's or a
 * database's {@code CONNECTION LIMIT}), and MySQL's and MariaDB's error codes
 * {@value #MYSQL_TOO_MANY_CONNECTIONS} ({@code max_connections}) and
 * {@value #MYSQL_TOO_MANY_USER_CONNECTIONS} ({@code max_user_connections}), and
 * {@value #MYSQL_USER_LIMIT_REACHED} for an account's own {@code MAX_USER_CONNECTIONS}. The MySQL codes are
 * taken only from a MySQL or MariaDB connection (its URL, or the driver's exception class): other
 * databases use the same numbers for other errors (SQL Server's 1203 is a lock error).
 */
public final class ServerRefusal {
  /** PostgreSQL's {@code too_many_connections}. */
  static final String POSTGRESQL_TOO_MANY_CONNECTIONS = "53300";
  /** MySQL's {@code ER_CON_COUNT_ERROR}: "Too many connections". */
  static final int MYSQL_TOO_MANY_CONNECTIONS = 1040;
  /** MySQL's {@code ER_TOO_MANY_USER_CONNECTIONS}: "User ... already has more than 'max_user_connections' active connections". */
  static final int MYSQL_TOO_MANY_USER_CONNECTIONS = 1203;
  /**
   * MySQL's {@code ER_USER_LIMIT_REACHED}: "User '...' has exceeded the 'max_user_connections' resource",
   * what an account's own {@code WITH MAX_USER_CONNECTIONS n} gives (1203 is the server-wide variable's).
   * The same code serves the other account resources (queries, updates per hour), so only the
   * resource's name, an identifier no translation changes, makes it a connection limit.
   */
  static final int MYSQL_USER_LIMIT_REACHED = 1226;

  private final String reason;
  private final String code;

  private ServerRefusal(String reason, String code) {
    this.reason = reason;
    this.code = code;
  }

  /**
   * The refusal {@code thrown}'s chain holds, or {@code null} when it holds none.
   *
   * @param url the JDBC URL of the connection that failed (tells a MySQL-family server), or {@code null}
   */
  public static ServerRefusal of(Throwable thrown, String url) {
    boolean mysqlFamily = isMysqlFamily(url);
    // the last match, the innermost: a pool copies the driver's SQLState into its own timeout
    // (HikariCP), whose text is the pool's; the driver's error under it has the server's words
    Throwable[] found = new Throwable[1];
    ExceptionChain.find(thrown, t -> {
      if (isRefusal(t, mysqlFamily)) {
        found[0] = t;
      }
      return false;
    });
    return found[0] == null ? null : of((SQLException) found[0]);
  }

  private static boolean isRefusal(Throwable t, boolean mysqlFamily) {
    if (!(t instanceof SQLException)) {
      return false;
    }
    SQLException e = (SQLException) t;
    if (POSTGRESQL_TOO_MANY_CONNECTIONS.equals(e.getSQLState())) {
      return true;
    }
    int code = e.getErrorCode();
    if (!mysqlFamily && !isMysqlFamilyClass(t.getClass().getName())) {
      return false;
    }
    if (code == MYSQL_USER_LIMIT_REACHED) {
      String message = ExceptionChain.message(t);
      return message != null && message.contains("'max_user_connections'");
    }
    return code == MYSQL_TOO_MANY_CONNECTIONS || code == MYSQL_TOO_MANY_USER_CONNECTIONS;
  }

  private static ServerRefusal of(SQLException found) {
    SQLException e = found;
    String code = POSTGRESQL_TOO_MANY_CONNECTIONS.equals(e.getSQLState())
        ? "SQLState " + POSTGRESQL_TOO_MANY_CONNECTIONS : "error " + e.getErrorCode();
    return new ServerRefusal(reason(ExceptionChain.message(found)), code);
  }

  private static boolean isMysqlFamily(String url) {
    if (url == null) {
      return false;
    }
    String lower = url.toLowerCase(Locale.ROOT);
    return lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mariadb:") || lower.startsWith("mysql:")
        || lower.startsWith("mariadb:");
  }

  private static boolean isMysqlFamilyClass(String className) {
    return className.startsWith("com.mysql.") || className.startsWith("org.mariadb.")
        || className.startsWith("org.drizzle.");
  }

  /**
   * The server's words without the driver's decoration: PostgreSQL's severity ({@code FATAL: }),
   * MariaDB's connection id ({@code (conn=12) }), and anything after the first line.
   */
  static String reason(String message) {
    if (message == null || message.isEmpty()) {
      return "no connection slot left";
    }
    String text = message;
    int newline = text.indexOf('\n');
    if (newline >= 0) {
      text = text.substring(0, newline);
    }
    text = text.trim();
    if (text.startsWith("(conn=")) {
      int end = text.indexOf(')');
      text = end < 0 ? text : text.substring(end + 1).trim();
    }
    for (String severity : new String[] {"FATAL:", "ERROR:"}) {
      if (text.startsWith(severity)) {
        text = text.substring(severity.length()).trim();
      }
    }
    return text.isEmpty() ? "no connection slot left" : text;
  }

  /** What the server said, e.g. {@code too many connections for role "app"}. */
  public String reason() {
    return reason;
  }

  /** The code it was known by: {@code SQLState 53300}, {@code error 1203}. */
  public String code() {
    return code;
  }
}
