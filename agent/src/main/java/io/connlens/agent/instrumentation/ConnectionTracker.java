package io.connlens.agent.instrumentation;

import io.connlens.agent.jdbc.JdbcUrls;
import io.connlens.agent.jvm.JvmShutdown;
import io.connlens.agent.registry.DataSourceInfo;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.OrmLoad;
import io.connlens.agent.registry.PhysicalConnection;
import io.connlens.agent.registry.RecentStatement;
import io.connlens.agent.registry.StatementRecorder;
import io.connlens.agent.sql.SqlDialect;
import io.connlens.bootstrap.HookHandler;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Turns the hook calls of the instrumented JDBC methods into leases and physical connections.
 *
 * <p>Nesting rules, kept per thread: a lease opens at the outermost {@code getConnection} only (a pool
 * over a driver data source, a Spring or Testcontainers wrapper: one lease, owned by the outermost
 * call); a physical connection opens at the outermost {@code Driver.connect}, or at the outermost
 * {@code DataSource.getConnection} made while a pool is creating a connection. Enter returns a token
 * saying which counter it raised, so exit lowers the same one even if the enter hook failed midway.
 */
public final class ConnectionTracker extends HookHandler {
  static final int NOTHING = 0;
  static final int ACQUIRE_NESTED = 1;
  static final int ACQUIRE_OUTERMOST = 2;
  static final int CONNECT_NESTED = 3;
  static final int CONNECT_OUTERMOST = 4;
  static final int NESTED = 5;
  static final int OUTERMOST = 6;

  /**
   * What an enter hook hands its exit: the thread's state, and the kind of call ({@link #ACQUIRE_OUTERMOST}
   * and the others). One per kind per thread, made with its state: a call allocates nothing, and the
   * exit does not look the thread's state up again (these hooks run several times per lease).
   */
  private static final class CallToken {
    final ThreadState state;
    final int kind;

    CallToken(ThreadState state, int kind) {
      this.state = state;
      this.kind = kind;
    }
  }

  /** What one thread is in the middle of. */
  private static final class ThreadState {
    private final CallToken[] calls = new CallToken[OUTERMOST + 1];
    /** The statement this thread made last, for its executes to skip the recorder's lookup. */
    final RecentStatement recentStatement = new RecentStatement();
    int acquireDepth;
    int connectDepth;
    int poolCreating;
    int createDepth;
    int executeDepth;
    int closeDepth;
    int transactionDepth;
    Object poolCreatingOwner;
    Object acquirePoolObject;
    DataSourceInfo acquirePool;
    PhysicalConnection acquirePhysical;
    /** {@link System#nanoTime()} when the borrow from {@link #acquirePool} began: its wait (pool sizing). */
    long borrowStartNanos;
    String connectUrl;
    String connectUser;
    /** What a connect inside this thread's borrow threw, for the borrow's exit to explain; rare. */
    Throwable connectFailure;
    String connectFailureUrl;
    /** The Hibernate loads this thread is inside, innermost last; deeper ones are only counted. */
    final OrmLoad[] ormLoads = new OrmLoad[MAX_ORM_DEPTH];
    int ormDepth;

    ThreadState() {
      for (int kind = ACQUIRE_NESTED; kind <= OUTERMOST; kind++) {
        calls[kind] = new CallToken(this, kind);
      }
    }

    /** This thread's token for a call of {@code kind}. */
    CallToken call(int kind) {
      return calls[kind];
    }

    /** The innermost load a statement on this thread runs for, or {@code null}. */
    OrmLoad currentOrmLoad() {
      int depth = Math.min(ormDepth, MAX_ORM_DEPTH);
      return depth == 0 ? null : ormLoads[depth - 1];
    }

    void endAcquire() {
      acquirePoolObject = null;
      acquirePool = null;
      acquirePhysical = null;
      connectFailure = null;
      connectFailureUrl = null;
    }
  }

  /** The deepest nesting of Hibernate loads whose names are kept (an entity graph seldom nests past 4). */
  static final int MAX_ORM_DEPTH = 16;

  private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);

  private final LeaseRegistry registry;
  private final StatementRecorder statements;
  private final IntConsumer exitRequested;
  private final Consumer<Throwable> suppressed;
  /** The application-name tag, or {@code null} when {@code tag.application_name} is off. */
  private final ApplicationNameTag applicationNameTag;

  /**
   * @param statements where statement activity goes, or {@code null} when statements are not tracked
   * @param exitRequested told of {@code Runtime.exit(status)} calls
   * @param suppressed told of each suppressed agent error (already counted by the bootstrap)
   */
  public ConnectionTracker(LeaseRegistry registry, StatementRecorder statements, IntConsumer exitRequested,
      Consumer<Throwable> suppressed) {
    this(registry, statements, exitRequested, suppressed, false);
  }

  /**
   * @param tagApplicationName whether PostgreSQL connections carry their acquire site as their
   *     application name while leased ({@code tag.application_name})
   */
  public ConnectionTracker(LeaseRegistry registry, StatementRecorder statements, IntConsumer exitRequested,
      Consumer<Throwable> suppressed, boolean tagApplicationName) {
    this.registry = registry;
    this.statements = statements;
    this.exitRequested = exitRequested;
    this.suppressed = suppressed;
    this.applicationNameTag = tagApplicationName ? new ApplicationNameTag() : null;
  }

  @Override
  public Object acquireEnter(Object source, String url) {
    ThreadState ts = STATE.get();
    if (ts.poolCreating > 0) {
      // the pool is opening a physical connection through a data source: not a lease
      return ts.call(connectEnter(ts));
    }
    return acquireEnter(ts, source, null);
  }

  /**
   * A {@code getConnection} or a borrow from {@code source} begins on this thread; {@code known} is what the
   * registry knows of {@code source} when the caller looked it up already, else {@code null}.
   */
  private Object acquireEnter(ThreadState ts, Object source, DataSourceInfo known) {
    int token = ts.acquireDepth++ == 0 ? ACQUIRE_OUTERMOST : ACQUIRE_NESTED;
    if (token == ACQUIRE_OUTERMOST) {
      ts.endAcquire();
    }
    if (source != null && ts.acquirePool == null) {
      DataSourceInfo info = known != null ? known : registry.source(source);
      if (info.isPool()) {
        // named now when the pool has its name already, so that the physical connections it opens
        // during this borrow count under the same name as the lease
        info.resolveName(source);
        ts.acquirePool = info;
        ts.acquirePoolObject = source;
        ts.borrowStartNanos = System.nanoTime();
      }
    }
    return ts.call(token);
  }

  @Override
  public void acquireExit(Object source, String url, Object connection, Throwable thrown, Object token) {
    CallToken call = callOf(token);
    if (call == null) {
      return; // the enter hook failed before it counted anything
    }
    ThreadState ts = call.state;
    int kind = call.kind;
    switch (kind) {
      case CONNECT_NESTED:
      case CONNECT_OUTERMOST:
        connectExit(ts, url, null, connection, thrown, kind);
        return;
      case ACQUIRE_NESTED:
        ts.acquireDepth--;
        return;
      case ACQUIRE_OUTERMOST:
        ts.acquireDepth--;
        try {
          Lease lease = thrown == null && connection != null ? openLease(ts, source, url, connection) : null;
          if (ts.acquirePool != null) {
            borrowEnded(ts, lease);
          }
          if (thrown != null || ts.connectFailure != null) {
            acquireFailed(ts, source, url, thrown);
          }
        } finally {
          ts.endAcquire();
        }
        return;
      default:
        // the enter hook failed before it counted anything
    }
  }

  /**
   * A borrow from the pool ended with {@code lease} ({@code null}: it failed, and waited too: a pool's
   * timeout waits longest). The lease's acquire time ends it, so a successful borrow reads the clock once.
   */
  private void borrowEnded(ThreadState ts, Lease lease) {
    long end;
    if (lease != null) {
      end = lease.acquiredNanos();
      lease.borrowWaited(end - ts.borrowStartNanos);
    } else {
      end = System.nanoTime();
      ts.acquirePool.resolveName(ts.acquirePoolObject); // counted under the pool's name, as its leases are
    }
    registry.borrowed(ts.acquirePool, end - ts.borrowStartNanos);
  }

  private Lease openLease(ThreadState ts, Object source, String url, Object connection) {
    DataSourceInfo info = sourceOfAcquire(ts, source);
    // a pool's lease is to the database of its physical connections (null: the pool's, once it knows),
    // never to the URL a borrow through a pool's driver passes (jdbc:apache:commons:dbcp:orders)
    String database = ts.acquirePhysical != null ? ts.acquirePhysical.database()
        : ts.acquirePool != null ? null : JdbcUrls.redact(url);
    // DriverManager's connection is the driver's own: physical even when the driver was not instrumented
    boolean opensPhysical = ts.acquirePhysical != null || info == DataSourceInfo.DRIVER_MANAGER;
    Lease lease = registry.open(connection, info, database, Thread.currentThread(), opensPhysical);
    if (applicationNameTag != null) {
      asConnlensOwn(ts, () -> applicationNameTag.leased(connection, lease));
    }
    return lease;
  }

  /** The pool the outermost acquire is from, named now, else {@code source} (or DriverManager). */
  private DataSourceInfo sourceOfAcquire(ThreadState ts, Object source) {
    if (ts.acquirePool != null) {
      ts.acquirePool.resolveName(ts.acquirePoolObject);
      return ts.acquirePool;
    }
    return source == null ? DataSourceInfo.DRIVER_MANAGER : registry.source(source);
  }

  /** The failure path of a borrow: the registry's failure listeners explain it (exhaustion, a server's limit). */
  private void acquireFailed(ThreadState ts, Object source, String url, Throwable thrown) {
    DataSourceInfo info = sourceOfAcquire(ts, source);
    String database = url != null ? JdbcUrls.redact(url) : info.database();
    if (database == null) {
      database = ts.connectFailureUrl;
    }
    registry.borrowFailed(info, database, thrown, ts.connectFailure, ts.connectFailureUrl);
  }

  /**
   * A driver's {@code connect}: a physical connection, unless the driver is a pool's (DBCP2's
   * {@code PoolingDriver}), whose connect is a borrow from the pool the URL names, as a pool's
   * {@code getConnection} is.
   */
  @Override
  public Object connectEnter(Object driver, String url) {
    ThreadState ts = STATE.get();
    if (ts.poolCreating == 0) {
      DataSourceInfo pool = registry.poolBehindDriver(driver, url);
      if (pool != null) {
        return acquireEnter(ts, pool.sourceObject(), pool);
      }
    }
    return ts.call(connectEnter(ts));
  }

  private static int connectEnter(ThreadState ts) {
    if (ts.connectDepth++ == 0) {
      ts.connectUrl = null;
      ts.connectUser = null;
      return CONNECT_OUTERMOST;
    }
    return CONNECT_NESTED;
  }

  @Override
  public void connectExit(Object driver, String url, Object info, Object connection, Throwable thrown, Object token) {
    CallToken call = callOf(token);
    if (call == null) {
      return;
    }
    if (call.kind == ACQUIRE_NESTED || call.kind == ACQUIRE_OUTERMOST) {
      acquireExit(null, url, connection, thrown, token); // a borrow through a pool's driver
    } else if (call.kind == CONNECT_NESTED || call.kind == CONNECT_OUTERMOST) {
      connectExit(call.state, url, info, connection, thrown, call.kind);
    }
  }

  private void connectExit(ThreadState ts, String url, Object info, Object connection, Throwable thrown, int token) {
    ts.connectDepth--;
    if (thrown != null || connection == null) {
      // a driver returns null for a URL it does not accept (DriverManager asks every driver in turn):
      // nothing of the call is the connection's, and its properties are not even read
      if (thrown != null) {
        connectFailed(ts, url, thrown, token);
      }
      if (token == CONNECT_OUTERMOST) {
        ts.connectUrl = null;
        ts.connectUser = null;
      }
      return;
    }
    // nested calls exit first: the outermost call keeps its own URL, else takes the one a nested call saw
    String effectiveUrl = url != null ? url : ts.connectUrl;
    String user = JdbcUrls.user(url, info instanceof Properties ? (Properties) info : null);
    if (user == null) {
      user = ts.connectUser;
    }
    if (token == CONNECT_NESTED) {
      if (ts.connectUrl == null) {
        ts.connectUrl = url;
      }
      if (ts.connectUser == null) {
        ts.connectUser = user;
      }
      return;
    }
    ts.connectUrl = null;
    ts.connectUser = null;
    String database = JdbcUrls.redact(effectiveUrl);
    String pool = null;
    if (ts.acquireDepth > 0 && ts.acquirePool != null) {
      ts.acquirePool.learnDatabase(database);
      ts.acquirePool.resolveName(ts.acquirePoolObject);
      pool = ts.acquirePool.name();
    } else if (ts.poolCreatingOwner != null) {
      pool = registry.poolNameOfOwner(ts.poolCreatingOwner, effectiveUrl);
    }
    PhysicalConnection p = registry.openPhysical(connection, database, user, pool, Thread.currentThread().getName());
    if (ts.acquireDepth > 0) {
      ts.acquirePhysical = p;
      if (ts.acquirePool != null) {
        // the pool's leases are its proxies: the driver's own connection class names the dialect
        ts.acquirePool.learnDialect(SqlDialect.fromClassName(connection.getClass().getName()));
      }
    }
  }

  /**
   * A connect that threw: at the outermost call, handed to the registry's failure listeners, or, inside
   * a borrow, kept for the borrow's exit (which sees what the pool made of it); a nested call only
   * passes its URL out.
   */
  private void connectFailed(ThreadState ts, String url, Throwable thrown, int token) {
    if (token == CONNECT_NESTED) {
      if (ts.connectUrl == null) {
        ts.connectUrl = url;
      }
      return;
    }
    String database = JdbcUrls.redact(url != null ? url : ts.connectUrl);
    if (ts.acquireDepth > 0) {
      if (ts.connectFailure == null) {
        ts.connectFailure = thrown;
        ts.connectFailureUrl = database;
      }
      return;
    }
    String pool = ts.poolCreatingOwner == null ? null : registry.poolNameOfOwner(ts.poolCreatingOwner, database);
    registry.connectFailed(database, pool, thrown);
  }

  @Override
  public void connectionClosing(Object connection) {
    if (applicationNameTag != null) {
      asConnlensOwn(STATE.get(), () -> applicationNameTag.closing(connection));
    }
  }

  /**
   * Runs what connlens itself does to a connection: the driver may run it through statements of its
   * own, which the raised depths make nested calls, never the application's statements.
   */
  private static void asConnlensOwn(ThreadState ts, Runnable work) {
    ts.createDepth++;
    ts.executeDepth++;
    try {
      work.run();
    } finally {
      ts.createDepth--;
      ts.executeDepth--;
    }
  }

  @Override
  public void connectionClosed(Object connection, Throwable thrown) {
    if (thrown != null && !reportsClosed(connection)) {
      return; // close() failed and the connection says it is still open: the lease goes on
    }
    registry.close(connection);
    registry.closePhysical(connection);
  }

  /**
   * After a {@code close()} that threw: whether the connection says it is closed. A read-only call,
   * made only on that failure path; a connection that cannot tell is taken as still open.
   */
  private static boolean reportsClosed(Object connection) {
    if (!(connection instanceof Connection)) {
      return true;
    }
    try {
      return ((Connection) connection).isClosed();
    } catch (SQLException | RuntimeException | LinkageError e) {
      return false;
    }
  }

  // Statements: a pool's proxy statement delegating to the driver's counts once, at the outermost call,
  // on the objects the application sees (one depth per kind, as OpenTelemetry's CallDepth). The enter
  // hook hands its exit the thread's state in the token, so that each call looks the thread up once.

  /** Whether {@code token}, from a statement or transaction enter hook, stands for an outermost call. */
  static boolean outermost(Object token) {
    return kindOf(token) == OUTERMOST;
  }

  /** The kind of call {@code token}, from an enter hook, stands for; {@link #NOTHING} for none. */
  static int kindOf(Object token) {
    CallToken call = callOf(token);
    return call == null ? NOTHING : call.kind;
  }

  /** {@code token} as the call an enter hook handed out, or {@code null} (the hook did nothing, or failed). */
  private static CallToken callOf(Object token) {
    return token instanceof CallToken ? (CallToken) token : null;
  }

  @Override
  public Object statementCreateEnter() {
    if (statements == null) {
      return null;
    }
    ThreadState ts = STATE.get();
    return ts.call(ts.createDepth++ == 0 ? OUTERMOST : NESTED);
  }

  @Override
  public void statementCreated(Object connection, String sql, Object statement, Throwable thrown, Object token) {
    CallToken call = callOf(token);
    if (call == null) {
      return;
    }
    call.state.createDepth--;
    if (call.kind == OUTERMOST && thrown == null && statement != null) {
      statements.created(connection, sql, statement, call.state.recentStatement);
    }
  }

  @Override
  public Object executeEnter() {
    if (statements == null) {
      return null;
    }
    ThreadState ts = STATE.get();
    return ts.call(ts.executeDepth++ == 0 ? OUTERMOST : NESTED);
  }

  @Override
  public void executeExit(Object statement, String sql, int kind, Throwable thrown, Object token) {
    CallToken call = callOf(token);
    if (call == null) {
      return;
    }
    call.state.executeDepth--;
    if (call.kind == OUTERMOST) {
      statements.executed(statement, sql, kind == EXECUTE_BATCH, call.state.currentOrmLoad(), call.state.recentStatement);
    }
  }

  @Override
  public Object statementCloseEnter() {
    if (statements == null) {
      return null;
    }
    ThreadState ts = STATE.get();
    return ts.call(ts.closeDepth++ == 0 ? OUTERMOST : NESTED);
  }

  @Override
  public void statementClosed(Object statement, Object token) {
    CallToken call = callOf(token);
    if (call == null) {
      return;
    }
    call.state.closeDepth--;
    if (call.kind == OUTERMOST) {
      // forgotten even when close() threw: a statement whose close failed is not used again
      statements.closed(statement, call.state.recentStatement);
    }
  }

  @Override
  public Object transactionEnter() {
    if (statements == null) {
      return null;
    }
    ThreadState ts = STATE.get();
    return ts.call(ts.transactionDepth++ == 0 ? OUTERMOST : NESTED);
  }

  @Override
  public void transactionExit(Object connection, int kind, boolean autoCommit, Throwable thrown, Object token) {
    CallToken call = callOf(token);
    if (call == null) {
      return;
    }
    call.state.transactionDepth--;
    if (thrown != null) {
      return;
    }
    if (call.kind == OUTERMOST) {
      statements.transaction(connection, kind == SET_AUTO_COMMIT, autoCommit);
    }
    if (kind == SET_AUTO_COMMIT) {
      // nested too: a pool's proxy passes the call on to the driver's connection, which keeps the mode
      statements.autoCommitSet(connection, autoCommit);
    }
  }

  /**
   * Hibernate begins a load: until it ends, statements on this thread run for it. The token is the
   * depth after this load (0 when statements are not tracked), so that an exit always restores the
   * depth its enter found, even if a hook in between failed.
   */
  @Override
  public int ormLoadEnter(Object event, int kind) {
    if (statements == null) {
      return 0;
    }
    ThreadState ts = STATE.get();
    OrmLoad load;
    try {
      load = HibernateEvents.describe(event, kind);
    } catch (ReflectiveOperationException e) {
      load = null; // a Hibernate whose events say less: the burst is still reported, without the name
    }
    int depth = ts.ormDepth;
    if (depth < MAX_ORM_DEPTH) {
      // an unnamed load still hides the outer one: its statements are not the outer load's
      ts.ormLoads[depth] = load;
    }
    ts.ormDepth = depth + 1;
    return depth + 1;
  }

  @Override
  public void ormLoadExit(int token) {
    if (token <= 0) {
      return;
    }
    ThreadState ts = STATE.get();
    int depth = token - 1;
    if (depth < MAX_ORM_DEPTH) {
      ts.ormLoads[depth] = null;
    }
    ts.ormDepth = depth;
  }

  @Override
  public void poolCreatingConnection(Object pool, boolean begins) {
    ThreadState ts = STATE.get();
    if (begins) {
      if (ts.poolCreating++ == 0) {
        ts.poolCreatingOwner = pool;
      }
    } else if (ts.poolCreating > 0 && --ts.poolCreating == 0) {
      ts.poolCreatingOwner = null;
    }
  }

  @Override
  public void poolShutdown(Object pool) {
    registry.source(pool).markShutDown(JvmShutdown.inProgress());
  }

  @Override
  public void poolEndsLease(Object connection, Throwable thrown) {
    if (thrown == null && connection != null) {
      registry.close(connection);
    }
  }

  @Override
  public void exitRequested(int status) {
    exitRequested.accept(status);
  }

  @Override
  public void suppressed(Throwable error) {
    suppressed.accept(error);
  }
}
