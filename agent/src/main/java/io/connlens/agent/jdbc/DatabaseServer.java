package io.connlens.agent.jdbc;

import java.util.Locale;

/**
 * The server a JDBC URL connects to, read from the URL alone: host, port and database, as the server's
 * {@code max_connections} counts them. Best effort across drivers: {@code scheme://host[:port]/db}
 * (PostgreSQL, MySQL, MariaDB, DB2, ...), SQL Server's {@code ;databaseName=}, Oracle's
 * {@code @host:port/service} and {@code @//host:port/service}; an embedded database ({@code h2:mem:app},
 * a file) has no host and is known by what follows {@code jdbc:}. Read from the redacted URL, so no
 * password reaches it.
 */
public final class DatabaseServer {
  private final String host;
  private final int port;
  private final String database;
  private final String key;

  private DatabaseServer(String host, int port, String database, String key) {
    this.host = host;
    this.port = port;
    this.database = database;
    this.key = key;
  }

  /** The server of {@code url}, or {@code null} when the URL is {@code null} or empty. */
  public static DatabaseServer of(String url) {
    if (url == null || url.isEmpty()) {
      return null;
    }
    String rest = JdbcUrls.redactedBody(url);
    int slashes = rest.indexOf("://");
    int at = rest.indexOf(":@");
    if (slashes > 0 && (at < 0 || slashes < at)) {
      return withAuthority(rest, slashes + 3);
    }
    if (at > 0) {
      // Oracle thin: @host:port/service, @//host:port/service, or a TNS descriptor
      int start = rest.startsWith("//", at + 2) ? at + 4 : at + 2;
      if (start < rest.length() && rest.charAt(start) != '(') {
        return withAuthority(rest, start);
      }
    }
    String embedded = JdbcUrls.beforeProperties(rest);
    return new DatabaseServer(null, -1, embedded, embedded);
  }

  /** {@code host[:port][/database]} from {@code start}, the authority's first character. */
  private static DatabaseServer withAuthority(String url, int start) {
    int end = start;
    while (end < url.length() && "/?;".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    String authority = url.substring(start, end);
    authority = authority.substring(authority.lastIndexOf('@') + 1); // user info
    int comma = authority.indexOf(',');
    if (comma >= 0) {
      authority = authority.substring(0, comma); // the first of several hosts
    }
    String host = authority;
    int port = -1;
    int colon = authority.startsWith("[") ? authority.indexOf(':', Math.max(0, authority.indexOf(']'))) : authority.lastIndexOf(':');
    if (colon >= 0) {
      host = authority.substring(0, colon);
      port = parsePort(authority.substring(colon + 1));
    }
    String database = null;
    if (end < url.length() && url.charAt(end) == '/') {
      database = JdbcUrls.beforeProperties(url.substring(end + 1));
    }
    if (database == null || database.isEmpty()) {
      database = property(url.substring(end), "databasename", "database");
    }
    String key = (host.isEmpty() ? "?" : host.toLowerCase(Locale.ROOT)) + (port >= 0 ? ":" + port : "")
        + (database == null || database.isEmpty() ? "" : "/" + database);
    return new DatabaseServer(host.isEmpty() ? null : host, port, database == null || database.isEmpty() ? null : database,
        key);
  }

  private static int parsePort(String digits) {
    if (digits.isEmpty() || digits.length() > 5) {
      return -1;
    }
    int port = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      port = port * 10 + (c - '0');
    }
    return port <= 65_535 ? port : -1;
  }

  /** The value of the first of {@code names} among {@code ;name=value} or {@code ?name=value&} parameters. */
  private static String property(String parameters, String... names) {
    String lower = parameters.toLowerCase(Locale.ROOT);
    for (String name : names) {
      for (String separator : new String[] {";", "?", "&"}) {
        int i = lower.indexOf(separator + name + "=");
        if (i >= 0) {
          String value = cut(parameters.substring(i + separator.length() + name.length() + 1), ";&");
          if (!value.isEmpty()) {
            return value;
          }
        }
      }
    }
    return null;
  }

  private static String cut(String text, String stops) {
    for (int i = 0; i < text.length(); i++) {
      if (stops.indexOf(text.charAt(i)) >= 0) {
        return text.substring(0, i);
      }
    }
    return text;
  }

  /** The host, or {@code null} for an embedded database. */
  public String host() {
    return host;
  }

  /** The port, or {@code -1} when the URL gives none (the driver's default). */
  public int port() {
    return port;
  }

  /** The database (or service), or {@code null} when the URL names none. */
  public String database() {
    return database;
  }

  /** {@code host:port/database}, or an embedded database's URL without {@code jdbc:}: how servers are told apart. */
  public String key() {
    return key;
  }

  @Override
  public String toString() {
    return key;
  }
}
