package io.connlens.agent.instrumentation;

import io.connlens.bootstrap.ConnlensHooks;
import net.bytebuddy.asm.Advice;

/**
 * The advice every pool module uses, each one call into {@link ConnlensHooks}: where a pool hands
 * out a connection, opens a physical connection, ends a lease for the application, or shuts down.
 * A pool module says which of its methods get which; the hooks behind them know no pool.
 */
public final class PoolAdvice {
  private PoolAdvice() {}

  /**
   * The pool's own {@code getConnection(..)}, for a pool whose data source class does not implement
   * {@code javax.sql.DataSource} where it declares the method (Tomcat JDBC's {@code DataSourceProxy}):
   * a lease at the outermost call, as for any data source.
   */
  public static final class Borrow {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object pool) {
      return ConnlensHooks.acquireEnter(pool, null);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object pool, @Advice.Return Object connection, @Advice.Thrown Throwable thrown,
        @Advice.Enter Object token) {
      ConnlensHooks.acquireExit(pool, null, connection, thrown, token);
    }
  }

  /**
   * A pool method that opens a physical connection (HikariCP's {@code PoolBase.newConnection}, c3p0's
   * {@code WrapperConnectionPoolDataSource.getPooledConnection}): what it gets from a data source or
   * driver on this thread until it returns is the pool's physical connection, never a lease.
   */
  public static final class CreatingConnection {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object owner) {
      ConnlensHooks.poolCreatingConnection(owner, true);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object owner) {
      ConnlensHooks.poolCreatingConnection(owner, false);
    }
  }

  /**
   * A pool method the application calls to end a connection it holds instead of closing it (HikariCP's
   * {@code evictConnection(Connection)}, DBCP2's {@code invalidateConnection(Connection)}): the lease on
   * argument 0 ends.
   */
  public static final class EndsLease {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Argument(0) Object connection, @Advice.Thrown Throwable thrown) {
      ConnlensHooks.poolEndsLease(connection, thrown);
    }
  }

  /** The pool's {@code close()}: it shuts down, and may close connections the application still holds. */
  public static final class Shutdown {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object pool) {
      ConnlensHooks.poolShutdown(pool);
    }
  }
}
