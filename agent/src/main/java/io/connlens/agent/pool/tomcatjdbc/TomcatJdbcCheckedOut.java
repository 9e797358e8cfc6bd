package io.connlens.agent.pool.tomcatjdbc;

import io.connlens.agent.pool.CheckedOutConnection;
import io.connlens.agent.pool.HolderStack;
import io.connlens.agent.pool.PoolReflection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What Tomcat JDBC (checked on 11.0) records of the connections it handed out: the
 * {@code DataSourceProxy.pool} field (never {@code getPool()}, which creates the pool) →
 * {@code ConnectionPool.busy} of {@code PooledConnection}: {@code getTimestamp()} (wall clock, set at
 * borrow; with the {@code ResetAbandonedTimer} interceptor, at the last use), {@code getConnection()}
 * and, with {@code logAbandoned}, {@code getStackTrace()}, the borrow's stack as text. Tomcat records
 * no holder thread.
 *
 * <p>{@code busy} is a {@code LinkedBlockingQueue}: {@code toArray()} takes its two locks once, as every
 * borrow and return does for an instant. They are the queue's own and nothing is called while they are
 * held, so this cannot deadlock; it is the one read with a lock, and it is as short as the queue.
 */
final class TomcatJdbcCheckedOut {
  /** DataSourceProxy's pool, {@code null} before its first use and after close(); read, never created. */
  static final PoolReflection.FieldReader POOL =
      new PoolReflection.FieldReader(TomcatJdbcSupport.PACKAGE + "DataSourceProxy", "pool");
  private static final PoolReflection.FieldReader BUSY =
      new PoolReflection.FieldReader(TomcatJdbcSupport.PACKAGE + "ConnectionPool", "busy");
  private static final List<String> PREFIXES = List.of(TomcatJdbcSupport.PACKAGE);

  private TomcatJdbcCheckedOut() {}

  /** The busy connections of {@code dataSource}'s pool; empty before the pool was created. */
  static List<CheckedOutConnection> read(Object dataSource, int limit) {
    List<CheckedOutConnection> checkedOut = new ArrayList<>();
    Object busy = BUSY.read(POOL.read(dataSource));
    if (limit <= 0 || !(busy instanceof Collection)) {
      return checkedOut;
    }
    try {
      for (Object pooled : ((Collection<?>) busy).toArray()) {
        Object timestamp = PoolReflection.call(pooled, "getTimestamp");
        checkedOut.add(new CheckedOutConnection(PoolReflection.call(pooled, "getConnection"),
            timestamp instanceof Long && (Long) timestamp > 0 ? (Long) timestamp : -1, null,
            HolderStack.ofPrinted(PoolReflection.text(pooled, "getStackTrace"), PREFIXES)));
        if (checkedOut.size() >= limit) {
          break;
        }
      }
    } catch (RuntimeException e) {
      // answer what was read
    }
    return checkedOut;
  }
}
