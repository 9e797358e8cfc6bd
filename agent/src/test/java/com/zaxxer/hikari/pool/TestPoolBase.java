package com.zaxxer.hikari.pool;

/**
 * Stands for HikariCP's {@code PoolBase}, which the pool's creating hook passes as the owner of a new
 * physical connection: its package is HikariCP's, and its {@code toString()} is the pool's name.
 */
public final class TestPoolBase {
  private final String poolName;

  public TestPoolBase(String poolName) {
    this.poolName = poolName;
  }

  @Override
  public String toString() {
    return poolName;
  }
}
