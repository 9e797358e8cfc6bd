package io.connlens.agent.detection;

import io.connlens.agent.registry.QueryBurst;
import io.connlens.agent.registry.QueryBurstListener;
import io.connlens.agent.sql.SqlFingerprint;
import io.connlens.agent.sql.StatementKind;
import java.util.Locale;

/**
 * Turns query bursts into findings: a SELECT repeated from one call site is an N_PLUS_ONE (one query
 * per row of the query before it), a write repeated one at a time is UNBATCHED_WRITES. Not an N+1:
 * paging (LIMIT / OFFSET / FETCH), and batch fetching that already loads several rows per query
 * ({@code IN (?, ?, ...)} of more than one), which is the fix, not the bug. A burst spread over several
 * leases on one thread (one connection per query, as JdbcTemplate outside a transaction) counts only
 * after a SELECT, the query whose rows it walks: otherwise it is a thread serving one request after
 * another, each running the same query once.
 *
 * <p>Bursts arrive on the application's thread and are only queued there; {@link #scan} records
 * them on the scan thread, where printing cannot slow the application.
 */
public final class StatementDetector implements QueryBurstListener {
  private final FindingStore store;
  private final HandOffQueue<QueryBurst> bursts = new HandOffQueue<>();

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

  /** Records the bursts queued since the last scan. */
  public void scan() {
    for (QueryBurst b; (b = bursts.poll()) != null; ) {
      Occurrence occurrence = toOccurrence(b);
      if (occurrence != null) {
        store.record(occurrence);
      }
    }
  }

  private static Occurrence toOccurrence(QueryBurst b) {
    SqlFingerprint query = b.query();
    if (b.isAcrossLeases() && (b.previous() == null || b.previous().kind() != StatementKind.SELECT)) {
      return null;
    }
    String source = b.previous() == null ? null : b.previous().normalized();
    if (query.isWrite()) {
      return new Occurrence(FindingType.UNBATCHED_WRITES,
          "the same " + query.kind().name() + " executed " + b.executions() + " times, one at a time",
          b.site(), b.threadName(), b.pool(), b.database(), -1, null)
          .withQuery(query.normalized(), b.executions(), source,
              "batch it: PreparedStatement.addBatch() per row, then one executeBatch()"
                  + " (JPA/Hibernate: hibernate.jdbc.batch_size; JdbcTemplate: batchUpdate)");
    }
    if (query.kind() != StatementKind.SELECT || isPaging(query) || query.inListSize() > 1) {
      return null;
    }
    return new Occurrence(FindingType.N_PLUS_ONE,
        "the same query executed " + b.executions() + " times from one call site"
            + (source == null ? "" : ", once per row of the query before it"),
        b.site(), b.threadName(), b.pool(), b.database(), -1, null)
        .withQuery(query.normalized(), b.executions(), source,
            "load the rows in one query: WHERE id IN (...) or = ANY(?), or a JOIN;"
                + " JPA: JOIN FETCH, @EntityGraph, or batch fetching (@BatchSize, hibernate.default_batch_fetch_size)");
  }

  private static boolean isPaging(SqlFingerprint query) {
    String sql = query.normalized().toUpperCase(Locale.ROOT);
    return sql.contains(" LIMIT ") || sql.contains(" OFFSET ") || sql.contains(" FETCH FIRST ")
        || sql.contains(" FETCH NEXT ") || sql.endsWith(" LIMIT ?");
  }
}
