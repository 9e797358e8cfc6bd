package com.zaxxer.hikari;

/**
 * Stands in for a HikariCP pool in connlens's unit tests. connlens knows a HikariCP pool by its
 * package and reads its name and URL with {@code getPoolName()} and {@code getJdbcUrl()}, so a test
 * can name a pool as an application does (the pool name is the application's to choose), without
 * HikariCP on the agent's class path.
 */
public final class TestPool {
  private final String poolName;
  private final String jdbcUrl;
  private volatile int maximumPoolSize = -1;
  private volatile Gauges gauges;

  /** A pool with this name serving this URL ({@code null}: not known). */
  public TestPool(String poolName, String jdbcUrl) {
    this.poolName = poolName;
    this.jdbcUrl = jdbcUrl;
  }

  /** The name, as {@code HikariDataSource.getPoolName()} returns it. */
  public String getPoolName() {
    return poolName;
  }

  /** The URL, as {@code HikariDataSource.getJdbcUrl()} returns it. */
  public String getJdbcUrl() {
    return jdbcUrl;
  }

  /** Says its maximum size, as {@code HikariDataSource.getMaximumPoolSize()}; -1 (the default) reads as unknown. */
  public TestPool maximumPoolSize(int size) {
    this.maximumPoolSize = size;
    return this;
  }

  /** From now on says {@code active} connections in use and {@code waiting} threads waiting, as a started pool. */
  public void inUse(int active, int waiting) {
    this.gauges = new Gauges(active, waiting);
  }

  /** As {@code HikariDataSource.getMaximumPoolSize()}. */
  public int getMaximumPoolSize() {
    return maximumPoolSize;
  }

  /** As {@code HikariDataSource.getHikariPoolMXBean()}: {@code null} until the pool started. */
  public Gauges getHikariPoolMXBean() {
    return gauges;
  }

  /** Stands in for {@code HikariPoolMXBean}. */
  public static final class Gauges {
    private final int active;
    private final int waiting;

    Gauges(int active, int waiting) {
      this.active = active;
      this.waiting = waiting;
    }

    public int getActiveConnections() {
      return active;
    }

    public int getIdleConnections() {
      return 0;
    }

    public int getThreadsAwaitingConnection() {
      return waiting;
    }
  }
}
