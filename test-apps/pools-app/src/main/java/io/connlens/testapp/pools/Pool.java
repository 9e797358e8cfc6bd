package io.connlens.testapp.pools;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * What the scenarios need of a connection pool, whichever library it is: one implementation per
 * pool, each configured as its library's documentation first shows it ({@link PoolKind} picks one).
 * What each pool does beyond that (invalidating, abandoned-connection removal, what its close() does
 * to checked-out connections) is said here so that the scenarios can print it.
 */
interface Pool {
  /**
   * The pool's own data source, which the scenarios borrow from: calling its {@code getConnection()}
   * straight from the scenario's method makes that method the acquire site the agent reports (a
   * wrapper method here would be the application frame instead).
   */
  DataSource dataSource();

  /** The pool's own shutdown. */
  void close() throws Exception;

  /**
   * Discards a borrowed connection through the pool's documented API instead of closing it
   * (DBCP2's {@code invalidateConnection}, HikariCP's {@code evictConnection}).
   *
   * @throws UnsupportedOperationException where {@link PoolKind#invalidates()} is false
   */
  default void invalidate(Connection connection) throws SQLException {
    throw new UnsupportedOperationException("no invalidate in this pool");
  }

  /**
   * Whether the pool's own counters say that its abandoned-connection removal took back a connection
   * (built with {@link PoolSettings#abandonedRemoval()}).
   *
   * @throws UnsupportedOperationException where {@link PoolKind#removesAbandoned()} is false
   */
  default boolean reclaimedAbandoned() throws SQLException {
    throw new UnsupportedOperationException("no abandoned-connection removal in this pool");
  }

  /**
   * What the pool's abandoned-connection removal does to the physical connection it takes back, as
   * its source says.
   *
   * @throws UnsupportedOperationException where {@link PoolKind#removesAbandoned()} is false
   */
  default Ending atAbandonedRemoval() {
    throw new UnsupportedOperationException("no abandoned-connection removal in this pool");
  }

  /** What this pool's close() does to a connection still checked out, as its source says. */
  Ending atClose();

  /** What a pool does to a connection the application still has, when it ends it or shuts down. */
  enum Ending {
    /** Calls {@code Connection.abort} on its physical connection (which some drivers, H2 among them, ignore). */
    ABORTED("aborted it (Connection.abort on its physical connection)"),
    /** Closes its physical connection. */
    CLOSED("closed it"),
    /** Leaves it as it is: it stays open until the application closes it. */
    LEFT_OPEN("left it open");

    private final String description;

    Ending(String description) {
      this.description = description;
    }

    /** What the pool did, as the scenarios print it. */
    String description() {
      return description;
    }
  }
}
