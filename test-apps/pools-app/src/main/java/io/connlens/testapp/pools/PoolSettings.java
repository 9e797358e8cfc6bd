package io.connlens.testapp.pools;

import java.sql.DriverManager;
import java.sql.SQLException;

/** How a scenario wants its pool built: the URL, the name (or none) and whether abandoned connections are removed. */
final class PoolSettings {
  /** Every pool's maximum size. */
  static final int MAX_SIZE = 5;
  /** How long a borrowed connection may go unused before the abandoned scenario's pool takes it back. */
  static final int ABANDONED_TIMEOUT_SECONDS = 1;
  /** How often the abandoned scenario's pool looks for abandoned connections where it may be below a second. */
  static final int MAINTENANCE_MILLIS = 200;

  private final String url;
  private final String name;
  private final boolean abandonedRemoval;

  PoolSettings(String url, String name, boolean abandonedRemoval) {
    this.url = url;
    this.name = name;
    this.abandonedRemoval = abandonedRemoval;
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
