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
 *
 * <p>At most {@value #MAX_QUERIES} distinct queries are counted per unit: a unit that runs thousands
 * of different statements (a migration, a script, SQL built with its values inlined) would otherwise
 * hold them all until it ends. Executions of further queries are not counted, and the caller counts
 * them as dropped.
 */
final class UnitOfWork {
  /** The most distinct queries one unit of work counts. */
  static final int MAX_QUERIES = 256;

  private QueryStats first;
  private Map<SqlFingerprint, QueryStats> others;
  private SqlFingerprint last;
  private String threadName;

  /**
   * Counts one execution of {@code query} on the thread named {@code threadName}; returns its stats,
   * or {@code null} when the unit already counts {@value #MAX_QUERIES} other queries.
   */
  QueryStats record(SqlFingerprint query, String threadName, OrmLoad ormLoad) {
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
        if (others.size() >= MAX_QUERIES - 1) {
          return null;
        }
        stats = new QueryStats(query, last != null && !last.equals(query) ? last : null);
        others.put(query, stats);
      }
    }
    stats.countExecution(ormLoad);
    last = query;
    this.threadName = threadName;
    return stats;
  }

  /** The thread that ran the unit's last counted statement, or {@code null} before the first. */
  String threadName() {
    return threadName;
  }

  /** How many times {@code query} ran in this unit, one at a time (0 when it did not, or was not counted). */
  int executionsOf(SqlFingerprint query) {
    if (query == null || first == null) {
      return 0;
    }
    if (first.query().equals(query)) {
      return first.executions();
    }
    QueryStats stats = others == null ? null : others.get(query);
    return stats == null ? 0 : stats.executions();
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
