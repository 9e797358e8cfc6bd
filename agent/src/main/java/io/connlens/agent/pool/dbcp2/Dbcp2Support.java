package io.connlens.agent.pool.dbcp2;

import io.connlens.agent.pool.CheckedOutConnection;
import io.connlens.agent.jdbc.ExceptionChain;
import io.connlens.agent.pool.PoolGauges;
import io.connlens.agent.pool.PoolReflection;
import io.connlens.agent.pool.PoolSupport;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

/**
 * Apache Commons DBCP 2 ({@code org.apache.commons.dbcp2}) and Tomcat's repackaged copy, Tomcat's
 * default JNDI pool ({@code org.apache.tomcat.dbcp.dbcp2}): {@code BasicDataSource} and the other data
 * sources of the package. DBCP2 has no pool name, so a pool is named from its kind and URL. The
 * connection it hands out is a {@code DelegatingConnection} chain whose innermost delegate is the
 * driver's. {@code PoolingDriver} serves the object pools registered in it by name
 * ({@code jdbc:apache:commons:dbcp:<name>}): each such object pool is a pool of its own, named so.
 */
public final class Dbcp2Support implements PoolSupport {
  /** Apache Commons DBCP 2. */
  public static final Dbcp2Support COMMONS = new Dbcp2Support("dbcp2", "org.apache.commons.dbcp2.",
      "org.apache.commons.pool2.");
  /** Tomcat's DBCP 2, in {@code tomcat-dbcp.jar}. */
  public static final Dbcp2Support TOMCAT = new Dbcp2Support("tomcat-dbcp", "org.apache.tomcat.dbcp.dbcp2.",
      "org.apache.tomcat.dbcp.pool2.");

  private final String kind;
  private final String dbcpPackage;
  private final String poolPackage;
  private final Dbcp2CheckedOut checkedOut;
  /** BasicDataSource's object pool, {@code null} until the data source is started (by its first borrow). */
  private final PoolReflection.FieldReader connectionPool;
  /** {@code PoolingDriver.URL_PREFIX}, the same in Tomcat's copy. */
  private static final String POOLING_DRIVER_URL_PREFIX = "jdbc:apache:commons:dbcp:";
  /** {@code PoolingDriver.getConnectionPool(String)}, a public method: the object pool registered under a name. */
  private final ClassValue<Optional<Method>> getConnectionPool = new ClassValue<>() {
    @Override
    protected Optional<Method> computeValue(Class<?> type) {
      try {
        return Optional.of(type.getMethod("getConnectionPool", String.class));
      } catch (NoSuchMethodException | RuntimeException | LinkageError e) {
        return Optional.empty();
      }
    }
  };

  private Dbcp2Support(String kind, String dbcpPackage, String poolPackage) {
    this.kind = kind;
    this.dbcpPackage = dbcpPackage;
    this.poolPackage = poolPackage;
    this.checkedOut = new Dbcp2CheckedOut(poolPackage, List.of(dbcpPackage, poolPackage));
    this.connectionPool = new PoolReflection.FieldReader(dbcpPackage + "BasicDataSource", "connectionPool");
  }

  /** The package of its classes, {@code org.apache.commons.dbcp2.} or Tomcat's. */
  String dbcpPackage() {
    return dbcpPackage;
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public boolean isPool(Class<?> dataSourceClass) {
    return dataSourceClass.getName().startsWith(dbcpPackage);
  }

  @Override
  public String configuredName(Object pool) {
    return null;
  }

  @Override
  public String jdbcUrl(Object pool) {
    return PoolReflection.text(pool, "getUrl");
  }

  /**
   * {@code PoolingDriver.connect("jdbc:apache:commons:dbcp:<name>")} borrows from the object pool
   * registered under {@code <name>}: that pool, found with the driver's public {@code getConnectionPool}
   * (a map look-up; it throws for a name not registered, and the driver's connect then fails too).
   */
  @Override
  public DriverPool poolBehindDriver(Object driver, String url) {
    if (url == null || !url.startsWith(POOLING_DRIVER_URL_PREFIX)) {
      return null;
    }
    Optional<Method> lookup = getConnectionPool.get(driver.getClass());
    if (lookup.isEmpty()) {
      return null;
    }
    String name = url.substring(POOLING_DRIVER_URL_PREFIX.length());
    try {
      Object pool = lookup.get().invoke(driver, name);
      return pool == null ? null : new DriverPool(pool, name);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** The owner is a {@code PoolableConnectionFactory}, which knows nothing of the data source above it. */
  @Override
  public String ownerName(Object owner) {
    return null;
  }

  @Override
  public Object physicalOf(Object connection) {
    // public and final on DelegatingConnection; unlike getInnermostDelegate() it needs no
    // accessToUnderlyingConnectionAllowed
    return PoolReflection.call(connection, "getInnermostDelegateInternal");
  }

  /**
   * The pool's allocated connections with their borrow time, and the borrow's stack with
   * {@code logAbandoned} and {@code removeAbandonedOnBorrow} or {@code removeAbandonedOnMaintenance}.
   */
  @Override
  public List<CheckedOutConnection> checkedOut(Object pool, int limit) {
    return checkedOut.read(objectPoolOf(pool), limit);
  }

  @Override
  public PoolGauges gauges(Object pool) {
    // the waiters are the object pool's (GenericObjectPool.getNumWaiters)
    return new PoolGauges(PoolReflection.number(pool, "getMaxTotal"), PoolReflection.number(pool, "getNumActive"),
        PoolReflection.number(pool, "getNumIdle"), PoolReflection.number(objectPoolOf(pool), "getNumWaiters"));
  }

  /**
   * The object pool behind {@code pool}: itself when it is one (behind a {@code PoolingDriver}), else a
   * data source's, read from its field (no getter of the data source, which would create the pool), or
   * {@code null} before its first borrow created it (and for {@code null}).
   */
  Object objectPoolOf(Object pool) {
    if (pool == null) {
      return null;
    }
    return pool.getClass().getName().startsWith(poolPackage) ? pool : connectionPool.read(pool);
  }

  /**
   * {@code SQLException: Cannot get a connection, pool error Timeout waiting for idle object, ...}
   * (waiting up to {@code maxWait}) or {@code ... pool error Pool exhausted} ({@code blockWhenExhausted}
   * off), the object pool's {@code NoSuchElementException} as its cause.
   */
  @Override
  public boolean isExhaustion(Throwable thrown) {
    return ExceptionChain.anyMessageContains(thrown, "Timeout waiting for idle object")
        || ExceptionChain.anyMessageContains(thrown, "Pool exhausted");
  }

  @Override
  public List<String> packagePrefixes() {
    return List.of(dbcpPackage, poolPackage);
  }
}
