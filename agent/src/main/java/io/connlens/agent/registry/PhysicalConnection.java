package io.connlens.agent.registry;

/**
 * A connection as the database sees it: from {@code Driver.connect} (or a pool's data source) to the
 * driver connection's close. A pool turns many leases into few of these; the server's
 * {@code max_connections} counts these.
 */
public final class PhysicalConnection {
  private final long id;
  private final String database;
  private final String user;
  private final String pool;
  private final String threadName;
  private final long openedAtMillis;
  /** The pool entry it counts in, or {@code null} (no pool, or the pool table was full). */
  final PoolCounts poolCounts;
  /** The server entry it counts in, or {@code null} (URL unknown, or the server table was full). */
  final ServerCounts serverCounts;
  /** The lease open on it now, when its pool tells which connection a lease is on. */
  volatile Lease lease;
  /**
   * Its auto-commit mode as last set ({@code setAutoCommit} on it, seen by {@link StatementRecorder#autoCommitSet})
   * or asked at a lease's first statement, or {@code null} when neither happened yet: a pool's next lease
   * on it starts from this mode instead of asking the connection again (a call into the driver per lease).
   */
  volatile Boolean autoCommit;

  PhysicalConnection(long id, String database, String user, String pool, String threadName, long openedAtMillis,
      PoolCounts poolCounts, ServerCounts serverCounts) {
    this.id = id;
    this.database = database;
    this.user = user;
    this.pool = pool;
    this.threadName = threadName;
    this.openedAtMillis = openedAtMillis;
    this.poolCounts = poolCounts;
    this.serverCounts = serverCounts;
  }

  /** A number unique in this JVM, in open order. */
  public long id() {
    return id;
  }

  /** The database URL, password removed. */
  public String database() {
    return database;
  }

  /** The database user, or {@code null} when unknown. */
  public String user() {
    return user;
  }

  /** The pool that opened it, or {@code null}. */
  public String pool() {
    return pool;
  }

  /** The server it is to (host, port, database), or {@code null} when its URL is unknown. */
  public io.connlens.agent.jdbc.DatabaseServer server() {
    return serverCounts != null ? serverCounts.server() : io.connlens.agent.jdbc.DatabaseServer.of(database);
  }

  /** The thread that opened it. */
  public String threadName() {
    return threadName;
  }

  /** When it was opened (epoch milliseconds). */
  public long openedAtMillis() {
    return openedAtMillis;
  }
}
