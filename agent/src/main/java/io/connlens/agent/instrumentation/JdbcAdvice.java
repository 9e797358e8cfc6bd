package io.connlens.agent.instrumentation;

import io.connlens.bootstrap.ConnlensHooks;
import io.connlens.bootstrap.HookHandler;
import net.bytebuddy.asm.Advice;

/**
 * The advice of {@link JdbcModule}, inlined into JDBC classes. Each method is one call into {@link ConnlensHooks},
 * which lives in the boot class loader and so is visible from every class loader. Advice is
 * stateless; enter and exit share only the token returned by enter. Errors are suppressed and counted
 * by the exception handler {@link Instrumenter} installs.
 */
final class JdbcAdvice {
  private JdbcAdvice() {}

  /** {@code DataSource.getConnection(..)} on every implementation: a lease at the outermost call. */
  static final class DataSourceGetConnection {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object dataSource) {
      return ConnlensHooks.acquireEnter(dataSource, null);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object dataSource, @Advice.Return Object connection,
        @Advice.Thrown Throwable thrown, @Advice.Enter Object token) {
      ConnlensHooks.acquireExit(dataSource, null, connection, thrown, token);
    }
  }

  /** {@code DriverManager.getConnection(String, ..)}: a lease at the outermost call. */
  static final class DriverManagerGetConnection {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(0) String url) {
      return ConnlensHooks.acquireEnter(null, url);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Argument(0) String url, @Advice.Return Object connection,
        @Advice.Thrown Throwable thrown, @Advice.Enter Object token) {
      ConnlensHooks.acquireExit(null, url, connection, thrown, token);
    }
  }

  /**
   * {@code Driver.connect(String, Properties)} on every driver: a physical connection opens, or, through
   * a pool's driver, a lease.
   */
  static final class DriverConnect {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object driver, @Advice.Argument(0) String url) {
      return ConnlensHooks.connectEnter(driver, url);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object driver, @Advice.Argument(0) String url, @Advice.Argument(1) Object info,
        @Advice.Return Object connection, @Advice.Thrown Throwable thrown, @Advice.Enter Object token) {
      ConnlensHooks.connectExit(driver, url, info, connection, thrown, token);
    }
  }

  /**
   * {@code Connection.close()} and {@code Connection.abort(Executor)}: a lease or physical connection
   * ends, once the call returned (a {@code close()} that throws may leave the connection open).
   */
  static final class ConnectionClose {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object connection, @Advice.Thrown Throwable thrown) {
      ConnlensHooks.connectionClosed(connection, thrown);
    }
  }

  /**
   * {@code Connection.close()}, on entry: the connection is still the application's (a pool takes it
   * back inside the call), so what connlens changed on it for the lease is undone here.
   */
  static final class ConnectionClosing {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object connection) {
      ConnlensHooks.connectionClosing(connection);
    }
  }

  /** {@code Connection.createStatement(..)}: a statement without SQL yet. */
  static final class ConnectionCreateStatement {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
      return ConnlensHooks.statementCreateEnter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object connection, @Advice.Return Object statement, @Advice.Thrown Throwable thrown,
        @Advice.Enter Object token) {
      ConnlensHooks.statementCreated(connection, null, statement, thrown, token);
    }
  }

  /** {@code Connection.prepareStatement(String, ..)} and {@code prepareCall(String, ..)}: remembers the SQL. */
  static final class ConnectionPrepareStatement {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
      return ConnlensHooks.statementCreateEnter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object connection, @Advice.Argument(0) String sql, @Advice.Return Object statement,
        @Advice.Thrown Throwable thrown, @Advice.Enter Object token) {
      ConnlensHooks.statementCreated(connection, sql, statement, thrown, token);
    }
  }

  /** {@code Statement.execute/executeQuery/executeUpdate/executeLargeUpdate(String, ..)}. */
  static final class StatementExecuteSql {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
      return ConnlensHooks.executeEnter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object statement, @Advice.Argument(0) String sql, @Advice.Thrown Throwable thrown,
        @Advice.Enter Object token) {
      ConnlensHooks.executeExit(statement, sql, HookHandler.EXECUTE_SINGLE, thrown, token);
    }
  }

  /** {@code PreparedStatement.execute/executeQuery/executeUpdate/executeLargeUpdate()}. */
  static final class PreparedStatementExecute {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
      return ConnlensHooks.executeEnter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object statement, @Advice.Thrown Throwable thrown, @Advice.Enter Object token) {
      ConnlensHooks.executeExit(statement, null, HookHandler.EXECUTE_SINGLE, thrown, token);
    }
  }

  /** {@code Statement.executeBatch()} and {@code executeLargeBatch()}: one batch, never a repeat. */
  static final class StatementExecuteBatch {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
      return ConnlensHooks.executeEnter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object statement, @Advice.Thrown Throwable thrown, @Advice.Enter Object token) {
      ConnlensHooks.executeExit(statement, null, HookHandler.EXECUTE_BATCH, thrown, token);
    }
  }

  /** {@code Statement.close()}; a proxy closing its driver's statement is a nested call. */
  static final class StatementClose {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
      return ConnlensHooks.statementCloseEnter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object statement, @Advice.Enter Object token) {
      ConnlensHooks.statementClosed(statement, token);
    }
  }

  /** {@code Connection.setAutoCommit(boolean)}. */
  static final class ConnectionSetAutoCommit {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
      return ConnlensHooks.transactionEnter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object connection, @Advice.Argument(0) boolean autoCommit,
        @Advice.Thrown Throwable thrown, @Advice.Enter Object token) {
      ConnlensHooks.transactionExit(connection, HookHandler.SET_AUTO_COMMIT, autoCommit, thrown, token);
    }
  }

  /** {@code Connection.commit()}. */
  static final class ConnectionCommit {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
      return ConnlensHooks.transactionEnter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object connection, @Advice.Thrown Throwable thrown, @Advice.Enter Object token) {
      ConnlensHooks.transactionExit(connection, HookHandler.COMMIT, false, thrown, token);
    }
  }

  /** {@code Connection.rollback()} (not to a savepoint: that does not end the transaction). */
  static final class ConnectionRollback {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
      return ConnlensHooks.transactionEnter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object connection, @Advice.Thrown Throwable thrown, @Advice.Enter Object token) {
      ConnlensHooks.transactionExit(connection, HookHandler.ROLLBACK, false, thrown, token);
    }
  }}
