package io.connlens.agent.registry;

/**
 * How long a pool spent at its maximum size, sampled: at each sample (once a second, on the scan
 * thread) the time since the previous one counts as observed, and as at maximum when the pool's open
 * leases are at least its maximum size then. So a pool full for less than the sample interval may be
 * missed, and one full at a sample counts the whole interval: the resolution is the interval. Written
 * by one thread only; read from any.
 */
public final class TimeAtMax {
  private long lastSampleNanos;
  private boolean sampled;
  private volatile long observedNanos;
  private volatile long atMaxNanos;

  /** A sample at {@code nowNanos}: {@code open} leases against {@code maxSize} (negative: unknown, not counted). */
  synchronized void sample(long nowNanos, long open, int maxSize) {
    if (maxSize <= 0) {
      sampled = false; // an unknown maximum: nothing observed until it is known again
      return;
    }
    if (sampled) {
      long elapsed = Math.max(0, nowNanos - lastSampleNanos);
      observedNanos += elapsed;
      if (open >= maxSize) {
        atMaxNanos += elapsed;
      }
    }
    lastSampleNanos = nowNanos;
    sampled = true;
  }

  /** The time observed, with a known maximum size. */
  public long observedNanos() {
    return observedNanos;
  }

  /** The part of it spent at maximum. */
  public long atMaxNanos() {
    return atMaxNanos;
  }
}
