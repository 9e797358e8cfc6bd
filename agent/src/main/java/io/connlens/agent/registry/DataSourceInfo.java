package io.connlens.agent.registry;

import io.connlens.agent.jdbc.JdbcUrls;
import io.connlens.agent.sql.SqlDialect;
import java.lang.reflect.Method;

/**
 * What connlens knows of one data source or pool: the name it reports leases under, the database it
 * serves, and whether every lease from it has its acquire site captured (switched on once a leak was
 * seen there, in {@code site.capture=sampled} mode). One per data source object, created on its first
 * lease; {@link #DRIVER_MANAGER} stands for {@code DriverManager}.
 */
public final class DataSourceInfo {

  /** Leases from {@code DriverManager.getConnection}: no pool name. */
  public static final DataSourceInfo DRIVER_MANAGER = new DataSourceInfo(false, null);

  private final boolean pool;
  private final String fallbackName;
  private volatile String name;
  private volatile String database;
  private volatile SqlDialect dialect = SqlDialect.GENERIC;
  private volatile boolean captureEverySite;
  /** The registry's entry for this pool, found at its first lease (under the name it had then). */
  volatile PoolCounts poolCounts;

  private DataSourceInfo(boolean pool, String fallbackName) {
    this.pool = pool;
    this.fallbackName = fallbackName;
  }

  /** Describes a data source object the first time it hands out a lease. */
  static DataSourceInfo describe(Object source) {
    String className = source.getClass().getName();
    boolean hikari = className.startsWith("com.zaxxer.hikari.");
    DataSourceInfo info = new DataSourceInfo(hikari, source.getClass().getSimpleName() + "@"
        + Integer.toHexString(System.identityHashCode(source)));
    if (hikari) {
      info.database = JdbcUrls.redact(invokeGetter(source, "getJdbcUrl"));
    }
    return info;
  }

  /**
   * Resolves the pool's own name (HikariCP names its pool when it starts, which may be during the
   * first {@code getConnection}), falling back to the class name and identity of the data source.
   */
  public void resolveName(Object sourceObject) {
    if (name == null && pool) {
      name = invokeGetter(sourceObject, "getPoolName");
    }
  }

  /** Whether this is a connection pool (as opposed to a plain or wrapping data source). */
  public boolean isPool() {
    return pool;
  }

  /** The pool or data source name to report, or {@code null} for DriverManager. */
  public String name() {
    String n = name;
    return n != null ? n : fallbackName;
  }

  /** The database URL (password removed) when known. */
  public String database() {
    return database;
  }

  /** Records the database this source serves, learned from a physical connection it opened. */
  public void learnDatabase(String url) {
    if (database == null && url != null) {
      database = url;
    }
  }

  /** The SQL dialect of the database this source serves, as its physical connections told; GENERIC until one did. */
  public SqlDialect dialect() {
    return dialect;
  }

  /** Records the dialect of a physical connection this source opened (its driver's class names it). */
  public void learnDialect(SqlDialect learned) {
    if (dialect == SqlDialect.GENERIC && learned != null) {
      dialect = learned;
    }
  }

  /** Whether every lease from here has its site captured. */
  public boolean capturesEverySite() {
    return captureEverySite;
  }

  /** From now on, capture the acquire site of every lease from here (a leak was seen). */
  public void captureEverySite() {
    captureEverySite = true;
  }

  private static String invokeGetter(Object target, String getter) {
    try {
      Method m = target.getClass().getMethod(getter);
      Object value = m.invoke(target);
      return value == null ? null : value.toString();
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }
}
