package io.connlens.agent.pool;

import java.util.List;

/**
 * Everything connlens knows of one kind of connection pool that is not instrumentation: which data
 * source classes are the pool, how to read its name, configured URL, size and use, and how to find the
 * driver's connection under one it handed out. Read only through the pool's public API or, where it
 * has none, its fields; never anything that changes its state. Every method may be called with an
 * object of a pool version it does not know and must then answer {@code null} or
 * {@link PoolGauges#UNKNOWN}, never throw.
 *
 * <p>Its byte-code hooks (borrow, the pool opening a physical connection, the pool ending a lease,
 * shutdown) are declared beside it, in the same package, as that pool's instrumentation module.
 */
public interface PoolSupport {

  /**
   * The pool's kind, as unnamed pools are named ({@code dbcp2:h2:mem:orders}) and as the
   * {@code instrumentation.<kind>.enabled} key calls its module: lower case, no dots.
   */
  String kind();

  /**
   * Whether {@code dataSourceClass} is this pool's. {@link PoolSupports} asks it of the class the
   * application gets connections from and of each of its superclasses, so an application's own
   * subclass of the pool's data source is the pool too.
   */
  boolean isPool(Class<?> dataSourceClass);

  /** The name the user gave this pool, or {@code null} when it has none (or none yet). */
  String configuredName(Object pool);

  /**
   * Whether the pool names itself when it starts, so that a pool without a name yet is not named
   * from its kind and URL (HikariCP: {@code HikariPool-1}).
   */
  default boolean namesItselfWhenStarted() {
    return false;
  }

  /** The JDBC URL this pool is configured with, or {@code null} (a pool over a data source). */
  String jdbcUrl(Object pool);

  /**
   * When {@code driver}, a {@code java.sql.Driver} of this pool's package, hands out connections of this
   * pool for {@code url} (DBCP2's {@code PoolingDriver} and {@code jdbc:apache:commons:dbcp:<name>}): the
   * pool, read as {@link #gauges} reads a pool, and the name it is registered under; else {@code null}, and
   * the driver's connections are physical ones as any driver's. Called once per {@code connect}: cheap, and
   * read-only (it never creates a pool).
   */
  default DriverPool poolBehindDriver(Object driver, String url) {
    return null;
  }

  /** What {@link #poolBehindDriver} finds: the pool object and its name. */
  final class DriverPool {
    private final Object pool;
    private final String name;

    public DriverPool(Object pool, String name) {
      this.pool = pool;
      this.name = name;
    }

    /** The pool object (DBCP2's {@code ObjectPool}), the key its leases are counted under. */
    public Object pool() {
      return pool;
    }

    /** The name the pool is registered under in its driver. */
    public String name() {
      return name;
    }
  }

  /**
   * The name of the pool on whose behalf {@code owner} opens a physical connection ({@code owner} is
   * what this pool's creating hook passes: HikariCP's {@code PoolBase}), or {@code null} when it
   * cannot tell; the pool is then named from its kind and the connection's URL.
   */
  String ownerName(Object owner);

  /**
   * The driver's connection under {@code connection}, an object this pool handed out, or {@code null}
   * when it cannot tell. Called once per lease, so it must be cheap (a field read, no lock).
   */
  Object physicalOf(Object connection);

  /**
   * The connections this pool has handed out and not taken back, as the pool itself recorded them, at
   * most {@code limit}; an empty list when the pool does not say (or the version is unknown). Read-only,
   * never starts the pool, never throws. What connlens knows of leases taken before it was attached.
   */
  default List<CheckedOutConnection> checkedOut(Object pool, int limit) {
    return List.of();
  }

  /** The pool's size and use now; {@link PoolGauges#UNKNOWN} where it does not say. */
  PoolGauges gauges(Object pool);

  /**
   * Whether {@code thrown}, what this pool's {@code getConnection} threw, says the pool had no
   * connection to give within its timeout (every one in use, none could be added). Read from the
   * exception classes' names and messages along the chain ({@link io.connlens.agent.jdbc.ExceptionChain}),
   * never by loading the pool's classes; called only on that failure path.
   */
  default boolean isExhaustion(Throwable thrown) {
    return false;
  }

  /** The package prefixes of the pool's classes: never an application's frames. */
  List<String> packagePrefixes();
}
