package io.connlens.bootstrap;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The static entry points that advice inlined into JDBC classes calls. Each one forwards to the
 * installed {@link HookHandler} and never throws: an error is counted ({@link #suppressedErrors()})
 * and the application goes on exactly as it would without the agent.
 *
 * <p>This class is defined by the boot loader so that code in any class loader, including
 * {@code java.sql.DriverManager} and {@code java.lang.Runtime}, can call it; class loaders that do
 * not delegate to the boot loader are made to for this package (the agent's boot delegation).
 */
public final class ConnlensHooks {

  private static volatile HookHandler handler = HookHandler.NOOP;
  private static final AtomicLong SUPPRESSED = new AtomicLong();

  private ConnlensHooks() {}

  /** Installs the agent's handler; replaces any handler installed before. */
  public static void install(HookHandler newHandler) {
    handler = newHandler == null ? HookHandler.NOOP : newHandler;
  }

  /** How many errors the agent's hooks and advice have suppressed since the JVM started. */
  public static long suppressedErrors() {
    return SUPPRESSED.get();
  }

  /**
   * Counts an error thrown inside the agent and lets the handler show it. Also the target of the
   * exception handler of every advice method, so it must never throw itself.
   */
  public static void suppressed(Throwable error) {
    SUPPRESSED.incrementAndGet();
    try {
      handler.suppressed(error);
    } catch (Throwable ignored) {
      // already counted; there is nowhere left to report it
    }
  }

  /** See {@link HookHandler#acquireEnter}. */
  public static Object acquireEnter(Object source, String url) {
    try {
      return handler.acquireEnter(source, url);
    } catch (Throwable t) {
      suppressed(t);
      return null;
    }
  }

  /** See {@link HookHandler#acquireExit}. */
  public static void acquireExit(Object source, String url, Object connection, Throwable thrown, Object token) {
    try {
      handler.acquireExit(source, url, connection, thrown, token);
    } catch (Throwable t) {
      suppressed(t);
    }
  }

  /** See {@link HookHandler#connectEnter}. */
  public static Object connectEnter(Object driver, String url) {
    try {
      return handler.connectEnter(driver, url);
    } catch (Throwable t) {
      suppressed(t);
      return null;
    }
  }

  /** See {@link HookHandler#connectExit}. */
  public static void connectExit(Object driver, String url, Object info, Object connection, Throwable thrown, Object token) {
    try {
      handler.connectExit(driver, url, info, connection, thrown, token);
    } catch (Throwable t) {
      suppressed(t);
    }
  }

  /** See {@link HookHandler#connectionClosed}. */
  public static void connectionClosed(Object connection, Throwable thrown) {
    try {
      handler.connectionClosed(connection, thrown);
    } catch (Throwable t) {
      suppressed(t);
    }
  }

  /** See {@link HookHandler#connectionClosing}. */
  public static void connectionClosing(Object connection) {
    try {
      handler.connectionClosing(connection);
    } catch (Throwable t) {
      suppressed(t);
    }
  }

  /** See {@link HookHandler#statementCreateEnter}. */
  public static Object statementCreateEnter() {
    try {
      return handler.statementCreateEnter();
    } catch (Throwable t) {
      suppressed(t);
      return null;
    }
  }

  /** See {@link HookHandler#statementCreated}. */
  public static void statementCreated(Object connection, String sql, Object statement, Throwable thrown, Object token) {
    try {
      handler.statementCreated(connection, sql, statement, thrown, token);
    } catch (Throwable t) {
      suppressed(t);
    }
  }

  /** See {@link HookHandler#executeEnter}. */
  public static Object executeEnter() {
    try {
      return handler.executeEnter();
    } catch (Throwable t) {
      suppressed(t);
      return null;
    }
  }

  /** See {@link HookHandler#executeExit}. */
  public static void executeExit(Object statement, String sql, int kind, Throwable thrown, Object token) {
    try {
      handler.executeExit(statement, sql, kind, thrown, token);
    } catch (Throwable t) {
      suppressed(t);
    }
  }

  /** See {@link HookHandler#ormLoadEnter}. */
  public static int ormLoadEnter(Object event, int kind) {
    try {
      return handler.ormLoadEnter(event, kind);
    } catch (Throwable t) {
      suppressed(t);
      return 0;
    }
  }

  /** See {@link HookHandler#ormLoadExit}. */
  public static void ormLoadExit(int token) {
    try {
      handler.ormLoadExit(token);
    } catch (Throwable t) {
      suppressed(t);
    }
  }

  /** See {@link HookHandler#transactionEnter}. */
  public static Object transactionEnter() {
    try {
      return handler.transactionEnter();
    } catch (Throwable t) {
      suppressed(t);
      return null;
    }
  }

  /** See {@link HookHandler#transactionExit}. */
  public static void transactionExit(Object connection, int kind, boolean autoCommit, Throwable thrown, Object token) {
    try {
      handler.transactionExit(connection, kind, autoCommit, thrown, token);
    } catch (Throwable t) {
      suppressed(t);
    }
  }

  /** See {@link HookHandler#poolCreatingConnection}. */
  public static void poolCreatingConnection(Object pool, boolean begins) {
    try {
      handler.poolCreatingConnection(pool, begins);
    } catch (Throwable t) {
      suppressed(t);
    }
  }

  /** See {@link HookHandler#poolShutdown}. */
  public static void poolShutdown(Object pool) {
    try {
      handler.poolShutdown(pool);
    } catch (Throwable t) {
      suppressed(t);
    }
  }

  /** See {@link HookHandler#statementCloseEnter}. */
  public static Object statementCloseEnter() {
    try {
      return handler.statementCloseEnter();
    } catch (Throwable t) {
      suppressed(t);
      return null;
    }
  }

  /** See {@link HookHandler#statementClosed}. */
  public static void statementClosed(Object statement, Object token) {
    try {
      handler.statementClosed(statement, token);
    } catch (Throwable t) {
      suppressed(t);
    }
  }

  /** See {@link HookHandler#poolEndsLease}. */
  public static void poolEndsLease(Object connection, Throwable thrown) {
    try {
      handler.poolEndsLease(connection, thrown);
    } catch (Throwable t) {
      suppressed(t);
    }
  }

  /** See {@link HookHandler#exitRequested}. */
  public static void exitRequested(int status) {
    try {
      handler.exitRequested(status);
    } catch (Throwable t) {
      suppressed(t);
    }
  }
}
