package io.connlens.agent.registry;

import io.connlens.agent.jdbc.JdbcUrls;
import io.connlens.agent.pool.PoolGauges;
import io.connlens.agent.pool.PoolNames;
import io.connlens.agent.pool.PoolSupport;
import io.connlens.agent.pool.PoolSupports;
import io.connlens.agent.sql.SqlDialect;
import java.lang.ref.WeakReference;
import java.util.Objects;

/**
 * What connlens knows of one data source or pool: the pool's support (how it is read), the name it
 * reports leases under, the database it serves, whether it was shut down, and whether every lease from it has its acquire site captured (switched on once a leak was
 * seen there, in {@code site.capture=sampled} mode). One per data source object, created on its first
 * lease; {@link #DRIVER_MANAGER} stands for {@code DriverManager}.
 */
public final class DataSourceInfo {

  /** Leases from {@code DriverManager.getConnection}: no pool name. */
  public static final DataSourceInfo DRIVER_MANAGER = new DataSourceInfo(null, null, null);

  /** The pool's support, or {@code null} for a data source that is no known pool. */
  private final PoolSupport support;
  /** The data source object, for reading the pool's gauges; weak, as the registry's key is. */
  private final WeakReference<Object> sourceObject;
  private final String fallbackName;
  private volatile String name;
  private volatile String database;
  private volatile SqlDialect dialect = SqlDialect.GENERIC;
  private volatile KnownDialect knownDialect;
  private volatile boolean captureEverySite;
  private volatile boolean shutDown;
  private volatile boolean shutDownAsTheJvmExits;
  /** The registry's entry for this pool, found at its first lease (under the name it had then). */
  volatile PoolCounts poolCounts;

  private DataSourceInfo(PoolSupport support, Object source, String fallbackName) {
    this.support = support;
    this.sourceObject = source == null ? null : new WeakReference<>(source);
    this.fallbackName = fallbackName;
  }

  /** Describes a data source object the first time it hands out a lease, a pool when {@code pools} knows it. */
  static DataSourceInfo describe(Object source, PoolSupports pools) {
    PoolSupport support = pools.of(source);
    DataSourceInfo info = new DataSourceInfo(support, source, source.getClass().getSimpleName() + "@"
        + Integer.toHexString(System.identityHashCode(source)));
    if (support != null) {
      info.database = JdbcUrls.redact(support.jdbcUrl(source));
    }
    return info;
  }

  /**
   * Describes the pool object {@code pool} a pool's driver hands connections out of
   * ({@link PoolSupport#poolBehindDriver}), registered there as {@code name}: its name.
   */
  static DataSourceInfo behindDriver(Object pool, PoolSupport support, String name) {
    DataSourceInfo info = new DataSourceInfo(support, pool, name);
    info.name = name;
    return info;
  }

  /**
   * Resolves the pool's name, once it has one: the name the user gave it, else its kind and URL
   * ({@code dbcp2:h2:mem:orders}). HikariCP names its pool when it starts, which may be during the
   * first {@code getConnection}; until a name is known, the class name and identity of the data
   * source stand in.
   */
  public void resolveName(Object source) {
    if (name != null || support == null) {
      return;
    }
    String resolved = support.configuredName(source);
    if (resolved == null && !support.namesItselfWhenStarted()) {
      resolved = PoolNames.unnamed(support.kind(), database);
    }
    name = resolved;
  }

  /** The data source object, or {@code null} once it was garbage-collected (or for {@link #DRIVER_MANAGER}). */
  public Object sourceObject() {
    return sourceObject == null ? null : sourceObject.get();
  }

  /** The support of the pool this is, or {@code null} when it is no known pool. */
  public PoolSupport support() {
    return support;
  }

  /**
   * The pool's size and use now, as the pool reports them: after its shutdown only its maximum size.
   * {@link PoolGauges#UNKNOWN} for a data source that is no pool, or one garbage-collected.
   */
  public PoolGauges gauges() {
    Object source = sourceObject == null ? null : sourceObject.get();
    if (support == null || source == null) {
      return PoolGauges.UNKNOWN;
    }
    PoolGauges now = support.gauges(source);
    return shutDown ? new PoolGauges(now.maxSize(), -1, -1) : now;
  }

  /** Whether the pool was shut down ({@code close()} was called on it). */
  public boolean isShutDown() {
    return shutDown;
  }

  /**
   * Whether the pool was shut down by the JVM's exit (a shutdown hook, such as Spring closing its
   * context): the leases it closes then were still open when the JVM began to exit.
   */
  public boolean isShutDownAsTheJvmExits() {
    return shutDownAsTheJvmExits;
  }

  /** Records that the pool is being shut down, {@code asTheJvmExits} by a shutdown hook. */
  public void markShutDown(boolean asTheJvmExits) {
    shutDown = true;
    if (asTheJvmExits) {
      shutDownAsTheJvmExits = true;
    }
  }

  /** Whether this is a connection pool (as opposed to a plain or wrapping data source). */
  public boolean isPool() {
    return support != null;
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

  /** The dialect a lease with this URL and connection class settled on. */
  private static final class KnownDialect {
    final String url;
    final String connectionClass;
    final SqlDialect dialect;

    KnownDialect(String url, String connectionClass, SqlDialect dialect) {
      this.url = url;
      this.connectionClass = connectionClass;
      this.dialect = dialect;
    }
  }

  /**
   * The dialect the last lease from here with this URL and connection class found, or {@code null}:
   * a pool's leases share both, so each need not read them again (a lease reads its dialect at its first statement).
   */
  SqlDialect knownDialect(String url, String connectionClass) {
    KnownDialect known = knownDialect;
    return known != null && Objects.equals(known.url, url) && Objects.equals(known.connectionClass, connectionClass)
        ? known.dialect : null;
  }

  /** Remembers what {@link #knownDialect} answers for {@code url} and {@code connectionClass}: a known dialect, never GENERIC. */
  void rememberDialect(String url, String connectionClass, SqlDialect known) {
    knownDialect = new KnownDialect(url, connectionClass, known);
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
}
