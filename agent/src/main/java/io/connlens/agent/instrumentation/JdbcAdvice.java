package io.connlens.agent.instrumentation;

import io.connlens.bootstrap.ConnlensHooks;
import net.bytebuddy.asm.Advice;

/**
 * The advice inlined into JDBC and pool classes. Each method is one call into {@link ConnlensHooks},
 * which lives in the boot class loader and so is visible from every class loader. Advice is
 * stateless; enter and exit share only the token returned by enter. Errors are suppressed and counted
 * by the exception handler {@link Instrumenter} installs.
 */
final class JdbcAdvice {
  private JdbcAdvice() {}

  /** {@code DataSource.getConnection(..)} on every implementation: a lease at the outermost call. */
  static final class DataSourceGetConnection {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static int enter(@Advice.This Object dataSource) {
      return ConnlensHooks.acquireEnter(dataSource, null);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object dataSource, @Advice.Return Object connection,
        @Advice.Thrown Throwable thrown, @Advice.Enter int token) {
      ConnlensHooks.acquireExit(dataSource, null, connection, thrown, token);
    }
  }

  /** {@code DriverManager.getConnection(String, ..)}: a lease at the outermost call. */
  static final class DriverManagerGetConnection {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static int enter(@Advice.Argument(0) String url) {
      return ConnlensHooks.acquireEnter(null, url);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Argument(0) String url, @Advice.Return Object connection,
        @Advice.Thrown Throwable thrown, @Advice.Enter int token) {
      ConnlensHooks.acquireExit(null, url, connection, thrown, token);
    }
  }

  /** {@code Driver.connect(String, Properties)} on every driver: a physical connection opens. */
  static final class DriverConnect {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static int enter(@Advice.This Object driver) {
      return ConnlensHooks.connectEnter(driver);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object driver, @Advice.Argument(0) String url, @Advice.Argument(1) Object info,
        @Advice.Return Object connection, @Advice.Thrown Throwable thrown, @Advice.Enter int token) {
      ConnlensHooks.connectExit(driver, url, info, connection, thrown, token);
    }
  }

  /** {@code Connection.close()} and {@code Connection.abort(Executor)}: a lease or physical connection ends. */
  static final class ConnectionClose {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object connection) {
      ConnlensHooks.connectionClosing(connection);
    }
  }

  /** HikariCP {@code PoolBase.newConnection(..)}: the pool opens a physical connection on this thread. */
  static final class HikariNewConnection {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object pool) {
      ConnlensHooks.poolCreatingConnection(pool, true);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object pool) {
      ConnlensHooks.poolCreatingConnection(pool, false);
    }
  }

  /** {@code Runtime.exit(int)}: remembers the status the application asked for. */
  static final class RuntimeExit {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) int status) {
      ConnlensHooks.exitRequested(status);
    }
  }
}
