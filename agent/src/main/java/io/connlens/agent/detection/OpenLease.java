package io.connlens.agent.detection;

import io.connlens.agent.registry.CallSite;
import java.util.List;

/**
 * One connection the application holds now, as an incident responder sees it: where it was taken,
 * by whom, for how long, what ran on it, and what the holder is doing now. Either a lease connlens
 * tracked from its {@code getConnection}, or one a pool says it handed out before connlens was
 * attached ({@link #beforeAttach()}), known only as far as the pool recorded it.
 */
public final class OpenLease {
  private final long id;
  private final boolean beforeAttach;
  private final String pool;
  private final String database;
  private final String thread;
  private final long acquiredAtMillis;
  private final long heldMillis;
  private final long statements;
  private final String lastSql;
  private final boolean inTransaction;
  private final CallSite site;
  private final Holder holder;

  OpenLease(long id, boolean beforeAttach, String pool, String database, String thread, long acquiredAtMillis,
      long heldMillis, long statements, String lastSql, boolean inTransaction, CallSite site, Holder holder) {
    this.id = id;
    this.beforeAttach = beforeAttach;
    this.pool = pool;
    this.database = database;
    this.thread = thread;
    this.acquiredAtMillis = acquiredAtMillis;
    this.heldMillis = heldMillis;
    this.statements = statements;
    this.lastSql = lastSql;
    this.inTransaction = inTransaction;
    this.site = site;
    this.holder = holder;
  }

  /** The lease's number in this JVM; 0 for a lease from before the attach. */
  public long id() {
    return id;
  }

  /** Whether the pool handed this connection out before connlens was attached. */
  public boolean beforeAttach() {
    return beforeAttach;
  }

  /** The pool's name, or {@code null} (DriverManager, a data source that is no pool). */
  public String pool() {
    return pool;
  }

  /** The database URL, password removed, or {@code null}. */
  public String database() {
    return database;
  }

  /** The name of the thread that took it, or {@code null} when unknown. */
  public String thread() {
    return thread;
  }

  /** Epoch milliseconds it was taken, or -1 when the pool does not say. */
  public long acquiredAtMillis() {
    return acquiredAtMillis;
  }

  /** How long it has been held, or -1 when unknown. */
  public long heldMillis() {
    return heldMillis;
  }

  /** Statements run on it, or -1 when unknown (taken before the attach, or statements not tracked). */
  public long statements() {
    return statements;
  }

  /** The last statement run on it, normalized, or {@code null}. */
  public String lastSql() {
    return lastSql;
  }

  /** Whether a transaction is open on it. */
  public boolean inTransaction() {
    return inTransaction;
  }

  /** Where it was taken: the captured acquire site, the stack the pool recorded, or {@link CallSite#UNKNOWN}. */
  public CallSite site() {
    return site;
  }

  /** What the holder thread is doing now, or {@code null} when the holder is unknown. */
  public Holder holder() {
    return holder;
  }
}
