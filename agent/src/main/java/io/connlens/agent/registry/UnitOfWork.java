package io.connlens.agent.registry;

import io.connlens.agent.sql.SqlFingerprint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements of one unit of work on one lease: the transaction when auto-commit is off, else
 * the whole lease. Counts each query (by fingerprint) run one at a time. Used under the lease's lock.
 *
 * <p>Most units run one query, or the same one again: that one is kept in a field, and the map of
 * queries is made only when a second distinct query runs, so a borrow-query-return costs no map.
 */
final class UnitOfWork {
  private QueryStats first;
  private Map<SqlFingerprint, QueryStats> others;
  private SqlFingerprint last;

  /** Counts one execution of {@code query}; returns its stats. */
  QueryStats record(SqlFingerprint query) {
    QueryStats stats;
    if (first == null) {
      stats = first = new QueryStats(query, null);
    } else if (first.query().equals(query)) {
      stats = first;
    } else {
      if (others == null) {
        others = new HashMap<>(8);
      }
      stats = others.get(query);
      if (stats == null) {
        stats = new QueryStats(query, last != null && !last.equals(query) ? last : null);
        others.put(query, stats);
      }
    }
    stats.countExecution();
    last = query;
    return stats;
  }

  /** The queries that ran at least {@code threshold} times from one confirmed site. */
  List<QueryStats> bursts(int threshold) {
    List<QueryStats> bursts = null;
    if (first != null && isBurst(first, threshold)) {
      bursts = new ArrayList<>(2);
      bursts.add(first);
    }
    if (others != null) {
      for (QueryStats stats : others.values()) {
        if (isBurst(stats, threshold)) {
          if (bursts == null) {
            bursts = new ArrayList<>(2);
          }
          bursts.add(stats);
        }
      }
    }
    return bursts == null ? List.of() : bursts;
  }

  private static boolean isBurst(QueryStats stats, int threshold) {
    return stats.executions() >= threshold && stats.site() != null;
  }
}
