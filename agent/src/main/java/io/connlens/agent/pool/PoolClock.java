package io.connlens.agent.pool;

import java.util.concurrent.TimeUnit;

/**
 * Epoch milliseconds from the clocks pools keep their checkout times in, or {@code -1} where the
 * reading cannot be a past instant (a clock connlens misread must not answer a wrong age).
 */
public final class PoolClock {
  private PoolClock() {}

  /** The instant {@code elapsedMillis} ago, or {@code -1} for a negative elapsed time. */
  public static long epochMillisAgo(long elapsedMillis) {
    return elapsedMillis < 0 ? -1 : System.currentTimeMillis() - elapsedMillis;
  }

  /**
   * The instant a {@link System#nanoTime()} reading of this JVM was taken, or {@code -1} for 0 (never
   * set) and for a reading in the future.
   */
  public static long epochMillisOfNanoTime(long nanoTime) {
    return nanoTime == 0 ? -1 : epochMillisAgo(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime));
  }
}
