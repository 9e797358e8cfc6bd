package io.connlens.agent.registry;

import io.connlens.agent.sql.SqlDialect;
import java.lang.ref.WeakReference;

/**
 * One lease: what the application holds from the outermost {@code getConnection} to {@code close()}
 * of the object it got back. Holds no reference to that object, so a dropped connection can still be
 * garbage-collected and reported, and only a weak one to the thread that took it: per-thread state is
 * kept in maps keyed weakly by {@code Thread} that reach leases, and a value must never keep its own
 * key alive (an ended thread, virtual threads above all, would then stay reachable for good).
 */
public final class Lease {
  private final long id;
  private final DataSourceInfo source;
  private final WeakReference<Thread> thread;
  private final String threadName;
  private final long acquiredNanos;
  private final long acquiredAtMillis;
  private final Throwable siteTrace;
  private final StackFrames frames;
  private volatile String database;
  private final String connectionClass;
  private final boolean opensPhysical;
  private volatile SqlDialect dialect;
  private volatile CallSite site;
  private volatile boolean closed;
  /** The pool entry this lease counts in, or {@code null} (not from a pool, or the pool table was full). */
  PoolCounts poolCounts;
  /** The pool's physical connection under this lease, when the pool tells; set once, at open. */
  PhysicalConnection physical;
  /** Set when the pool closed the physical connection under the lease while it was open. */
  private volatile LeaseEnd poolEnd;

  // statement activity, written under this lease's lock by StatementRecorder, read by detectors
  private volatile long statements;
  private volatile String lastSql;
  private volatile boolean inTransaction;
  private volatile long lastActivityNanos;
  private volatile Throwable lastStatementTrace;
  /** {@link StatementRecorder}'s state for this lease, or {@code null} before its first statement. */
  volatile StatementRecorder.LeaseWork statementWork;
  /**
   * The JFR lease event begun at acquire, or {@code null}: typed {@code Object} so that this class
   * never links {@code jdk.jfr}, absent from some runtimes.
   */
  private volatile Object flightRecorderEvent;
  /**
   * The OpenTelemetry span begun at acquire, or {@code null}: typed {@code Object} because the
   * OpenTelemetry API is the application's (or the OpenTelemetry agent's), never the agent's own.
   */
  private volatile Object exportSpan;
  /**
   * How long the borrow that made this lease waited in its pool, in nanoseconds; 0 when it did not
   * come from a pool. Written once by the acquiring thread right after the lease opened, read at close.
   */
  private long borrowWaitNanos;
  /**
   * The {@link #lastActivityNanos()} of the idle spell last reported as IDLE_IN_TRANSACTION, or
   * {@link Long#MIN_VALUE}: written by the scan thread only. A field of the lease, not an entry of a
   * detector's map, so that a close costs no map removal and the mark goes with the lease.
   */
  private volatile long idleSpellReported = Long.MIN_VALUE;

  Lease(long id, DataSourceInfo source, WeakReference<Thread> thread, String threadName, long acquiredNanos,
      long acquiredAtMillis, Throwable siteTrace, StackFrames frames, String database, String connectionClass,
      boolean opensPhysical) {
    this.id = id;
    this.source = source;
    this.thread = thread;
    this.threadName = threadName;
    this.acquiredNanos = acquiredNanos;
    this.acquiredAtMillis = acquiredAtMillis;
    this.siteTrace = siteTrace;
    this.frames = frames;
    this.database = database;
    this.connectionClass = connectionClass;
    this.opensPhysical = opensPhysical;
  }

  /**
   * Whether its {@code getConnection} opened a physical connection of its own, outside any pool
   * connlens knows: {@code DriverManager}, or a data source that connects through its driver on every
   * call. What UNPOOLED_CONNECTIONS counts.
   */
  public boolean opensPhysical() {
    return opensPhysical;
  }

  /**
   * The SQL dialect its statements are read in: from the database URL, else the connection's class
   * (a driver's), else what the pool learned from its physical connections; {@link SqlDialect#GENERIC}
   * (which redacts wherever dialects disagree) when none tells. Settled once the URL is known.
   */
  public SqlDialect dialect() {
    SqlDialect d = dialect;
    if (d != null) {
      return d;
    }
    String url = database();
    d = source.knownDialect(url, connectionClass);
    if (d != null) {
      dialect = d;
      return d;
    }
    d = SqlDialect.fromUrl(url);
    if (d == SqlDialect.GENERIC) {
      d = SqlDialect.fromClassName(connectionClass);
    }
    if (d == SqlDialect.GENERIC) {
      d = source.dialect();
    }
    // settled once known, or once the URL is known (a known URL of an unknown database stays unknown);
    // until then a pool may still learn it from a physical connection
    if (d != SqlDialect.GENERIC || url != null) {
      dialect = d;
    }
    if (d != SqlDialect.GENERIC) {
      source.rememberDialect(url, connectionClass, d);
    }
    return d;
  }

  /** A number unique in this JVM, in acquire order. */
  public long id() {
    return id;
  }

  /** The data source or pool the lease came from. */
  public DataSourceInfo source() {
    return source;
  }

  /** The pool or data source name, or {@code null} for DriverManager. */
  public String pool() {
    return source.name();
  }

  /** The database URL, password removed, or {@code null} when unknown. */
  public String database() {
    String db = database;
    return db != null ? db : source.database();
  }

  void database(String url) {
    if (url != null) {
      database = url;
    }
  }

  /**
   * The thread that acquired the connection, or {@code null} once that thread has ended and was
   * garbage-collected (a live thread is always reachable, so {@code null} means it ended).
   */
  public Thread thread() {
    return thread.get();
  }

  /** The acquiring thread's name at acquire time. */
  public String threadName() {
    return threadName;
  }

  /** {@link System#nanoTime()} at acquire. */
  public long acquiredNanos() {
    return acquiredNanos;
  }

  /** Wall-clock time of the acquire (epoch milliseconds). */
  public long acquiredAtMillis() {
    return acquiredAtMillis;
  }

  /**
   * Where the connection was acquired, expanded from the captured trace on first use (expanding is
   * the expensive part of a stack capture, so leases that are closed in time never pay it).
   */
  public CallSite site() {
    CallSite s = site;
    if (s == null) {
      s = siteTrace == null ? CallSite.UNKNOWN : frames.site(siteTrace);
      site = s;
    }
    return s;
  }

  /** How many statements ran on this lease (batches count once). */
  public long statements() {
    return statements;
  }

  /** The normalized SQL of the last statement, or {@code null}. */
  public String lastSql() {
    return lastSql;
  }

  /** Whether a transaction is open: auto-commit off and a statement ran since the last commit or rollback. */
  public boolean inTransaction() {
    return inTransaction;
  }

  /** {@link System#nanoTime()} of the last statement, commit or rollback. */
  public long lastActivityNanos() {
    return lastActivityNanos;
  }

  /** Where the last statement ran, when it was captured, else {@link CallSite#UNKNOWN}. */
  public CallSite lastStatementSite() {
    Throwable trace = lastStatementTrace;
    return trace == null ? CallSite.UNKNOWN : frames.site(trace);
  }


  /** Whether this lease's acquire site was captured (so its statements may be captured too). */
  boolean capturesSites() {
    return siteTrace != null;
  }

  void statementRan(String sql, long nowNanos, boolean transaction, Throwable trace) {
    statements++;
    lastSql = sql;
    lastActivityNanos = nowNanos;
    inTransaction = transaction;
    lastStatementTrace = trace;
  }

  void transactionEnded(long nowNanos) {
    inTransaction = false;
    lastActivityNanos = nowNanos;
    lastStatementTrace = null;
  }

  /** Whether the application closed the connection. */
  public boolean isClosed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }

  /**
   * How the pool ended this lease's physical connection while the application still held the lease,
   * or {@code null} when it did not (or connlens could not see the physical connection).
   */
  public LeaseEnd poolEnd() {
    return poolEnd;
  }

  void poolEnded(LeaseEnd end) {
    if (poolEnd == null) {
      poolEnd = end;
    }
  }

  /** The physical connection under this lease, or {@code null} when the pool did not tell. */
  public PhysicalConnection physical() {
    return physical;
  }

  /**
   * The JFR event begun when this lease was acquired, or {@code null} when no recording wanted one:
   * kept here, not in a map, because JFR measures a duration only between its own begin and end.
   */
  public Object flightRecorderEvent() {
    return flightRecorderEvent;
  }

  /** Sets (or, with {@code null}, drops) the JFR event of {@link #flightRecorderEvent()}. */
  public void flightRecorderEvent(Object event) {
    flightRecorderEvent = event;
  }

  /** The OpenTelemetry span of this lease, or {@code null}. */
  public Object exportSpan() {
    return exportSpan;
  }

  /** Sets (or, with {@code null}, drops) the span of {@link #exportSpan()}. */
  public void exportSpan(Object span) {
    exportSpan = span;
  }

  /** Whether the idle spell that began at activity {@code activityNanos} was reported already. */
  public boolean idleSpellReported(long activityNanos) {
    return idleSpellReported == activityNanos;
  }

  /** Marks the idle spell that began at activity {@code activityNanos} as reported (scan thread). */
  public void markIdleSpellReported(long activityNanos) {
    idleSpellReported = activityNanos;
  }

  /** How long its borrow waited in the pool, in nanoseconds (0: not from a pool, or not measured). */
  public long borrowWaitNanos() {
    return borrowWaitNanos;
  }

  /** Records how long its borrow waited in the pool. */
  public void borrowWaited(long nanos) {
    borrowWaitNanos = nanos;
  }
}
