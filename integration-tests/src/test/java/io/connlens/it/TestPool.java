package io.connlens.it;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A connection pool the pools app runs on (its first argument), with what the tests must know of it:
 * whether it has a name property (then the app names it "orders-pool"), whether the object it hands
 * out can be garbage-collected while checked out, what its close() does to a checked-out connection,
 * and whether it offers invalidation and abandoned-connection removal. Each fact comes from the pool's
 * source (named below) and is checked by the app's own run where it can be.
 */
enum TestPool {
  /**
   * A new HikariProxyConnection per borrow, not kept by the pool; close() aborts the connections in
   * use (HikariPool.abortActiveConnections: Connection.abort, which H2 ignores and the agent sees).
   */
  HIKARI("hikari", "HikariCP", true, true, AtClose.ENDS, true, false),
  /**
   * A new PoolGuardConnectionWrapper per borrow, not kept; BasicDataSource.close() leaves checked-out
   * connections open (its javadoc); abandoned removal aborts them (PoolableConnectionFactory.destroyObject
   * in DestroyMode.ABANDONED).
   */
  DBCP2("dbcp2", "DBCP2", false, true, AtClose.LEAVES_OPEN, true, true),
  /** DBCP2 repackaged in Tomcat (org.apache.tomcat.dbcp.dbcp2): the same as {@link #DBCP2}. */
  TOMCAT_DBCP("tomcat-dbcp", "Tomcat DBCP", false, true, AtClose.LEAVES_OPEN, true, true),
  /**
   * A new java.lang.reflect.Proxy per borrow; the PooledConnection keeps its handler, not the proxy;
   * DataSource.close() is close(false), which releases idle connections only.
   */
  TOMCAT_JDBC("tomcat-jdbc", "Tomcat JDBC", true, true, AtClose.LEAVES_OPEN, false, true),
  /**
   * The NewPooledConnection keeps the proxy it handed out (exposedProxy) until it is returned: a
   * dropped connection is never garbage-collected while the pool lives. close() is
   * resetPoolManager(true): checked-out connections are closed too.
   */
  C3P0("c3p0", "c3p0", true, false, AtClose.ENDS, false, true),
  /**
   * A new ConnectionWrapper per borrow, kept by its ConnectionHandler only while enlisted in a
   * transaction; ConnectionPool.close() destroys every connection, checked-out ones too.
   */
  AGROAL("agroal", "Agroal", false, true, AtClose.ENDS, false, false),
  /**
   * A new JDK dynamic proxy per borrow, not kept by the pool (connection tracking is off by default);
   * close() terminates the pool and leaves a taken connection open.
   */
  VIBUR("vibur", "Vibur", true, true, AtClose.LEAVES_OPEN, false, false);

  /** What a pool's close() does to a connection the application still has. */
  enum AtClose {
    /** Closes or aborts it: the pool, not the application, ended the lease. */
    ENDS,
    /** Leaves it open: the application still has an open connection at exit. */
    LEAVES_OPEN
  }

  /** The name the app gives every pool that has a name property. */
  static final String POOL_NAME = "orders-pool";

  private final String argument;
  private final String displayName;
  private final boolean named;
  private final boolean handedOutCollectable;
  private final AtClose atClose;
  private final boolean invalidates;
  private final boolean removesAbandoned;

  TestPool(String argument, String displayName, boolean named, boolean handedOutCollectable, AtClose atClose,
      boolean invalidates, boolean removesAbandoned) {
    this.argument = argument;
    this.displayName = displayName;
    this.named = named;
    this.handedOutCollectable = handedOutCollectable;
    this.atClose = atClose;
    this.invalidates = invalidates;
    this.removesAbandoned = removesAbandoned;
  }

  /** The pools that have {@code property}, e.g. {@code TestPool::removesAbandoned}. */
  static List<TestPool> with(Predicate<TestPool> property) {
    return Arrays.stream(values()).filter(property).toList();
  }

  /** The app's first argument, and the kind in a derived pool name, e.g. {@code tomcat-jdbc}. */
  String argument() {
    return argument;
  }

  /** Whether the pool has a name property (HikariCP poolName, Tomcat JDBC name, c3p0 dataSourceName). */
  boolean named() {
    return named;
  }

  /**
   * The name the agent must report this pool under when the app runs on {@code jdbcUrl}: "orders-pool"
   * for a named pool, else {@link #derivedName}.
   */
  String reportedName(String jdbcUrl) {
    return named ? POOL_NAME : derivedName(jdbcUrl);
  }

  /**
   * The name of a pool without one set: {@code <kind>:<URL without "jdbc:" and without properties or
   * query>}, e.g. {@code dbcp2:h2:mem:app} for {@code jdbc:h2:mem:app;DB_CLOSE_DELAY=-1}.
   */
  String derivedName(String jdbcUrl) {
    String database = jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring("jdbc:".length()) : jdbcUrl;
    int properties = database.indexOf(';');
    int query = database.indexOf('?');
    int end = properties < 0 ? query : query < 0 ? properties : Math.min(properties, query);
    return argument + ":" + (end < 0 ? database : database.substring(0, end));
  }

  /**
   * The finding a connection the application drops without close() gives: LEAK_UNCLOSED where the
   * garbage collector can take the object the pool handed out; OPEN_AT_EXIT where the pool keeps it
   * (c3p0), as it then stays reachable and checked out until the JVM exits.
   */
  String droppedConnectionFinding() {
    return handedOutCollectable ? "LEAK_UNCLOSED" : "OPEN_AT_EXIT";
  }

  AtClose atClose() {
    return atClose;
  }

  /** Whether the pool has a documented way to invalidate a borrowed connection (the invalidate scenario). */
  boolean invalidates() {
    return invalidates;
  }

  /** Whether the pool can take back a connection the application never returned (the abandoned scenario). */
  boolean removesAbandoned() {
    return removesAbandoned;
  }

  @Override
  public String toString() {
    return displayName;
  }
}
