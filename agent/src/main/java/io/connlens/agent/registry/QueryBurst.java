package io.connlens.agent.registry;

import io.connlens.agent.sql.SqlFingerprint;

/**
 * One query run at least {@code nplusone.threshold} times, one at a time, from one call site in one
 * unit of work: what the registry hands the statement detector when the unit ends. It keeps the pool
 * and database of its (last) lease, not the lease: a run kept per thread must not keep a closed lease,
 * and the classes its captured stack refers to, alive.
 */
public final class QueryBurst {
  private final SqlFingerprint query;
  private final int executions;
  private final SqlFingerprint previous;
  private final CallSite site;
  private final String pool;
  private final String database;
  private final String threadName;
  private final boolean acrossLeases;
  private final boolean followsPrevious;
  private final OrmLoad ormLoad;
  /** The span of the lease the burst ran on, opaque (see {@code Occurrence.traceContext}), or {@code null}. */
  private volatile Object traceContext;

  /**
   * A burst; {@code acrossLeases} when it ran on one thread over several leases (one connection per
   * query), {@code pool} and {@code database} those of its last lease.
   */
  public QueryBurst(SqlFingerprint query, int executions, SqlFingerprint previous, CallSite site, String pool,
      String database, String threadName, boolean acrossLeases) {
    this(query, executions, previous, site, pool, database, threadName, acrossLeases, previous != null, null);
  }

  /**
   * A burst, with what is known of where its rows came from: {@code followsPrevious} when the query
   * before it ran once in the unit (the repeats walk its rows; not so when the two alternate in one
   * loop), {@code ormLoad} what Hibernate was loading ({@code null}: nothing, or not known).
   */
  public QueryBurst(SqlFingerprint query, int executions, SqlFingerprint previous, CallSite site, String pool,
      String database, String threadName, boolean acrossLeases, boolean followsPrevious, OrmLoad ormLoad) {
    this.followsPrevious = previous != null && followsPrevious;
    this.ormLoad = ormLoad;
    this.query = query;
    this.executions = executions;
    this.previous = previous;
    this.site = site;
    this.pool = pool;
    this.database = database;
    this.threadName = threadName;
    this.acrossLeases = acrossLeases;
  }

  /** Whether the burst ran over several leases on one thread rather than inside one lease or transaction. */
  public boolean isAcrossLeases() {
    return acrossLeases;
  }

  /**
   * Whether the repeats followed the rows of {@link #previous()}: it ran once in the unit of work, just
   * before the first repeat (a loop alternating two queries shows no such thing).
   */
  public boolean followsPrevious() {
    return followsPrevious;
  }

  /** What Hibernate was loading when the repeats ran, or {@code null}. */
  public OrmLoad ormLoad() {
    return ormLoad;
  }

  /** The repeated query. */
  public SqlFingerprint query() {
    return query;
  }

  /** How many times it ran in the unit of work. */
  public int executions() {
    return executions;
  }

  /** The query that ran just before the burst, or {@code null}. */
  public SqlFingerprint previous() {
    return previous;
  }

  /** Where the repeats ran. */
  public CallSite site() {
    return site;
  }

  /** The pool or data source of the (last) connection the burst ran on, or {@code null} (DriverManager). */
  public String pool() {
    return pool;
  }

  /** The database of the (last) connection the burst ran on, password removed, or {@code null}. */
  public String database() {
    return database;
  }

  /** The thread that ran it. */
  public String threadName() {
    return threadName;
  }

  /** This burst, in the trace {@code context} (the lease's span); {@code null} keeps none. */
  public QueryBurst inTrace(Object context) {
    this.traceContext = context;
    return this;
  }

  /** The trace the burst ran in, opaque, or {@code null}. */
  public Object traceContext() {
    return traceContext;
  }
}
