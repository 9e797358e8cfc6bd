package io.connlens.agent.detection;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the application's threads hand the scan thread (closed long holds, query bursts): lock-free
 * for the producers, and bounded, because the scan thread may fall behind a burst of work or stall on a
 * slow console. Past {@value #CAPACITY} items waiting, an offer is refused and counted as dropped.
 */
final class HandOffQueue<T> {
  /** The most items waiting for the scan thread. */
  static final int CAPACITY = 10_000;

  private final Queue<T> items = new ConcurrentLinkedQueue<>();
  // ConcurrentLinkedQueue.size() walks the queue: keep the count apart
  private final AtomicInteger size = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();

  /** Queues {@code item}, or counts it as dropped when {@value #CAPACITY} are waiting; says which. */
  boolean offer(T item) {
    if (size.incrementAndGet() > CAPACITY) {
      size.decrementAndGet();
      dropped.increment();
      return false;
    }
    items.add(item);
    return true;
  }

  /** The oldest waiting item, or {@code null}. */
  T poll() {
    T item = items.poll();
    if (item != null) {
      size.decrementAndGet();
    }
    return item;
  }

  /** Items refused because the queue was full. */
  long dropped() {
    return dropped.sum();
  }
}
