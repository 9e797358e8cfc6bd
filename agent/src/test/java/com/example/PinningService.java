package com.example;

/**
 * Application code for connlens's unit tests, outside connlens's own packages (whose frames are never
 * a site): each method runs what it is given, so that what the given code captures names this method.
 */
public final class PinningService {
  private PinningService() {}

  /** Takes two connections (runs {@code take} twice). */
  public static void pinTwice(Runnable take) {
    for (int i = 0; i < 2; i++) {
      take.run(); // one line: one site
    }
  }

  /** Takes one connection. */
  public static void pinOnce(Runnable take) {
    take.run();
  }

  /** Another line that takes one connection. */
  public static void pinElsewhere(Runnable take) {
    take.run();
  }

  /** A borrow that fails ({@code fail} reports it). */
  public static void borrow(Runnable fail) {
    fail.run();
  }
}
