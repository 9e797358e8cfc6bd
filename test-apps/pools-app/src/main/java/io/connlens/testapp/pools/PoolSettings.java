package io.connlens.testapp.pools;

import java.sql.DriverManager;
import java.sql.SQLException;

/** How a scenario wants its pool built: the URL, the name (or none) and whether abandoned connections are removed. */
final class PoolSettings {
  /** Every pool's maximum size, but in the exhaustion scenarios. */
  static final int MAX_SIZE = 5;
  /** The exhaustion scenarios' maximum size: two connections pinned fill the pool. */
  static final int SMALL_MAX_SIZE = 2;
  /**
   * The exhaustion scenarios' borrow timeout, so that a borrow from a full pool fails soon: set on
   * every pool, as several wait for ever by default (c3p0, DBCP2, Agroal). Long enough for the pool's
   * first connections on a loaded machine (c3p0's helper threads, Agroal's creation, H2's start-up), as
   * the pinning borrows are subject to it too.
   */
  static final int BORROW_TIMEOUT_MILLIS = 5000;
  /** How long a borrowed connection may go unused before the abandoned scenario's pool takes it back. */
  static final int ABANDONED_TIMEOUT_SECONDS = 1;
  /** How often the abandoned scenario's pool looks for abandoned connections where it may be below a second. */
  static final int MAINTENANCE_MILLIS = 200;

  private final String url;
  private final String name;
  private final boolean abandonedRemoval;
  private final int maxSize;
  private final int borrowTimeoutMillis;

  PoolSettings(String url, String name, boolean abandonedRemoval) {
    this(url, name, abandonedRemoval, MAX_SIZE, 0);
  }

  PoolSettings(String url, String name, boolean abandonedRemoval, int maxSize, int borrowTimeoutMillis) {
    this.url = url;
    this.name = name;
    this.abandonedRemoval = abandonedRemoval;
    this.maxSize = maxSize;
    this.borrowTimeoutMillis = borrowTimeoutMillis;
  }

  /** The pool's maximum size: {@value #MAX_SIZE}, or {@value #SMALL_MAX_SIZE} in the pool-exhaustion scenarios. */
  int maxSize() {
    return maxSize;
  }

  /** The borrow timeout to set in milliseconds, or 0 to keep the pool's default. */
  int borrowTimeoutMillis() {
    return borrowTimeoutMillis;
  }

  String url() {
    return url;
  }

  /** The pool name to set, or null to leave the pool's name property unset. */
  String name() {
    return name;
  }

  /** Whether the pool's abandoned-connection removal is on (with the short timeouts above). */
  boolean abandonedRemoval() {
    return abandonedRemoval;
  }

  /** The driver class for the URL, for the pools whose documented set-up names one. */
  String driverClassName() throws SQLException {
    return DriverManager.getDriver(url).getClass().getName();
  }
}
