package io.connlens.agent.pool.vibur;

import io.connlens.agent.pool.CheckedOutConnection;
import io.connlens.agent.jdbc.ExceptionChain;
import io.connlens.agent.pool.PoolGauges;
import io.connlens.agent.pool.PoolReflection;
import io.connlens.agent.pool.PoolSupport;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.List;

/**
 * Vibur DBCP ({@code org.vibur.dbcp}): {@code ViburDBCPDataSource}, named by its {@code name} unless
 * that is the generated {@code pN} (a counter of the JVM: not the same from run to run); then
 * {@code vibur:<database>}. It hands out JDK dynamic proxies whose invocation handler holds the
 * driver's connection as its {@code target}.
 */
public final class ViburSupport implements PoolSupport {
  static final String PACKAGE = "org.vibur.dbcp.";
  private static final PoolReflection.FieldReader DEFAULT_NAME =
      new PoolReflection.FieldReader(PACKAGE + "ViburConfig", "defaultName");
  private static final PoolReflection.FieldReader CONFIG =
      new PoolReflection.FieldReader(PACKAGE + "pool.ConnectionFactory", "config");
  private static final PoolReflection.FieldReader TARGET =
      new PoolReflection.FieldReader(PACKAGE + "proxy.AbstractInvocationHandler", "target");
  /** The object pool's semaphore, whose queue is the threads waiting for a connection (no getter says it). */
  private static final PoolReflection.FieldReader TAKE_SEMAPHORE =
      new PoolReflection.FieldReader("org.vibur.objectpool.ConcurrentPool", "takeSemaphore");
  /** Vibur's SQLState for a connection not obtained within {@code connectionTimeoutInMs}. */
  private static final String TIMEOUT_SQLSTATE = "VI002";

  @Override
  public String kind() {
    return "vibur";
  }

  @Override
  public boolean isPool(Class<?> dataSourceClass) {
    return dataSourceClass.getName().startsWith(PACKAGE);
  }

  /** {@code pool} is the data source, itself a {@code ViburConfig}. */
  @Override
  public String configuredName(Object pool) {
    String name = PoolReflection.text(pool, "getName");
    return name == null || name.equals(DEFAULT_NAME.read(pool)) ? null : name;
  }

  @Override
  public String jdbcUrl(Object pool) {
    return PoolReflection.text(pool, "getJdbcUrl");
  }

  /** The owner is the pool's {@code ConnectionFactory}, whose {@code config} is the data source. */
  @Override
  public String ownerName(Object owner) {
    Object config = CONFIG.read(owner);
    return config == null ? null : configuredName(config);
  }

  @Override
  public Object physicalOf(Object connection) {
    return Proxy.isProxyClass(connection.getClass()) ? TARGET.read(Proxy.getInvocationHandler(connection)) : null;
  }

  /** The pool's taken connections, their time, thread and stack: only with {@code poolEnableConnectionTracking}. */
  @Override
  public List<CheckedOutConnection> checkedOut(Object pool, int limit) {
    return ViburCheckedOut.read(pool, limit);
  }

  /** Read only once the pool handed out a lease, so it is started: {@code getPool()} is then set. */
  @Override
  public PoolGauges gauges(Object pool) {
    Object objectPool = PoolReflection.call(pool, "getPool");
    int taken = PoolReflection.number(objectPool, "taken");
    return new PoolGauges(PoolReflection.number(pool, "getPoolMaxSize"), taken,
        PoolReflection.number(objectPool, "remainingCreated"),
        PoolReflection.number(TAKE_SEMAPHORE.read(objectPool), "getQueueLength"));
  }

  /**
   * {@code SQLTimeoutException: Pool <name>, couldn't obtain SQL connection within <ms> ms.}, SQLState
   * {@value #TIMEOUT_SQLSTATE} ({@code PoolOperations.createSQLException}), after {@code connectionTimeoutInMs}.
   */
  @Override
  public boolean isExhaustion(Throwable thrown) {
    return ExceptionChain.find(thrown, t -> t instanceof SQLException
        && TIMEOUT_SQLSTATE.equals(((SQLException) t).getSQLState())) != null
        || ExceptionChain.anyMessageContains(thrown, "couldn't obtain SQL connection within");
  }

  @Override
  public List<String> packagePrefixes() {
    return List.of("org.vibur.");
  }
}
