package com.example;

import java.util.function.Supplier;

/**
 * Application code for connlens's report tests: the service whose JDBC work the findings are
 * about. It lives outside {@code io.connlens}, whose frames connlens leaves out of every site, so
 * that a finding's site names it as it would name an application's own code.
 */
public final class OrderService {
  private OrderService() {}

  /** Runs the export's JDBC work here, where a site captured during it starts. */
  public static <T> T export(Supplier<T> jdbcWork) {
    return jdbcWork.get();
  }

  /**
   * Runs {@code jdbcWork} {@code levels} calls deep in this method, for a site with more frames
   * than the console prints.
   */
  public static <T> T exportInSteps(int levels, Supplier<T> jdbcWork) {
    return levels <= 1 ? jdbcWork.get() : exportInSteps(levels - 1, jdbcWork);
  }
}
