package com.example.inventory;

import org.h2.jdbcx.JdbcDataSource;

/** {@code ModuleInventory SCENARIO JDBC_URL}: the module's main class under JBoss Modules. */
public final class ModuleInventory {
  private ModuleInventory() {}

  /** Runs {@code args[0]} against {@code args[1]}. */
  public static void main(String[] args) throws Exception {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(args[1]);
    System.out.println(InventoryScenarios.run(args[0], dataSource));
  }
}
