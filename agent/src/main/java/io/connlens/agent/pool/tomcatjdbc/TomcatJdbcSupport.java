package io.connlens.agent.pool.tomcatjdbc;

import io.connlens.agent.pool.CheckedOutConnection;
import io.connlens.agent.jdbc.ExceptionChain;
import io.connlens.agent.pool.PoolGauges;
import io.connlens.agent.pool.PoolReflection;
import io.connlens.agent.pool.PoolSupport;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * The Tomcat JDBC pool ({@code org.apache.tomcat.jdbc.pool}, {@code tomcat-jdbc.jar}): a
 * {@code DataSourceProxy}, named by its {@code name} unless that is the generated
 * {@code Tomcat Connection Pool[N-hash]}. It hands out JDK dynamic proxies whose invocation handler
 * is a chain of interceptors ending in a {@code ProxyConnection} over the pool's
 * {@code PooledConnection}, which holds the driver's connection.
 */
public final class TomcatJdbcSupport implements PoolSupport {
  static final String PACKAGE = "org.apache.tomcat.jdbc.pool.";
  /** How Tomcat names a pool whose name was not set; different on every run. */
  private static final String GENERATED_NAME = "Tomcat Connection Pool[";
  private static final String PROXY_CONNECTION = PACKAGE + "ProxyConnection";
  /** The most interceptors walked to reach the ProxyConnection (a configuration has a handful). */
  private static final int MAX_INTERCEPTORS = 64;

  @Override
  public String kind() {
    return "tomcat-jdbc";
  }

  @Override
  public boolean isPool(Class<?> dataSourceClass) {
    return dataSourceClass.getName().startsWith(PACKAGE);
  }

  @Override
  public String configuredName(Object pool) {
    return userName(PoolReflection.text(pool, "getName"));
  }

  private static String userName(String name) {
    return name == null || name.startsWith(GENERATED_NAME) ? null : name;
  }

  @Override
  public String jdbcUrl(Object pool) {
    return PoolReflection.text(pool, "getUrl");
  }

  /** The owner is a {@code PooledConnection}, whose pool properties carry the pool's name. */
  @Override
  public String ownerName(Object owner) {
    return userName(PoolReflection.text(PoolReflection.call(owner, "getPoolProperties"), "getName"));
  }

  @Override
  public Object physicalOf(Object connection) {
    if (!Proxy.isProxyClass(connection.getClass())) {
      return null;
    }
    Object handler = Proxy.getInvocationHandler(connection);
    for (int i = 0; handler != null && i < MAX_INTERCEPTORS; i++) {
      if (handler.getClass().getName().equals(PROXY_CONNECTION)) {
        return PoolReflection.call(PoolReflection.call(handler, "getConnection"), "getConnection");
      }
      handler = PoolReflection.call(handler, "getNext");
    }
    return null;
  }

  /** The pool's busy connections with their borrow time, and the borrow's stack with {@code logAbandoned}. */
  @Override
  public List<CheckedOutConnection> checkedOut(Object pool, int limit) {
    return TomcatJdbcCheckedOut.read(pool, limit);
  }

  @Override
  public PoolGauges gauges(Object pool) {
    // getActive(), getIdle() and even getPool() of the data source create the pool when it has none (before
    // its first use, and again after close()): read its field, and the pool's own counts
    Object connectionPool = TomcatJdbcCheckedOut.POOL.read(pool);
    return new PoolGauges(PoolReflection.number(pool, "getMaxActive"), PoolReflection.number(connectionPool, "getActive"),
        PoolReflection.number(connectionPool, "getIdle"), PoolReflection.number(connectionPool, "getWaitCount"));
  }

  /**
   * {@code PoolExhaustedException: [thread] Timeout: Pool empty. Unable to fetch a connection in N seconds,
   * none available[...]} after {@code maxWait} (30 s by default).
   */
  @Override
  public boolean isExhaustion(Throwable thrown) {
    return ExceptionChain.anyOfClass(thrown, PACKAGE + "PoolExhaustedException")
        || ExceptionChain.anyMessageContains(thrown, "Timeout: Pool empty. Unable to fetch a connection");
  }

  @Override
  public List<String> packagePrefixes() {
    return List.of(PACKAGE);
  }
}
