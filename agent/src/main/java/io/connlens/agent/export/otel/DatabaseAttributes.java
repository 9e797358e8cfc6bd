package io.connlens.agent.export.otel;

import io.connlens.agent.jdbc.DatabaseServer;
import java.util.Locale;

/**
 * The semantic-convention description of a database from its JDBC URL: {@code db.system.name},
 * {@code db.namespace}, {@code server.address} and {@code server.port}. Plain values; the bridge
 * turns them into OpenTelemetry attributes (and keeps them, one per URL).
 */
public final class DatabaseAttributes {
  private final String system;
  /** Host, port and database from the URL; {@code null} when there is no URL. */
  private final DatabaseServer server;

  private DatabaseAttributes(String system, DatabaseServer server) {
    this.system = system;
    this.server = server;
  }

  /** Those of {@code url} (password already removed, or not: only the authority and path are read). */
  public static DatabaseAttributes of(String url) {
    return new DatabaseAttributes(system(url), DatabaseServer.of(url));
  }

  /**
   * {@code db.system.name} for a JDBC URL: the stable values where the convention has one
   * ({@code postgresql}, {@code mysql}, {@code mariadb}, {@code microsoft.sql_server}), the
   * development ones for the rest, {@code other_sql} for a driver it does not name.
   */
  static String system(String url) {
    if (url == null) {
      return "other_sql";
    }
    String u = url.toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:postgresql:") || u.startsWith("jdbc:pgsql:")) {
      return "postgresql";
    }
    if (u.startsWith("jdbc:mysql:")) {
      return "mysql";
    }
    if (u.startsWith("jdbc:mariadb:")) {
      return "mariadb";
    }
    if (u.startsWith("jdbc:sqlserver:") || u.startsWith("jdbc:jtds:sqlserver:")) {
      return "microsoft.sql_server";
    }
    if (u.startsWith("jdbc:oracle:")) {
      return "oracle.db";
    }
    if (u.startsWith("jdbc:h2:")) {
      return "h2database";
    }
    if (u.startsWith("jdbc:hsqldb:")) {
      return "hsqldb";
    }
    if (u.startsWith("jdbc:derby:")) {
      return "derby";
    }
    if (u.startsWith("jdbc:db2:")) {
      return "ibm.db2";
    }
    if (u.startsWith("jdbc:sqlite:")) {
      return "sqlite";
    }
    return "other_sql";
  }

  /** {@code db.system.name}. */
  public String system() {
    return system;
  }

  /** {@code db.namespace}, or {@code null}. */
  public String namespace() {
    return server == null ? null : server.database();
  }

  /** {@code server.address}, or {@code null} for an embedded database. */
  public String address() {
    return server == null ? null : server.host();
  }

  /** {@code server.port}, or -1. */
  public int port() {
    return server == null ? -1 : server.port();
  }
}
