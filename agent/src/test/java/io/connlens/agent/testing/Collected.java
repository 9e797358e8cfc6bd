package io.connlens.agent.testing;

import java.lang.ref.WeakReference;
import java.util.List;

/** Waits, with a deadline, until the garbage collector has cleared weak references: reachability tests. */
public final class Collected {
  private static final long DEADLINE_NANOS = 20_000_000_000L;

  private Collected() {}

  /**
   * Runs the garbage collector until every reference is cleared or the deadline passes; returns how
   * many are still set (0 when all were collected).
   */
  public static long awaitCleared(List<? extends WeakReference<?>> references) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE_NANOS;
    long alive = countAlive(references);
    while (alive > 0 && System.nanoTime() - end < 0) {
      System.gc();
      Thread.sleep(10);
      alive = countAlive(references);
    }
    return alive;
  }

  private static long countAlive(List<? extends WeakReference<?>> references) {
    return references.stream().filter(r -> r.get() != null).count();
  }
}
