package io.connlens.agent.registry;

import io.connlens.agent.sql.SqlFingerprint;
import io.connlens.agent.sql.SqlFingerprintCache;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Records what runs on each lease: statements (by SQL fingerprint), batches, commits and rollbacks.
 * Keeps, per lease, the current unit of work (the transaction, else the lease) and, per thread, the
 * run of back-to-back executions across leases, and hands each query burst to the listener when its
 * unit ends. Ordinary statements pay for a fingerprint lookup and a count; a stack is captured only
 * when a query nears the threshold.
 *
 * <p>Bounded: a unit of work counts at most {@value UnitOfWork#MAX_QUERIES} distinct queries, and at
 * most {@value #MAX_THREAD_WINDOWS} threads keep a run at once (threads are held weakly, so an ended
 * thread's run goes with it). What a bound refuses is counted ({@link #droppedUnitQueries},
 * {@link #droppedThreadRuns}), and so are statements read only in their first 64 KiB
 * ({@link #cutStatements}), all shown in the report's summary.
 */
public final class StatementRecorder implements LeaseListener {
  /** The most threads whose back-to-back runs are tracked at once. */
  static final int MAX_THREAD_WINDOWS = 16_384;

  private final LeaseRegistry registry;
  private final SqlFingerprintCache fingerprints;
  private final int threshold;
  private final StackFrames frames;
  private final Function<Object, Boolean> autoCommitProbe;
  private final WeakIdentityMap<Object, StatementInfo> statements = new WeakIdentityMap<>();
  private final WeakIdentityMap<Thread, ThreadWindow> windows = new WeakIdentityMap<>();
  private final ThreadLocal<ThreadWindow> window = new ThreadLocal<>();
  private final LongAdder droppedUnitQueries = new LongAdder();
  private final LongAdder droppedThreadRuns = new LongAdder();
  private final LongAdder cutStatements = new LongAdder();
  /**
   * What the recorder keeps per open lease, in {@link Lease#statementWork}: its current unit of work
   * and its auto-commit mode, written under the lease's lock. A field of the lease rather than an
   * entry in a map, so that it costs no map entry per lease and goes with the lease.
   */
  static final class LeaseWork {
    UnitOfWork unit;
    Boolean autoCommit;
  }

  /** Copied on write: added at wiring, read at the end of every unit of work. */
  private volatile QueryBurstListener[] listeners = new QueryBurstListener[0];

  /**
   * The statement a connection handed out, the SQL it was prepared with, and that SQL's fingerprint
   * once it ran: a prepared statement is fingerprinted once, however often it runs and however long.
   */
  static final class StatementInfo {
    final Lease lease;
    final String sql;
    volatile SqlFingerprint prepared;
    /** Set when the statement was closed, on any thread: a thread's {@link RecentStatement} then no longer answers for it. */
    volatile boolean closed;

    StatementInfo(Lease lease, String sql) {
      this.lease = lease;
      this.sql = sql;
    }
  }

  /**
   * @param threshold {@code nplusone.threshold}
   * @param autoCommitProbe asks a statement's connection for its auto-commit mode, once per lease whose
   *     mode no {@code setAutoCommit} call told; returns {@code null} when it cannot tell
   */
  public StatementRecorder(LeaseRegistry registry, SqlFingerprintCache fingerprints, int threshold, StackFrames frames,
      Function<Object, Boolean> autoCommitProbe) {
    this.registry = registry;
    this.fingerprints = fingerprints;
    this.threshold = threshold;
    this.frames = frames;
    this.autoCommitProbe = autoCommitProbe;
  }

  /** Adds a listener told of every query burst from now on. */
  public synchronized void addListener(QueryBurstListener listener) {
    listeners = CopyOnWrite.appended(listeners, listener);
  }

  private void announce(QueryBurst burst) {
    for (QueryBurstListener listener : listeners) {
      listener.onBurst(burst);
    }
  }

  /** A statement was created on {@code connection}; {@code sql} is null for {@code createStatement}. */
  public void created(Object connection, String sql, Object statement) {
    created(connection, sql, statement, null);
  }

  /**
   * As {@link #created(Object, String, Object)}, on the thread whose most recent statement
   * {@code recent} holds (or {@code null}): the new statement becomes it.
   */
  public void created(Object connection, String sql, Object statement, RecentStatement recent) {
    Lease lease = registry.leaseOf(connection);
    if (lease != null) {
      StatementInfo info = new StatementInfo(lease, sql);
      WeakReference<Object> stored = statements.putIfAbsentWeakly(statement, info);
      if (stored != null && recent != null) {
        recent.remember(stored, info);
      }
    }
  }

  /**
   * The outermost {@code close()} returned on {@code statement} (a pool's proxy closing its driver's
   * statement beneath is a nested call, never passed here). Forgets it now: a lease's statements are otherwise
   * kept, weakly, until a garbage collection clears them, and at a statement per lease that costs the
   * collector far more than the statement cost the application.
   */
  public void closed(Object statement) {
    closed(statement, null);
  }

  /** As {@link #closed(Object)}, on the thread whose most recent statement {@code recent} holds (or {@code null}). */
  public void closed(Object statement, RecentStatement recent) {
    StatementInfo info = statements.remove(statement);
    if (info != null) {
      info.closed = true;
    }
    if (recent != null) {
      recent.forget(statement);
    }
  }

  /** A statement ran outside any Hibernate load; see {@link #executed(Object, String, boolean, OrmLoad)}. */
  public void executed(Object statement, String sql, boolean batch) {
    executed(statement, sql, batch, null);
  }

  /**
   * A statement ran ({@code batch}: a JDBC batch, which never counts as a repeat).
   *
   * @param sql the SQL passed to the call, or {@code null} for a prepared statement
   * @param ormLoad what Hibernate was loading on this thread, or {@code null}
   */
  public void executed(Object statement, String sql, boolean batch, OrmLoad ormLoad) {
    executed(statement, sql, batch, ormLoad, null);
  }

  /**
   * As {@link #executed(Object, String, boolean, OrmLoad)}, on the thread whose most recent statement
   * {@code recent} holds (or {@code null}).
   */
  public void executed(Object statement, String sql, boolean batch, OrmLoad ormLoad, RecentStatement recent) {
    StatementInfo info = recent != null ? recent.infoOf(statement) : null;
    if (info == null) {
      info = statements.get(statement);
    }
    if (info == null) {
      return; // made before connlens started, or on a connection that is not a lease (a pool's own)
    }
    Lease lease = info.lease;
    SqlFingerprint query;
    if (sql != null) {
      query = fingerprints.get(sql, lease.dialect());
    } else if (info.sql == null) {
      return;
    } else {
      query = info.prepared;
      if (query == null) {
        query = fingerprints.get(info.sql, lease.dialect());
        info.prepared = query;
      }
    }
    if (query.isCut()) {
      cutStatements.increment();
    }
    long now = System.nanoTime();
    QueryBurst ended = null;
    boolean transaction;
    LeaseWork leaseWork = workOf(lease);
    // asked outside the lease's lock: it calls into the application's JDBC objects
    Boolean probed = leaseWork.autoCommit == null ? autoCommitOf(lease, statement) : null;
    synchronized (lease) {
      if (leaseWork.autoCommit == null) {
        // a driver that cannot tell is taken at JDBC's default, and not asked again
        leaseWork.autoCommit = probed != null ? probed : Boolean.TRUE;
      }
      transaction = Boolean.FALSE.equals(leaseWork.autoCommit);
      Throwable trace = transaction && lease.capturesSites() ? new Throwable("connlens statement site") : null;
      lease.statementRan(query.normalized(), now, transaction, trace);
      if (!batch) {
        if (leaseWork.unit == null) {
          leaseWork.unit = new UnitOfWork();
        }
        QueryStats stats = leaseWork.unit.record(query, Thread.currentThread().getName(), ormLoad);
        if (stats == null) {
          droppedUnitQueries.increment();
        } else if (stats.wantsSite(threshold)) {
          stats.offerSite(captureSite());
        }
      }
    }
    if (!batch && !transaction) {
      ended = recordInWindow(query, lease, now, ormLoad);
    }
    if (ended != null) {
      announce(ended);
    }
  }

  private QueryBurst recordInWindow(SqlFingerprint query, Lease lease, long now, OrmLoad ormLoad) {
    ThreadWindow w = window.get();
    if (w == null) {
      if (windows.size() >= MAX_THREAD_WINDOWS) {
        windows.pollCollected(); // ended threads not yet polled by the scan may make room
        if (windows.size() >= MAX_THREAD_WINDOWS) {
          droppedThreadRuns.increment();
          return null;
        }
      }
      Thread t = Thread.currentThread();
      w = new ThreadWindow(t.getName());
      window.set(w);
      windows.putIfAbsent(t, w);
    }
    QueryBurst ended = w.record(query, lease, now, threshold, ormLoad);
    QueryStats run = w.current();
    if (run != null && run.wantsSite(threshold)) {
      run.offerSite(captureSite());
    }
    return ended;
  }

  /**
   * The auto-commit mode a lease's first statement runs in: its physical connection's as last set or
   * asked on an earlier lease, else asked of {@code statement}'s connection (and kept on the physical
   * connection for the leases after). {@code null} when the connection cannot tell.
   */
  private Boolean autoCommitOf(Lease lease, Object statement) {
    PhysicalConnection physical = lease.physical;
    Boolean known = physical != null ? physical.autoCommit : null;
    if (known != null) {
      return known;
    }
    Boolean probed = autoCommitProbe.apply(statement);
    if (physical != null && probed != null) {
      physical.autoCommit = probed;
    }
    return probed;
  }

  /**
   * {@code setAutoCommit(autoCommit)} returned on {@code connection}, at any depth: when it is a
   * physical connection connlens tracks (a pool's proxy passing the call on to its driver's connection,
   * a pool setting the mode back as a lease ends), the mode its next lease starts in.
   */
  public void autoCommitSet(Object connection, boolean autoCommit) {
    PhysicalConnection physical = registry.physicalOf(connection);
    if (physical != null) {
      physical.autoCommit = autoCommit;
    }
  }

  /**
   * A transaction call on {@code connection}: {@code setAutoCommit(autoCommit)} when
   * {@code setAutoCommit} is true, else commit or rollback. Ends the current unit of work.
   */
  public void transaction(Object connection, boolean setAutoCommit, boolean autoCommit) {
    Lease lease = registry.leaseOf(connection);
    if (lease == null) {
      return;
    }
    UnitOfWork unit;
    LeaseWork leaseWork = workOf(lease);
    synchronized (lease) {
      if (setAutoCommit) {
        leaseWork.autoCommit = autoCommit;
      }
      unit = endUnit(lease);
      lease.transactionEnded(System.nanoTime());
    }
    report(unit, lease);
  }

  @Override
  public void onClosed(Lease lease, long heldNanos) {
    UnitOfWork unit;
    synchronized (lease) {
      unit = endUnit(lease);
      // a statement run on the lease after its close starts afresh, and asks the auto-commit mode again
      lease.statementWork = null;
    }
    report(unit, lease);
  }

  /** The lease's work, made at its first statement or transaction call. */
  private static LeaseWork workOf(Lease lease) {
    LeaseWork leaseWork = lease.statementWork;
    if (leaseWork == null) {
      synchronized (lease) {
        leaseWork = lease.statementWork;
        if (leaseWork == null) {
          leaseWork = new LeaseWork();
          lease.statementWork = leaseWork;
        }
      }
    }
    return leaseWork;
  }

  /** Executions of queries a unit of work did not count: it already counted {@value UnitOfWork#MAX_QUERIES} others. */
  public long droppedUnitQueries() {
    return droppedUnitQueries.sum();
  }

  /**
   * Executions of SQL longer than {@value SqlFingerprint#MAX_LEXED_LENGTH} characters, fingerprinted
   * from their start only (the rest is neither read nor kept).
   */
  public long cutStatements() {
    return cutStatements.sum();
  }

  /** Executions outside a transaction on threads whose runs were not tracked: {@value #MAX_THREAD_WINDOWS} threads already were. */
  public long droppedThreadRuns() {
    return droppedThreadRuns.sum();
  }

  /** Ends thread runs idle past the gap (called by the scan thread), or all of them ({@code all}: at exit). */
  public void endThreadRuns(long nowNanos, boolean all) {
    for (ThreadWindow w : windows.values()) {
      QueryBurst ended = all ? w.end(threshold) : w.endIfIdle(nowNanos, threshold);
      if (ended != null) {
        announce(ended);
      }
    }
    windows.pollCollected();
    statements.pollCollected();
  }

  /**
   * Ends, idle or not, the runs of the threads named {@code threadName}, or of every thread for
   * {@code null}: a test harness settling what a test ran ({@code ConnlensMXBean.settle}).
   */
  public void endThreadRunsOf(String threadName) {
    for (ThreadWindow w : windows.values()) {
      if (threadName == null || threadName.equals(w.threadName())) {
        QueryBurst ended = w.end(threshold);
        if (ended != null) {
          announce(ended);
        }
      }
    }
  }

  /** At exit: ends the units of leases still open. */
  public void endOpenUnits() {
    for (Lease lease : registry.openLeases()) {
      onClosed(lease, 0);
    }
  }

  /** Takes the lease's unit of work, which ends; {@code null} when none is open. Under the lease's lock. */
  private UnitOfWork endUnit(Lease lease) {
    LeaseWork leaseWork = lease.statementWork;
    if (leaseWork == null) {
      return null;
    }
    UnitOfWork unit = leaseWork.unit;
    leaseWork.unit = null;
    return unit;
  }

  /**
   * Hands the unit's bursts to the listener, named for the thread that ran them: a unit ended at exit
   * or by another thread's close is still the work of the thread that ran its statements.
   */
  private void report(UnitOfWork unit, Lease lease) {
    if (unit == null) {
      return;
    }
    for (QueryStats stats : unit.bursts(threshold)) {
      announce(new QueryBurst(stats.query(), stats.executions(), stats.previous(), stats.site(), lease.pool(),
          lease.database(), unit.threadName(), false, unit.executionsOf(stats.previous()) == 1, stats.ormLoad())
          .inTrace(lease.exportSpan()));
    }
  }

  private CallSite captureSite() {
    return frames.site(new Throwable());
  }
}
