package io.connlens.testapp.pools;

import java.sql.SQLException;

/**
 * The pools the app runs on, by the name given on its command line, with what each offers beyond
 * {@code getConnection}: a name property, a documented way to invalidate a borrowed connection, and
 * abandoned-connection removal. Adding a pool is one class and one constant here.
 */
enum PoolKind {
  HIKARI("hikari", "HikariCP", HikariCpPool::open, true, true, false, false),
  DBCP2("dbcp2", "DBCP2", Dbcp2Pool::open, false, true, true, false),
  TOMCAT_DBCP("tomcat-dbcp", "Tomcat DBCP", TomcatDbcpPool::open, false, true, true, false),
  TOMCAT_JDBC("tomcat-jdbc", "Tomcat JDBC", TomcatJdbcPool::open, true, false, true, false),
  C3P0("c3p0", "c3p0", C3p0Pool::open, true, false, true, true),
  AGROAL("agroal", "Agroal", AgroalPool::open, false, false, false, false),
  VIBUR("vibur", "Vibur", ViburPool::open, true, false, false, false);

  /** Builds a pool from the settings. */
  interface Opener {
    Pool open(PoolSettings settings) throws SQLException;
  }

  private final String argument;
  private final String displayName;
  private final Opener opener;
  private final boolean named;
  private final boolean invalidates;
  private final boolean removesAbandoned;
  private final boolean keepsHandedOutConnection;

  PoolKind(String argument, String displayName, Opener opener, boolean named, boolean invalidates,
      boolean removesAbandoned, boolean keepsHandedOutConnection) {
    this.argument = argument;
    this.displayName = displayName;
    this.opener = opener;
    this.named = named;
    this.invalidates = invalidates;
    this.removesAbandoned = removesAbandoned;
    this.keepsHandedOutConnection = keepsHandedOutConnection;
  }

  /** The kind named {@code argument} on the command line, or null. */
  static PoolKind of(String argument) {
    for (PoolKind kind : values()) {
      if (kind.argument.equals(argument)) {
        return kind;
      }
    }
    return null;
  }

  Pool open(PoolSettings settings) throws SQLException {
    return opener.open(settings);
  }

  /** The command-line name, e.g. {@code tomcat-jdbc}. */
  String argument() {
    return argument;
  }

  /** Whether the pool has a name property (HikariCP's poolName, Tomcat JDBC's name, c3p0's dataSourceName). */
  boolean named() {
    return named;
  }

  /** Whether {@link Pool#invalidate} works. */
  boolean invalidates() {
    return invalidates;
  }

  /** Whether the pool can take back a connection the application never returned. */
  boolean removesAbandoned() {
    return removesAbandoned;
  }

  /**
   * Whether the pool keeps a strong reference to the object it handed out while it is checked out:
   * then a connection the application drops is never garbage-collected while the pool lives.
   */
  boolean keepsHandedOutConnection() {
    return keepsHandedOutConnection;
  }

  @Override
  public String toString() {
    return displayName;
  }
}
