package io.connlens.agent.registry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The leases of one pool open now and the most ever open at once, exact and lock-free: an open is one
 * atomic increment, and a compare-and-set only when it raises the peak (after warm-up, seldom); an end
 * is one atomic decrement. The peak is never below the open count read after it.
 */
public final class LeasePeak {
  private final AtomicLong open = new AtomicLong();
  private final AtomicLong peak = new AtomicLong();

  /** A lease opened. */
  void opened() {
    long now = open.incrementAndGet();
    long seen = peak.get();
    while (now > seen && !peak.compareAndSet(seen, now)) {
      seen = peak.get();
    }
  }

  /** A lease ended (closed, or garbage-collected without close). */
  void ended() {
    open.decrementAndGet();
  }

  /** Leases open now. */
  public long open() {
    return Math.max(0, open.get());
  }

  /** The most leases open at once since start. */
  public long peak() {
    return peak.get();
  }
}
