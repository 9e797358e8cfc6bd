package io.connlens.agent.registry;

import io.connlens.agent.sql.SqlFingerprint;
import io.connlens.agent.sql.SqlFingerprintCache;
import java.util.List;
import java.util.function.Function;

/**
 * Records what runs on each lease: statements (by SQL fingerprint), batches, commits and rollbacks.
 * Keeps, per lease, the current unit of work (the transaction, else the lease) and, per thread, the
 * run of back-to-back executions across leases, and hands each query burst to the listener when its
 * unit ends. Ordinary statements pay for a fingerprint lookup and a count; a stack is captured only
 * when a query nears the threshold.
 */
public final class StatementRecorder implements LeaseListener {
  private final LeaseRegistry registry;
  private final SqlFingerprintCache fingerprints;
  private final int threshold;
  private final int siteDepth;
  private final Function<Object, Boolean> autoCommitProbe;
  private final WeakIdentityMap<Object, StatementInfo> statements = new WeakIdentityMap<>();
  private final WeakIdentityMap<Thread, ThreadWindow> windows = new WeakIdentityMap<>();
  private final ThreadLocal<ThreadWindow> window = new ThreadLocal<>();
  private volatile QueryBurstListener listener = burst -> {};

  /** The statement a connection handed out, and the SQL it was prepared with. */
  private static final class StatementInfo {
    final Lease lease;
    final String sql;

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
  public StatementRecorder(LeaseRegistry registry, SqlFingerprintCache fingerprints, int threshold, int siteDepth,
      Function<Object, Boolean> autoCommitProbe) {
    this.registry = registry;
    this.fingerprints = fingerprints;
    this.threshold = threshold;
    this.siteDepth = siteDepth;
    this.autoCommitProbe = autoCommitProbe;
  }

  /** Sets who is told of query bursts. */
  public void setListener(QueryBurstListener listener) {
    this.listener = listener;
  }

  /** A statement was created on {@code connection}; {@code sql} is null for {@code createStatement}. */
  public void created(Object connection, String sql, Object statement) {
    Lease lease = registry.leaseOf(connection);
    if (lease != null) {
      statements.putIfAbsent(statement, new StatementInfo(lease, sql));
    }
  }

  /**
   * A statement ran ({@code batch}: a JDBC batch, which never counts as a repeat).
   *
   * @param sql the SQL passed to the call, or {@code null} for a prepared statement
   */
  public void executed(Object statement, String sql, boolean batch) {
    StatementInfo info = statements.get(statement);
    if (info == null) {
      return; // made before connlens started, or on a connection that is not a lease (a pool's own)
    }
    String text = sql != null ? sql : info.sql;
    if (text == null) {
      return;
    }
    SqlFingerprint query = fingerprints.get(text);
    Lease lease = info.lease;
    long now = System.nanoTime();
    QueryBurst ended = null;
    boolean transaction;
    // asked outside the lease's lock: it calls into the application's JDBC objects
    Boolean probed = lease.autoCommit == null ? autoCommitProbe.apply(statement) : null;
    synchronized (lease) {
      if (lease.autoCommit == null) {
        // a driver that cannot tell is taken at JDBC's default, and not asked again
        lease.autoCommit = probed != null ? probed : Boolean.TRUE;
      }
      transaction = Boolean.FALSE.equals(lease.autoCommit);
      Throwable trace = transaction && lease.capturesSites() ? new Throwable("connlens statement site") : null;
      lease.statementRan(query.normalized(), now, transaction, trace);
      if (!batch) {
        if (lease.unit == null) {
          lease.unit = new UnitOfWork();
        }
        QueryStats stats = lease.unit.record(query);
        if (stats.wantsSite(threshold)) {
          stats.offerSite(captureSite());
        }
      }
    }
    if (!batch && !transaction) {
      ended = recordInWindow(query, lease, now);
    }
    if (ended != null) {
      listener.onBurst(ended);
    }
  }

  private QueryBurst recordInWindow(SqlFingerprint query, Lease lease, long now) {
    ThreadWindow w = window.get();
    if (w == null) {
      Thread t = Thread.currentThread();
      w = new ThreadWindow(t.getName());
      window.set(w);
      windows.putIfAbsent(t, w);
    }
    QueryBurst ended = w.record(query, lease, now, threshold);
    QueryStats run = w.current();
    if (run != null && run.wantsSite(threshold)) {
      run.offerSite(captureSite());
    }
    return ended;
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
    List<QueryStats> bursts;
    synchronized (lease) {
      if (setAutoCommit) {
        lease.autoCommit = autoCommit;
      }
      bursts = endUnit(lease);
      lease.transactionEnded(System.nanoTime());
    }
    report(bursts, lease);
  }

  @Override
  public void onClosed(Lease lease, long heldNanos) {
    List<QueryStats> bursts;
    synchronized (lease) {
      bursts = endUnit(lease);
    }
    report(bursts, lease);
  }

  /** Ends thread runs idle past the gap (called by the scan thread), or all of them ({@code all}: at exit). */
  public void endThreadRuns(long nowNanos, boolean all) {
    for (ThreadWindow w : windows.values()) {
      QueryBurst ended = all ? w.end(threshold) : w.endIfIdle(nowNanos, threshold);
      if (ended != null) {
        listener.onBurst(ended);
      }
    }
    windows.pollCollected();
    statements.pollCollected();
  }

  /** At exit: ends the units of leases still open. */
  public void endOpenUnits() {
    for (Lease lease : registry.openLeases()) {
      onClosed(lease, 0);
    }
  }

  private List<QueryStats> endUnit(Lease lease) {
    UnitOfWork unit = lease.unit;
    lease.unit = null;
    return unit == null ? List.of() : unit.bursts(threshold);
  }

  private void report(List<QueryStats> bursts, Lease lease) {
    for (QueryStats stats : bursts) {
      listener.onBurst(new QueryBurst(stats.query(), stats.executions(), stats.previous(), stats.site(), lease,
          Thread.currentThread().getName()));
    }
  }

  private CallSite captureSite() {
    return CallSite.of(new Throwable(), siteDepth);
  }
}
