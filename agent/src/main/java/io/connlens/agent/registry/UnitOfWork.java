package io.connlens.agent.registry;

import io.connlens.agent.sql.SqlFingerprint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements of one unit of work on one lease: the transaction when auto-commit is off, else
 * the whole lease. Counts each query (by fingerprint) run one at a time. Used under the lease's lock.
 */
final class UnitOfWork {
  private final Map<SqlFingerprint, QueryStats> queries = new HashMap<>(8);
  private SqlFingerprint last;

  /** Counts one execution of {@code query}; returns its stats. */
  QueryStats record(SqlFingerprint query) {
    QueryStats stats = queries.get(query);
    if (stats == null) {
      stats = new QueryStats(query, last != null && !last.equals(query) ? last : null);
      queries.put(query, stats);
    }
    stats.countExecution();
    last = query;
    return stats;
  }

  /** Whether no statement ran in this unit. */
  boolean isEmpty() {
    return queries.isEmpty();
  }

  /** The queries that ran at least {@code threshold} times from one confirmed site. */
  List<QueryStats> bursts(int threshold) {
    List<QueryStats> bursts = null;
    for (QueryStats stats : queries.values()) {
      if (stats.executions() >= threshold && stats.site() != null) {
        if (bursts == null) {
          bursts = new ArrayList<>(2);
        }
        bursts.add(stats);
      }
    }
    return bursts == null ? List.of() : bursts;
  }
}
