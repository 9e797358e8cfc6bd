package io.connlens.bootstrap;

/**
 * What the agent does when instrumented JDBC code runs. The agent installs one implementation with
 * {@link ConnlensHooks#install(HookHandler)}; until then every hook is a no-op.
 *
 * <p>Parameters are typed {@code Object} on purpose: this class lives in the boot class loader, which
 * on JDK 9+ cannot see {@code java.sql}. Every method may throw; {@link ConnlensHooks} catches and
 * counts what it throws so the application never sees it.
 */
public abstract class HookHandler {

  /** Does nothing: the handler in force before the agent starts and after it stops. */
  public static final HookHandler NOOP = new HookHandler() {};

  /**
   * A {@code DataSource.getConnection} or {@code DriverManager.getConnection} call begins.
   *
   * @param source the data source, or {@code null} for {@code DriverManager}
   * @param url the database URL when the caller named one ({@code DriverManager}), else {@code null}
   * @return a token handed back to {@link #acquireExit}; {@code null} means "nothing to do on exit"
   */
  public Object acquireEnter(Object source, String url) {
    return null;
  }

  /**
   * The call begun by {@link #acquireEnter} returns or throws.
   *
   * @param connection the connection returned, or {@code null} when {@code thrown} is set
   */
  public void acquireExit(Object source, String url, Object connection, Throwable thrown, Object token) {}

  /**
   * A {@code java.sql.Driver.connect(url, ..)} call begins; returns a token for {@link #connectExit},
   * {@code null} for "nothing to do". A pool's driver (DBCP2's {@code PoolingDriver}) hands out a lease.
   */
  public Object connectEnter(Object driver, String url) {
    return null;
  }

  /**
   * A {@code java.sql.Driver.connect} call returns or throws.
   *
   * @param info the {@code java.util.Properties} passed to the driver (it may hold a password: never keep it)
   */
  public void connectExit(Object driver, String url, Object info, Object connection, Throwable thrown, Object token) {}

  /**
   * {@code Connection.close()} or {@code Connection.abort(Executor)} returned on {@code connection}.
   *
   * @param thrown what the call threw, or {@code null}: a close that throws may have left the connection open
   */
  public void connectionClosed(Object connection, Throwable thrown) {}

  /** {@code Connection.close()} is about to run on {@code connection}: the last moment it is still the application's. */
  public void connectionClosing(Object connection) {}

  /** Kind of statement execution for {@link #executeExit}: one statement run on its own. */
  public static final int EXECUTE_SINGLE = 0;
  /** Kind of statement execution for {@link #executeExit}: a JDBC batch run ({@code executeBatch}). */
  public static final int EXECUTE_BATCH = 1;

  /** Kind of transaction call for {@link #transactionExit}: {@code setAutoCommit(boolean)}. */
  public static final int SET_AUTO_COMMIT = 0;
  /** Kind of transaction call for {@link #transactionExit}: {@code commit()}. */
  public static final int COMMIT = 1;
  /** Kind of transaction call for {@link #transactionExit}: {@code rollback()}. */
  public static final int ROLLBACK = 2;

  /**
   * {@code Connection.createStatement/prepareStatement/prepareCall} begins; returns a token for
   * {@link #statementCreated}, {@code null} for "nothing to do". The hooks' tokens are
   * objects, not numbers, so that a token can carry what its exit needs (the calling thread's state)
   * and the exit does not look it up again: these hooks run several times per lease.
   */
  public Object statementCreateEnter() {
    return null;
  }

  /**
   * A statement was created on {@code connection}.
   *
   * @param sql the SQL of a prepared or callable statement, {@code null} for {@code createStatement}
   */
  public void statementCreated(Object connection, String sql, Object statement, Throwable thrown, Object token) {}

  /** A {@code Statement} execute or {@code executeBatch} call begins; returns a token. */
  public Object executeEnter() {
    return null;
  }

  /**
   * The call begun by {@link #executeEnter} returns or throws.
   *
   * @param sql the SQL passed to the call ({@code Statement.execute(String)}), or {@code null}
   * @param kind {@link #EXECUTE_SINGLE} or {@link #EXECUTE_BATCH}
   */
  public void executeExit(Object statement, String sql, int kind, Throwable thrown, Object token) {}

  /** {@code Statement.close()} begins; returns a token. */
  public Object statementCloseEnter() {
    return null;
  }

  /**
   * {@code Statement.close()} returned: connlens forgets the statement now rather than when the
   * garbage collector clears it (a statement per lease would otherwise keep one weak reference each
   * alive until the next collection, which then costs more than the statement did). Only the
   * outermost close counts: the statement a pool's proxy closes under it was never recorded.
   */
  public void statementClosed(Object statement, Object token) {}

  /** {@code Connection.setAutoCommit/commit/rollback} begins; returns a token. */
  public Object transactionEnter() {
    return null;
  }

  /**
   * The call begun by {@link #transactionEnter} returns or throws.
   *
   * @param kind {@link #SET_AUTO_COMMIT}, {@link #COMMIT} or {@link #ROLLBACK}
   * @param autoCommit the argument of {@code setAutoCommit}; {@code false} for the others
   */
  public void transactionExit(Object connection, int kind, boolean autoCommit, Throwable thrown, Object token) {}

  /** A pool begins ({@code true}) or ends ({@code false}) creating a physical connection on this thread. */
  public void poolCreatingConnection(Object pool, boolean begins) {}

  /**
   * A pool is being shut down ({@code close()} was called on it): from now on, a physical connection
   * of its that closes under a lease the application never closed was closed by the shutdown.
   */
  public void poolShutdown(Object pool) {}

  /**
   * The application asked the pool to end {@code connection}, a lease it holds, instead of closing
   * it (HikariCP's {@code evictConnection}, DBCP2's {@code invalidateConnection}): the lease ends as
   * if closed, once the call returned without throwing.
   */
  public void poolEndsLease(Object connection, Throwable thrown) {}

  /** {@link #ormLoadEnter} kind: Hibernate initializes a collection (an association's elements). */
  public static final int ORM_COLLECTION = 1;
  /** {@link #ormLoadEnter} kind: Hibernate loads one entity (a to-one association, a proxy, a find). */
  public static final int ORM_ENTITY = 2;

  /**
   * Hibernate begins loading what {@code event} names (an {@code InitializeCollectionEvent} or a
   * {@code LoadEvent}) on this thread: statements run until {@link #ormLoadExit} load it.
   *
   * @param kind {@link #ORM_COLLECTION} or {@link #ORM_ENTITY}
   * @return a token for {@link #ormLoadExit}
   */
  public int ormLoadEnter(Object event, int kind) {
    return 0;
  }

  /** The load begun by {@link #ormLoadEnter} returned or threw. */
  public void ormLoadExit(int token) {}

  /** The application asked the JVM to exit with {@code status} ({@code Runtime.exit}). */
  public void exitRequested(int status) {}

  /** An error inside the agent was suppressed; called once per error, after it was counted. */
  public void suppressed(Throwable error) {}
}
