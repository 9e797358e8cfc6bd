package io.connlens.agent.registry;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * How long a pool's outermost {@code getConnection} calls waited: those longer than
 * {@link #THRESHOLD_NANOS}, their total and the longest. A borrow that finds an idle connection takes
 * microseconds (HikariCP's own thread-local hand-back, DBCP2's idle deque) and writes nothing here;
 * one that waits for a connection to come back or to be opened takes a millisecond or more.
 */
public final class BorrowWaits {
  /**
   * 1 ms: a hundred times an idle borrow, below the cost of a network connect or of any wait on a
   * returned connection, so that only borrows that really waited count.
   */
  public static final long THRESHOLD_NANOS = 1_000_000L;

  private final LongAdder count = new LongAdder();
  private final LongAdder totalNanos = new LongAdder();
  private final AtomicLong longestNanos = new AtomicLong();

  /** One borrow took {@code nanos}, successful or not; counted only when it waited past the threshold. */
  void record(long nanos) {
    if (nanos <= THRESHOLD_NANOS) {
      return;
    }
    count.increment();
    totalNanos.add(nanos);
    long seen = longestNanos.get();
    while (nanos > seen && !longestNanos.compareAndSet(seen, nanos)) {
      seen = longestNanos.get();
    }
  }

  /** Borrows that waited longer than the threshold. */
  public long count() {
    return count.sum();
  }

  /** Their total wait. */
  public long totalNanos() {
    return totalNanos.sum();
  }

  /** The longest wait of any borrow, 0 when none waited past the threshold. */
  public long longestNanos() {
    return longestNanos.get();
  }
}
