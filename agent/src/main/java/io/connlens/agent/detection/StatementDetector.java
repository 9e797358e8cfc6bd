package io.connlens.agent.detection;

import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.OrmLoad;
import io.connlens.agent.registry.QueryBurst;
import io.connlens.agent.registry.QueryBurstListener;
import io.connlens.agent.sql.SqlFingerprint;
import io.connlens.agent.sql.StatementKind;
import io.connlens.api.FindingType;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns query bursts into findings: a SELECT repeated from one call site is an N_PLUS_ONE, a write
 * repeated one at a time is UNBATCHED_WRITES. Not an N+1: paging (LIMIT / OFFSET / FETCH), and batch
 * fetching that already loads several rows per query ({@code IN (?, ?, ...)} of more than one), which is
 * the fix, not the bug. A burst spread over several leases on one thread (one connection per query, as
 * JdbcTemplate outside a transaction) counts only after a SELECT, the query whose rows it walks:
 * otherwise it is a thread serving one request after another, each running the same query once.
 *
 * <p>The finding says only what was seen: "once per row of the query before it" when that query ran
 * once, just before the repeats; the association or entity when Hibernate was loading one; otherwise
 * the same query so many times in one unit of work. Fix hints name JPA or JdbcTemplate only when they
 * ran the statements. A burst no application line can change (a schema or data script run by an
 * initializer, with no application frame between the statements and it) is counted, not reported.
 *
 * <p>Bursts arrive on the application's thread and are only queued there; {@link #scan} records
 * them on the scan thread, where printing cannot slow the application.
 */
public final class StatementDetector implements QueryBurstListener {
  private final FindingStore store;
  private final HandOffQueue<QueryBurst> bursts = new HandOffQueue<>();
  private final LongAdder skippedInitializerBursts = new LongAdder();

  /** A detector that records its findings in {@code store}. */
  public StatementDetector(FindingStore store) {
    this.store = store;
  }

  @Override
  public void onBurst(QueryBurst burst) {
    bursts.offer(burst);
  }

  /** Bursts not reported because {@value HandOffQueue#CAPACITY} were already waiting for the scan. */
  public long droppedBursts() {
    return bursts.dropped();
  }

  /**
   * Bursts not reported because a schema or data initializer ran them (Spring's SQL initializer,
   * Flyway, Liquibase, Hibernate's schema tooling), with no application frame in between.
   */
  public long skippedInitializerBursts() {
    return skippedInitializerBursts.sum();
  }

  /** Records the bursts queued since the last scan. */
  public void scan() {
    for (QueryBurst b; (b = bursts.poll()) != null; ) {
      Occurrence occurrence = toOccurrence(b);
      if (occurrence != null) {
        store.record(occurrence.inTrace(b.traceContext()));
      }
    }
  }

  private Occurrence toOccurrence(QueryBurst b) {
    SqlFingerprint query = b.query();
    if (b.isAcrossLeases() && (b.previous() == null || b.previous().kind() != StatementKind.SELECT)) {
      return null;
    }
    boolean write = query.isWrite();
    if (!write && (query.kind() != StatementKind.SELECT || isPaging(query) || query.inListSize() > 1)) {
      return null;
    }
    CallSite site = b.site();
    if (site.isThroughInitializer()) {
      skippedInitializerBursts.increment();
      return null;
    }
    String source = b.previous() == null ? null : b.previous().normalized();
    OrmLoad load = b.ormLoad();
    if (write) {
      return new Occurrence(FindingType.UNBATCHED_WRITES,
          "the same " + query.kind().name() + " executed " + b.executions() + " times, one at a time"
              + (load == null ? "" : ", while loading " + load),
          site, b.threadName(), b.pool(), b.database(), -1, null)
          .withQuery(query.normalized(), b.executions(), source, writeHint(site))
          .withOrmLoad(load);
    }
    return new Occurrence(FindingType.N_PLUS_ONE, nPlusOneMessage(b, load), site, b.threadName(), b.pool(),
        b.database(), -1, null)
        .withQuery(query.normalized(), b.executions(), source, readHint(site, load))
        .withOrmLoad(load);
  }

  private static String nPlusOneMessage(QueryBurst b, OrmLoad load) {
    String repeated = "the same query executed " + b.executions() + " times from one call site";
    if (load != null) {
      return load.kind() == OrmLoad.Kind.COLLECTION
          ? repeated + ", loading " + load.name() + " for one " + load.entity() + " at a time"
          : repeated + ", loading one " + load.name() + " at a time";
    }
    if (b.followsPrevious()) {
      return repeated + ", once per row of the query before it";
    }
    return repeated + (b.isAcrossLeases() ? ", back to back on one thread" : " in one unit of work");
  }

  private static String readHint(CallSite site, OrmLoad load) {
    if (load != null && load.kind() == OrmLoad.Kind.COLLECTION) {
      return load.name() + ": fetch it with the query that loads " + load.entity()
          + " (JOIN FETCH, @EntityGraph), or batch it (@BatchSize on " + load.name()
          + ", or hibernate.default_batch_fetch_size)";
    }
    if (load != null) {
      return load.name() + ": fetch it with the query that loads what refers to it (JOIN FETCH, @EntityGraph),"
          + " or batch it (@BatchSize on " + load.name() + ", or hibernate.default_batch_fetch_size)";
    }
    if (site.isThroughOrm()) {
      return "load the rows in one query: a query with IN (:ids) or a JOIN FETCH, an @EntityGraph,"
          + " or batch fetching (@BatchSize, hibernate.default_batch_fetch_size)";
    }
    String oneQuery = "load the rows in one query: WHERE id IN (...) or = ANY(?), or a JOIN";
    return site.isThroughJdbcTemplate() ? oneQuery + "; NamedParameterJdbcTemplate expands IN (:ids)" : oneQuery;
  }

  private static String writeHint(CallSite site) {
    if (site.isThroughOrm()) {
      return "batch it: hibernate.jdbc.batch_size (with hibernate.order_inserts and order_updates);"
          + " IDENTITY ids keep Hibernate from batching inserts";
    }
    if (site.isThroughJdbcTemplate()) {
      return "batch it: JdbcTemplate.batchUpdate";
    }
    return "batch it: PreparedStatement.addBatch() per row, then one executeBatch()";
  }

  private static boolean isPaging(SqlFingerprint query) {
    String sql = query.normalized().toUpperCase(Locale.ROOT);
    return sql.contains(" LIMIT ") || sql.contains(" OFFSET ") || sql.contains(" FETCH FIRST ")
        || sql.contains(" FETCH NEXT ") || sql.endsWith(" LIMIT ?");
  }
}
