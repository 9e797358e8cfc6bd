package io.connlens.api;

import java.beans.ConstructorProperties;

/**
 * One connection the application holds now, as JMX shows it (an open-type composite in
 * {@link ConnlensMXBean#getOpenLeaseList()} and {@link PoolMXBean#getLongestLeases()}): where it was
 * taken, by which thread, for how long, and what ran on it. Values the agent does not know read
 * {@code null} or -1 (a connection a pool handed out before connlens was attached).
 */
public final class LeaseStatus {
  private final String site;
  private final String thread;
  private final String pool;
  private final long heldMillis;
  private final long statements;
  private final boolean inTransaction;

  @ConstructorProperties({"site", "thread", "pool", "heldMillis", "statements", "inTransaction"})
  public LeaseStatus(String site, String thread, String pool, long heldMillis, long statements,
      boolean inTransaction) {
    this.site = site;
    this.thread = thread;
    this.pool = pool;
    this.heldMillis = heldMillis;
    this.statements = statements;
    this.inTransaction = inTransaction;
  }

  /** The first frame of the acquire site (the application's line), or {@code null} when not captured. */
  public String getSite() {
    return site;
  }

  /** The name of the thread that took it, or {@code null}. */
  public String getThread() {
    return thread;
  }

  /** The pool's name, or {@code null} (DriverManager, a data source that is no pool). */
  public String getPool() {
    return pool;
  }

  /** How long it has been held, in milliseconds, or -1. */
  public long getHeldMillis() {
    return heldMillis;
  }

  /** Statements run on it, or -1 when unknown. */
  public long getStatements() {
    return statements;
  }

  /** Whether a transaction is open on it. */
  public boolean isInTransaction() {
    return inTransaction;
  }
}
