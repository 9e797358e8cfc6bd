package com.example.inventory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * {@code PooledInventory SCENARIO JDBC_URL}: the scenario on a HikariCP pool, configured as HikariCP's
 * README shows (a {@code dataSourceClassName} and its properties), for a loader that holds HikariCP and
 * the driver itself.
 */
public final class PooledInventory {
  private PooledInventory() {}

  /** Runs {@code args[0]} against {@code args[1]}. */
  public static void main(String[] args) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setPoolName("inventory-pool");
    config.setDataSourceClassName("org.h2.jdbcx.JdbcDataSource");
    config.addDataSourceProperty("url", args[1]);
    config.setMaximumPoolSize(4);
    HikariDataSource dataSource = new HikariDataSource(config);
    System.out.println(InventoryScenarios.run(args[0], dataSource));
    if (!args[0].startsWith("leak")) {
      // with a connection still borrowed (the leak), closing the pool would wait for it, then abort it
      dataSource.close();
    }
  }
}
