package com.example;

import java.util.function.Supplier;

/** Application code for connlens's report tests: the caller of {@link OrderService}. */
public final class OrderController {
  private OrderController() {}

  /** Handles a request by running the export, whose JDBC work is {@code jdbcWork}. */
  public static <T> T get(Supplier<T> jdbcWork) {
    return OrderService.export(jdbcWork);
  }
}
