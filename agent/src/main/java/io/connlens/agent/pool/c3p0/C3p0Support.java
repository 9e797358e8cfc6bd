package io.connlens.agent.pool.c3p0;

import io.connlens.agent.pool.CheckedOutConnection;
import io.connlens.agent.jdbc.ExceptionChain;
import io.connlens.agent.pool.PoolGauges;
import io.connlens.agent.pool.PoolReflection;
import io.connlens.agent.pool.PoolSupport;
import io.connlens.agent.pool.PoolSupports;
import java.util.List;

/**
 * c3p0 ({@code com.mchange.v2.c3p0}): {@code ComboPooledDataSource} and the other
 * {@code AbstractPoolBackedDataSource}s, named by {@code dataSourceName} unless that is the pool's
 * generated identity token. Its helper threads open physical connections through the pool's
 * {@code WrapperConnectionPoolDataSource} (over an internal {@code DriverManagerDataSource}); the
 * proxy it hands out keeps the driver's connection in {@code AbstractNewProxyConnection.inner}.
 */
public final class C3p0Support implements PoolSupport {
  static final String PACKAGE = "com.mchange.v2.c3p0.";
  private static final String POOL_BACKED = PACKAGE + "impl.AbstractPoolBackedDataSource";
  private static final PoolReflection.FieldReader INNER =
      new PoolReflection.FieldReader(PACKAGE + "impl.AbstractNewProxyConnection", "inner");

  @Override
  public String kind() {
    return "c3p0";
  }

  /**
   * The pool-backed data sources, recognized by their common superclass ({@link PoolSupports} asks
   * every superclass); c3p0's {@code DriverManagerDataSource} is no pool.
   */
  @Override
  public boolean isPool(Class<?> dataSourceClass) {
    return dataSourceClass.getName().equals(POOL_BACKED);
  }

  @Override
  public String configuredName(Object pool) {
    String name = PoolReflection.text(pool, "getDataSourceName");
    // c3p0 answers its random identity token when no name was set
    return name == null || name.equals(PoolReflection.text(pool, "getIdentityToken")) ? null : name;
  }

  @Override
  public String jdbcUrl(Object pool) {
    return PoolReflection.text(pool, "getJdbcUrl");
  }

  /**
   * The owner is the pool's {@code WrapperConnectionPoolDataSource}: the pool is the registered
   * pooled data source whose connection pool data source it is.
   */
  @Override
  public String ownerName(Object owner) {
    Object pools;
    try {
      Class<?> registry = Class.forName(PACKAGE + "C3P0Registry", false, owner.getClass().getClassLoader());
      pools = registry.getMethod("getPooledDataSources").invoke(null);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
    if (pools instanceof Iterable) {
      for (Object pool : (Iterable<?>) pools) {
        if (PoolReflection.call(pool, "getConnectionPoolDataSource") == owner) {
          return configuredName(pool);
        }
      }
    }
    return null;
  }

  @Override
  public Object physicalOf(Object connection) {
    return INNER.read(connection);
  }

  /**
   * The pool's checked-out connections with their checkout time, and the checkout's stack with
   * {@code debugUnreturnedConnectionStackTraces} (which c3p0 heeds only with an
   * {@code unreturnedConnectionTimeout}).
   */
  @Override
  public List<CheckedOutConnection> checkedOut(Object pool, int limit) {
    return C3p0CheckedOut.read(pool, limit);
  }

  /**
   * Read only once the pool handed out a lease: c3p0's counts create the pool's manager, and with it
   * its connections, when it has none yet.
   */
  @Override
  public PoolGauges gauges(Object pool) {
    int maxSize = PoolReflection.number(pool, "getMaxPoolSize");
    // the getters of its use create a pool manager (helper threads, initial connections) when it has
    // none: before its first use, and again after close(). Without one, only its size is known
    if (C3p0CheckedOut.POOL_MANAGER.read(pool) == null) {
      return new PoolGauges(maxSize, -1, -1, -1);
    }
    return new PoolGauges(maxSize,
        PoolReflection.number(pool, "getNumBusyConnectionsDefaultUser"),
        PoolReflection.number(pool, "getNumIdleConnectionsDefaultUser"),
        PoolReflection.number(pool, "getNumThreadsAwaitingCheckoutDefaultUser"));
  }

  /**
   * {@code SQLException: An attempt by a client to checkout a Connection has timed out.}, thrown only
   * when {@code checkoutTimeout} is set: by default (0) c3p0 waits for ever.
   */
  @Override
  public boolean isExhaustion(Throwable thrown) {
    return ExceptionChain.anyMessageContains(thrown, "An attempt by a client to checkout a Connection has timed out");
  }

  @Override
  public List<String> packagePrefixes() {
    return List.of("com.mchange.");
  }
}
