package io.connlens.agent.detection;

import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.LeaseEnd;
import io.connlens.agent.registry.OrmLoad;
import io.connlens.api.FindingType;

/**
 * One observation a detector makes (one leaked lease, one long hold, one N+1 burst). The
 * {@link FindingStore} folds occurrences with the same type, pool, first site frame and SQL into one
 * {@link Finding} with a count. Application-supplied text is cut to the {@link BoundedText} limits.
 */
public final class Occurrence {
  final FindingType type;
  final String message;
  final CallSite site;
  final String thread;
  final String pool;
  final String database;
  final long heldMillis;
  final Holder holder;
  final String sql;
  final long executions;
  final String sourceSql;
  final String hint;
  final CallSite statementSite;
  final long statements;
  final String lastSql;
  final OrmLoad ormLoad;
  final LeaseEnd poolEnd;
  final ExhaustionSnapshot exhaustion;
  /** UNPOOLED_CONNECTIONS: the rate measured; not part of the aggregation key. */
  UnpooledRate unpooled;
  /**
   * The trace the occurrence happened in, opaque here (an OpenTelemetry span or span context, made
   * and read by the OpenTelemetry bridge only), or {@code null}: a finding raised later, on the
   * agent's own thread, is still correlated with the request that caused it.
   */
  Object traceContext;

  /**
   * @param message one line, without the site (sinks print the site)
   * @param heldMillis how long the connection was held, or -1 when it does not apply
   * @param holder the holding thread now, or {@code null}
   */
  public Occurrence(FindingType type, String message, CallSite site, String thread, String pool,
      String database, long heldMillis, Holder holder) {
    this(type, message, site, thread, pool, database, heldMillis, holder, null, -1, null, null, null, -1, null, null,
        null, null);
  }

  private Occurrence(FindingType type, String message, CallSite site, String thread, String pool,
      String database, long heldMillis, Holder holder, String sql, long executions, String sourceSql,
      String hint, CallSite statementSite, long statements, String lastSql, OrmLoad ormLoad, LeaseEnd poolEnd,
      ExhaustionSnapshot exhaustion) {
    this.type = type;
    this.message = message;
    this.site = site == null ? CallSite.UNKNOWN : site;
    this.thread = BoundedText.cut(thread, BoundedText.MAX_NAME);
    this.pool = BoundedText.cut(pool, BoundedText.MAX_NAME);
    this.database = BoundedText.cut(database, BoundedText.MAX_URL);
    this.heldMillis = heldMillis;
    this.holder = holder;
    // cut before it becomes part of the aggregation key: a finding's memory does not grow with its SQL
    this.sql = BoundedText.cut(sql, BoundedText.MAX_SQL);
    this.executions = executions;
    this.sourceSql = BoundedText.cut(sourceSql, BoundedText.MAX_SQL);
    this.hint = hint;
    this.statementSite = statementSite;
    this.statements = statements;
    this.lastSql = BoundedText.cut(lastSql, BoundedText.MAX_SQL);
    this.ormLoad = ormLoad;
    this.poolEnd = poolEnd;
    this.exhaustion = exhaustion;
  }

  /** An occurrence about one lease: its acquire site, thread, pool and database. */
  public static Occurrence ofLease(FindingType type, String message, Lease lease, long heldMillis, Holder holder) {
    return new Occurrence(type, message, lease.site(), lease.threadName(), lease.pool(), lease.database(), heldMillis,
        holder).inTrace(lease.exportSpan());
  }

  /** This occurrence, in the trace {@code context} (see {@link #traceContext}); {@code null} keeps none. */
  public Occurrence inTrace(Object context) {
    this.traceContext = context;
    return this;
  }

  /** {@code copy}, a variant of this occurrence, in the same trace. */
  private Occurrence carried(Occurrence copy) {
    copy.traceContext = traceContext;
    return copy;
  }

  /**
   * This occurrence, about a query: its normalized SQL, how often it ran ({@code -1}: does not apply),
   * the query that ran just before ({@code null} when none) and a one-line fix hint.
   */
  public Occurrence withQuery(String sql, long executions, String sourceSql, String hint) {
    return carried(new Occurrence(type, message, site, thread, pool, database, heldMillis, holder, sql, executions,
        sourceSql, hint, statementSite, statements, lastSql, ormLoad, poolEnd, exhaustion));
  }

  /**
   * This occurrence, with what its lease did: how many statements it ran and the last one's
   * normalized SQL ({@code null} when none). Not part of the aggregation key.
   */
  public Occurrence withLeaseActivity(long statements, String lastSql) {
    return carried(new Occurrence(type, message, site, thread, pool, database, heldMillis, holder, sql, executions,
        sourceSql, hint, statementSite, statements, lastSql, ormLoad, poolEnd, exhaustion));
  }

  /** This occurrence, with where the last statement ran (idle transactions). */
  public Occurrence withStatementSite(CallSite statementSite) {
    return carried(new Occurrence(type, message, site, thread, pool, database, heldMillis, holder, sql, executions,
        sourceSql, hint, statementSite, statements, lastSql, ormLoad, poolEnd, exhaustion));
  }

  /** This occurrence, with what Hibernate was loading when its statements ran ({@code null}: nothing known). */
  public Occurrence withOrmLoad(OrmLoad ormLoad) {
    return carried(new Occurrence(type, message, site, thread, pool, database, heldMillis, holder, sql, executions,
        sourceSql, hint, statementSite, statements, lastSql, ormLoad, poolEnd, exhaustion));
  }

  /**
   * This occurrence, about a lease the application never closed whose physical connection the pool
   * closed ({@code null}: it did not). Part of the aggregation key: a leak the pool cleaned up is
   * told apart from one it did not.
   */
  public Occurrence withPoolEnd(LeaseEnd end) {
    return carried(new Occurrence(type, message, site, thread, pool, database, heldMillis, holder, sql, executions,
        sourceSql, hint, statementSite, statements, lastSql, ormLoad, end, exhaustion));
  }

  /**
   * This occurrence, with what an exhaustion finding saw ({@link ExhaustionSnapshot}). Its server, when
   * it names one, is part of the aggregation key: one SERVER_CONNECTION_LIMIT per server and site.
   */
  public Occurrence withExhaustion(ExhaustionSnapshot snapshot) {
    return carried(new Occurrence(type, message, site, thread, pool, database, heldMillis, holder, sql, executions,
        sourceSql, hint, statementSite, statements, lastSql, ormLoad, poolEnd, snapshot));
  }

  /** This occurrence, with the rate of unpooled physical connections measured at its site. */
  public Occurrence withUnpooledRate(UnpooledRate rate) {
    Occurrence copy = new Occurrence(type, message, site, thread, pool, database, heldMillis, holder, sql, executions,
        sourceSql, hint, statementSite, statements, lastSql, ormLoad, poolEnd, exhaustion);
    copy.unpooled = rate;
    return carried(copy);
  }

  /**
   * The aggregation key: type, pool, the site's first frame (the application's line, where the fix
   * goes, however it was reached) and, for query findings, the normalized SQL.
   */
  String key() {
    return type.name() + '\u0000' + (pool == null ? "" : pool) + '\u0000' + (site.isCaptured() ? site.topFrame() : "")
        + '\u0000' + (sql == null ? "" : sql) + '\u0000' + (poolEnd == null ? "" : poolEnd.name())
        + (exhaustion == null || exhaustion.server() == null ? "" : '\u0000' + exhaustion.server());
  }
}
