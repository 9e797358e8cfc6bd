package io.connlens.agent.registry;

import io.connlens.agent.sql.SqlFingerprint;

/**
 * The unit of work of last resort: the run of back-to-back executions of one query on one thread,
 * across leases. It catches the loop that takes a new connection for every row (JdbcTemplate outside
 * a transaction: one lease per query), which no single lease shows. A different query, a pause
 * longer than {@link #GAP_NANOS}, or a lease from another pool or data source ends the run; after a
 * pause or a change of source the run has no query before it. Runs inside one lease are left to that lease's unit.
 * It keeps no lease (see {@link QueryBurst}): one per thread would keep each thread's last lease alive.
 */
final class ThreadWindow {
  /** A pause longer than this between two executions ends a run: the loop is over. */
  static final long GAP_NANOS = 1_000_000_000L;

  private final String threadName;
  private SqlFingerprint query;
  private SqlFingerprint before;
  private QueryStats run;
  private long firstLeaseId;
  private boolean manyLeases;
  private DataSourceInfo lastSource;
  private String lastPool;
  private String lastDatabase;
  private long lastNanos;

  ThreadWindow(String threadName) {
    this.threadName = threadName;
  }

  /**
   * Counts one execution; returns the burst the previous run made if this execution ended it, else
   * {@code null}. {@code stats} of the current run are returned through {@link #current()}.
   */
  synchronized QueryBurst record(SqlFingerprint executed, Lease lease, long nowNanos, int threshold, OrmLoad ormLoad) {
    QueryBurst ended = null;
    boolean idle = nowNanos - lastNanos > GAP_NANOS;
    // another pool or data source is another piece of work (a test suite makes a pool per test)
    boolean otherSource = lastSource != null && lease.source() != lastSource;
    if (run == null || !executed.equals(query) || idle || otherSource) {
      ended = end(threshold);
      // the query before a run is the one just before it on the same source, never an older one
      before = idle || otherSource ? null : executed.equals(query) ? before : query;
      query = executed;
      run = new QueryStats(executed, before);
      firstLeaseId = lease.id();
      manyLeases = false;
    }
    run.countExecution(ormLoad);
    manyLeases |= lease.id() != firstLeaseId;
    lastSource = lease.source();
    lastPool = lease.pool();
    lastDatabase = lease.database();
    lastNanos = nowNanos;
    return ended;
  }

  /** The name of the thread whose run this is. */
  String threadName() {
    return threadName;
  }

  /** The stats of the current run (for site capture near the threshold). */
  synchronized QueryStats current() {
    return run;
  }

  /** Ends the run if it has been idle longer than the gap; returns its burst, or {@code null}. */
  synchronized QueryBurst endIfIdle(long nowNanos, int threshold) {
    return run != null && nowNanos - lastNanos > GAP_NANOS ? end(threshold) : null;
  }

  /** Ends the run now (JVM exit); returns its burst, or {@code null}. */
  synchronized QueryBurst end(int threshold) {
    QueryStats ended = run;
    run = null;
    if (ended == null || !manyLeases || ended.executions() < threshold || ended.site() == null) {
      return null;
    }
    // the query before a run is only the last one this thread ran, perhaps for another request or
    // test: nothing shows the run walked its rows (DBCP2's suite: one query per new connection in a loop)
    return new QueryBurst(ended.query(), ended.executions(), ended.previous(), ended.site(), lastPool, lastDatabase,
        threadName, true, false, ended.ormLoad());
  }
}
