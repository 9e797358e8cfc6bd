package io.connlens.agent.detection;

import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.LeaseEnd;
import io.connlens.agent.registry.OrmLoad;
import io.connlens.api.FindingType;
import io.connlens.api.Severity;

/**
 * A finding as reported: one type at one site (and pool), with how often it was seen. The first
 * occurrence fixes the message and site; later ones raise {@link #count()} and refresh the
 * last-seen fields. Read by sinks from any thread.
 */
public final class Finding {
  private final FindingType type;
  private final String message;
  private final CallSite site;
  private final String pool;
  private final long firstSeenMillis;
  private final String sql;
  private final String sourceSql;
  private final String hint;
  private final OrmLoad ormLoad;
  private final LeaseEnd poolEnd;
  private long executions;
  private CallSite statementSite;
  private long statements = -1;
  private String lastSql;
  private String thread;
  private String database;
  private long heldMillis;
  private long count;
  private long returned;
  private long lastSeenMillis;
  private Holder holder;
  private ExhaustionSnapshot exhaustion;
  private UnpooledRate unpooled;
  /** The trace of the first occurrence (see {@link Occurrence#traceContext}), or {@code null}. */
  private final Object traceContext;

  Finding(Occurrence first, long nowMillis) {
    this.traceContext = first.traceContext;
    this.type = first.type;
    this.message = first.message;
    this.site = first.site;
    this.pool = first.pool;
    this.firstSeenMillis = nowMillis;
    this.heldMillis = first.heldMillis; // -1 ("does not apply") must survive the max() in add()
    this.sql = first.sql;
    this.sourceSql = first.sourceSql;
    this.hint = first.hint;
    this.ormLoad = first.ormLoad;
    this.poolEnd = first.poolEnd;
    this.executions = first.executions;
    add(first, nowMillis);
  }

  /** A frozen copy of {@code live}, read under its lock: what a report holds. */
  private Finding(Finding live) {
    this.traceContext = live.traceContext;
    this.type = live.type;
    this.message = live.message;
    this.site = live.site;
    this.pool = live.pool;
    this.firstSeenMillis = live.firstSeenMillis;
    this.sql = live.sql;
    this.sourceSql = live.sourceSql;
    this.hint = live.hint;
    this.ormLoad = live.ormLoad;
    this.poolEnd = live.poolEnd;
    synchronized (live) {
      this.executions = live.executions;
      this.statementSite = live.statementSite;
      this.statements = live.statements;
      this.lastSql = live.lastSql;
      this.thread = live.thread;
      this.database = live.database;
      this.heldMillis = live.heldMillis;
      this.count = live.count;
      this.returned = live.returned;
      this.lastSeenMillis = live.lastSeenMillis;
      this.holder = live.holder;
      this.exhaustion = live.exhaustion;
      this.unpooled = live.unpooled;
    }
  }

  /**
   * This finding as it is now, frozen: a copy no occurrence reaches, so that a report written while
   * the application runs on says the same count everywhere it says it.
   */
  public Finding snapshot() {
    return new Finding(this);
  }

  synchronized void add(Occurrence o, long nowMillis) {
    count++;
    lastSeenMillis = nowMillis;
    thread = o.thread;
    if (o.database != null) {
      database = o.database;
    }
    heldMillis = Math.max(heldMillis, o.heldMillis);
    executions = Math.max(executions, o.executions);
    if (o.statementSite != null) {
      statementSite = o.statementSite;
    }
    if (o.statements >= 0) {
      statements = o.statements;
      lastSql = o.lastSql;
    }
    if (o.holder != null) {
      holder = o.holder;
    }
    if (o.exhaustion != null) {
      exhaustion = o.exhaustion;
    }
    if (o.unpooled != null && (unpooled == null || o.unpooled.connections() > unpooled.connections())) {
      unpooled = o.unpooled; // the busiest window seen
    }
  }

  /** UNPOOLED_CONNECTIONS: the busiest window's rate at the site; else {@code null}. */
  public synchronized UnpooledRate unpooledRate() {
    return unpooled;
  }

  /** What Hibernate was loading when the repeated query ran (an association or an entity), or {@code null}. */
  public OrmLoad ormLoad() {
    return ormLoad;
  }

  /**
   * For a leak the application never closed: how the pool ended its physical connection, or
   * {@code null} when it did not.
   */
  public LeaseEnd poolEnd() {
    return poolEnd;
  }

  /**
   * The trace its first occurrence happened in, opaque (what the OpenTelemetry bridge made), or
   * {@code null}.
   */
  public Object traceContext() {
    return traceContext;
  }

  /** The finding's type. */
  public FindingType type() {
    return type;
  }

  /** The type's severity. */
  public Severity severity() {
    return type.severity();
  }

  /** The message of the first occurrence. */
  public String message() {
    return message;
  }

  /** Where the connection was acquired; {@link CallSite#UNKNOWN} when it was not captured. */
  public CallSite site() {
    return site;
  }

  /** The pool or data source name, or {@code null} (DriverManager). */
  public String pool() {
    return pool;
  }

  /** The database URL, password removed, or {@code null} when unknown. */
  public synchronized String database() {
    return database;
  }

  /** The thread of the latest occurrence. */
  public synchronized String thread() {
    return thread;
  }

  /** The longest hold seen, in milliseconds, or -1 when it does not apply. */
  public synchronized long heldMillis() {
    return heldMillis;
  }

  /** The normalized SQL (literals replaced by {@code ?}) of a query finding, else {@code null}. */
  public String sql() {
    return sql;
  }

  /** The most executions of the query in one occurrence (one unit of work), or -1 when it does not apply. */
  public synchronized long executions() {
    return executions;
  }

  /** The normalized SQL of the query that ran just before the repeated one (the likely source of its rows), or {@code null}. */
  public String sourceSql() {
    return sourceSql;
  }

  /** Where the latest occurrence's last statement ran (idle transactions), or {@code null}. */
  public synchronized CallSite statementSite() {
    return statementSite;
  }

  /** How many statements the latest occurrence's lease ran, or -1 when not tracked. */
  public synchronized long statements() {
    return statements;
  }

  /** The normalized SQL of the last statement the latest occurrence's lease ran, or {@code null}. */
  public synchronized String lastSql() {
    return lastSql;
  }

  /** A one-line hint at the fix, or {@code null}. */
  public String hint() {
    return hint;
  }

  /** How many occurrences were folded into this finding. */
  public synchronized long count() {
    return count;
  }

  /**
   * How many of the occurrences were later resolved: suspected leaks whose connection was returned
   * after all (each of those is also a LONG_HOLD).
   */
  public synchronized long returned() {
    return returned;
  }

  /** Occurrences not resolved: {@link #count()} less {@link #returned()}. These decide {@code fail.on}. */
  public synchronized long outstanding() {
    return count - returned;
  }

  synchronized void markReturned() {
    if (returned < count) {
      returned++;
    }
  }

  /** When the first occurrence was seen (epoch milliseconds). */
  public long firstSeenMillis() {
    return firstSeenMillis;
  }

  /** When the latest occurrence was seen (epoch milliseconds). */
  public synchronized long lastSeenMillis() {
    return lastSeenMillis;
  }

  /**
   * What the latest occurrence of an exhaustion finding saw (the pool's holders, or the server's
   * connections), or {@code null} for other findings.
   */
  public synchronized ExhaustionSnapshot exhaustion() {
    return exhaustion;
  }

  /** The holding thread of the latest occurrence that had one, or {@code null}. */
  public synchronized Holder holder() {
    return holder;
  }
}
