package io.connlens.agent.pool.agroal;

import io.connlens.agent.pool.CheckedOutConnection;
import io.connlens.agent.jdbc.ExceptionChain;
import io.connlens.agent.pool.PoolGauges;
import io.connlens.agent.pool.PoolReflection;
import io.connlens.agent.pool.PoolSupport;
import java.util.List;

/**
 * Agroal ({@code io.agroal.pool}, Quarkus's and WildFly's pool): {@code io.agroal.pool.DataSource}.
 * Agroal has no pool name, so a pool is named from its kind and URL. The wrapper it hands out reaches
 * the driver's connection through its handler's {@code rawConnection()}.
 */
public final class AgroalSupport implements PoolSupport {
  static final String PACKAGE = "io.agroal.";
  private static final PoolReflection.FieldReader CONNECTION_POOL =
      new PoolReflection.FieldReader("io.agroal.pool.DataSource", "connectionPool");

  @Override
  public String kind() {
    return "agroal";
  }

  @Override
  public boolean isPool(Class<?> dataSourceClass) {
    return dataSourceClass.getName().startsWith(PACKAGE);
  }

  @Override
  public String configuredName(Object pool) {
    return null;
  }

  @Override
  public String jdbcUrl(Object pool) {
    return PoolReflection.text(connectionFactoryConfiguration(pool), "jdbcUrl");
  }

  private static Object connectionPoolConfiguration(Object pool) {
    return PoolReflection.call(PoolReflection.call(pool, "getConfiguration"), "connectionPoolConfiguration");
  }

  private static Object connectionFactoryConfiguration(Object pool) {
    return PoolReflection.call(connectionPoolConfiguration(pool), "connectionFactoryConfiguration");
  }

  /** The owner is the pool's {@code ConnectionFactory}; the pool has no name to find. */
  @Override
  public String ownerName(Object owner) {
    return null;
  }

  @Override
  public Object physicalOf(Object connection) {
    return PoolReflection.call(PoolReflection.call(connection, "getHandler"), "rawConnection");
  }

  /**
   * The pool's checked-out connections; their acquisition time with a leak or reap timeout, the holding
   * thread with a leak timeout, its stack with the enhanced leak report too.
   */
  @Override
  public List<CheckedOutConnection> checkedOut(Object pool, int limit) {
    return AgroalCheckedOut.read(CONNECTION_POOL.read(pool), limit);
  }

  /** Agroal counts connections in use only with metrics on ({@code metricsEnabled}); without, only the size. */
  @Override
  public PoolGauges gauges(Object pool) {
    int maxSize = PoolReflection.number(connectionPoolConfiguration(pool), "maxSize");
    if (!Boolean.TRUE.equals(PoolReflection.call(PoolReflection.call(pool, "getConfiguration"), "metricsEnabled"))) {
      return new PoolGauges(maxSize, -1, -1);
    }
    Object connectionPool = CONNECTION_POOL.read(pool);
    return new PoolGauges(maxSize, PoolReflection.number(connectionPool, "activeCount"),
        PoolReflection.number(connectionPool, "availableCount"), PoolReflection.number(connectionPool, "awaitingCount"));
  }

  /**
   * {@code SQLException: Sorry, acquisition timeout!} after {@code acquisitionTimeout}, which is zero
   * (wait for ever) unless set (Quarkus sets 5 s).
   */
  @Override
  public boolean isExhaustion(Throwable thrown) {
    return ExceptionChain.anyMessageContains(thrown, "Sorry, acquisition timeout");
  }

  @Override
  public List<String> packagePrefixes() {
    return List.of(PACKAGE);
  }
}
