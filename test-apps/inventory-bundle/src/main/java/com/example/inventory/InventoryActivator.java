package com.example.inventory;

import org.h2.jdbcx.JdbcDataSource;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * The bundle's activator: runs the scenario named by the framework property
 * {@code inventory.scenario} on an H2 data source at {@code inventory.url}, inside the bundle's own
 * class loader, which delegates only {@code java.*} to the boot loader.
 */
public final class InventoryActivator implements BundleActivator {
  @Override
  public void start(BundleContext context) throws Exception {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(context.getProperty("inventory.url"));
    System.out.println(InventoryScenarios.run(context.getProperty("inventory.scenario"), dataSource));
  }

  @Override
  public void stop(BundleContext context) {
    // nothing to release: the leak scenario keeps its connection on purpose
  }
}
