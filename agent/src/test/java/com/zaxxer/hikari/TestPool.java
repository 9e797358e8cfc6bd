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
}
