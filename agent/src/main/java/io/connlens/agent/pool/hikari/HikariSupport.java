package io.connlens.agent.pool.hikari;

import io.connlens.agent.pool.CheckedOutConnection;
import io.connlens.agent.jdbc.ExceptionChain;
import io.connlens.agent.pool.PoolGauges;
import io.connlens.agent.pool.PoolReflection;
import io.connlens.agent.pool.PoolSupport;
import java.util.List;

/**
 * HikariCP 3 to 7: {@code HikariDataSource}, named by its {@code poolName} (HikariCP names an unnamed
 * pool {@code HikariPool-N} itself, when it starts). Its proxies keep the driver's connection in
 * {@code ProxyConnection.delegate}.
 */
public final class HikariSupport implements PoolSupport {
  static final String PREFIX = "com.zaxxer.hikari.";
  private static final PoolReflection.FieldReader DELEGATE =
      new PoolReflection.FieldReader("com.zaxxer.hikari.pool.ProxyConnection", "delegate");

  @Override
  public String kind() {
    return "hikaricp";
  }

  @Override
  public boolean isPool(Class<?> dataSourceClass) {
    return dataSourceClass.getName().startsWith(PREFIX);
  }

  @Override
  public String configuredName(Object pool) {
    return PoolReflection.text(pool, "getPoolName");
  }

  @Override
  public boolean namesItselfWhenStarted() {
    return true;
  }

  @Override
  public String jdbcUrl(Object pool) {
    return PoolReflection.text(pool, "getJdbcUrl");
  }

  /** The owner is HikariCP's {@code PoolBase}, whose {@code toString()} is the pool's name. */
  @Override
  public String ownerName(Object owner) {
    return owner.getClass().getName().startsWith(PREFIX + "pool.") ? String.valueOf(owner) : null;
  }

  @Override
  public Object physicalOf(Object connection) {
    return DELEGATE.read(connection);
  }

  /**
   * The pool's in-use entries, with their borrow time when the pool has a metrics tracker; HikariCP
   * keeps no holder on them.
   */
  @Override
  public List<CheckedOutConnection> checkedOut(Object pool, int limit) {
    return HikariCheckedOut.read(pool, limit);
  }

  @Override
  public PoolGauges gauges(Object pool) {
    Object mxBean = PoolReflection.call(pool, "getHikariPoolMXBean"); // null until the pool started
    return new PoolGauges(PoolReflection.number(pool, "getMaximumPoolSize"),
        PoolReflection.number(mxBean, "getActiveConnections"), PoolReflection.number(mxBean, "getIdleConnections"),
        PoolReflection.number(mxBean, "getThreadsAwaitingConnection"));
  }

  /**
   * {@code SQLTransientConnectionException: <pool> - Connection is not available, request timed out after
   * <ms>ms} ({@code HikariPool.createTimeoutException}, every version). When the pool could not open a
   * connection, the driver's error is its cause: the caller looks there for the server's refusal first.
   */
  @Override
  public boolean isExhaustion(Throwable thrown) {
    return ExceptionChain.anyMessageContains(thrown, "Connection is not available, request timed out after");
  }

  @Override
  public List<String> packagePrefixes() {
    return List.of(PREFIX);
  }
}
