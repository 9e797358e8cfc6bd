package io.connlens.agent.pool.dbcp2;

import io.connlens.agent.pool.CheckedOutConnection;
import io.connlens.agent.jdbc.ExceptionChain;
import io.connlens.agent.pool.PoolGauges;
import io.connlens.agent.pool.PoolReflection;
import io.connlens.agent.pool.PoolSupport;
import java.util.List;

/**
 * Apache Commons DBCP 2 ({@code org.apache.commons.dbcp2}) and Tomcat's repackaged copy, Tomcat's
 * default JNDI pool ({@code org.apache.tomcat.dbcp.dbcp2}): {@code BasicDataSource} and the other data
 * sources of the package. DBCP2 has no pool name, so a pool is named from its kind and URL. The
 * connection it hands out is a {@code DelegatingConnection} chain whose innermost delegate is the
 * driver's.
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

  private Dbcp2Support(String kind, String dbcpPackage, String poolPackage) {
    this.kind = kind;
    this.dbcpPackage = dbcpPackage;
    this.poolPackage = poolPackage;
    this.checkedOut = new Dbcp2CheckedOut(dbcpPackage, poolPackage, List.of(dbcpPackage, poolPackage));
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
    return checkedOut.read(pool, limit);
  }

  @Override
  public PoolGauges gauges(Object pool) {
    // the waiters are the object pool's (GenericObjectPool.getNumWaiters), read from the field: no
    // getter of the data source that would create the pool
    return new PoolGauges(PoolReflection.number(pool, "getMaxTotal"), PoolReflection.number(pool, "getNumActive"),
        PoolReflection.number(pool, "getNumIdle"),
        PoolReflection.number(connectionPool.read(pool), "getNumWaiters"));
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
