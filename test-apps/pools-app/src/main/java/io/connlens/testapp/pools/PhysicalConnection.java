package io.connlens.testapp.pools;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The driver's own connection behind a pool's handed-out one, found with the JDBC {@code unwrap}
 * every pool here supports: the scenarios ask it, not the pool's proxy, whether the database
 * connection is closed, as a proxy may say closed before (c3p0, DBCP2) or never (HikariCP) in step
 * with it.
 */
final class PhysicalConnection {
  /** The connection classes of the drivers the app carries. */
  private static final List<String> DRIVER_CONNECTIONS =
      List.of("org.h2.jdbc.JdbcConnection", "org.postgresql.jdbc.PgConnection");

  private PhysicalConnection() {
  }

  /** The driver connection {@code handedOut} wraps. */
  static Connection of(Connection handedOut) throws SQLException {
    for (String name : DRIVER_CONNECTIONS) {
      Class<? extends Connection> type;
      try {
        type = Class.forName(name).asSubclass(Connection.class);
      } catch (ClassNotFoundException absent) {
        continue;
      }
      if (handedOut.isWrapperFor(type)) {
        return handedOut.unwrap(type);
      }
    }
    throw new SQLException("no driver connection of " + DRIVER_CONNECTIONS + " behind " + handedOut.getClass().getName());
  }
}
