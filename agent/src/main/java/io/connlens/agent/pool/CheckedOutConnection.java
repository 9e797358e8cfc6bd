package io.connlens.agent.pool;

import java.util.List;

/**
 * One connection a pool has handed out and not taken back, as the pool itself recorded it: what a
 * JVM attached to late knows of the leases taken before connlens was there. Immutable.
 */
public final class CheckedOutConnection {
  private final Object physical;
  private final long borrowedAtMillis;
  private final String holderThread;
  private final List<String> holderStack;

  /**
   * A checked-out connection as read: {@code physical} or {@code holderThread} {@code null}, or
   * {@code borrowedAtMillis} negative, where the pool does not say; {@code holderStack} is kept to its
   * first {@link HolderStack#MAX_FRAMES} frames.
   */
  public CheckedOutConnection(Object physical, long borrowedAtMillis, String holderThread, List<String> holderStack) {
    this.physical = physical;
    this.borrowedAtMillis = borrowedAtMillis < 0 ? -1 : borrowedAtMillis;
    this.holderThread = holderThread;
    this.holderStack = holderStack == null ? List.of()
        : List.copyOf(holderStack.subList(0, Math.min(holderStack.size(), HolderStack.MAX_FRAMES)));
  }

  /**
   * The driver's connection under the pool's entry, or {@code null}: the same object
   * {@link PoolSupport#physicalOf} answers for a lease on that entry, so a caller tells the ones it
   * already tracks by identity.
   */
  public Object physical() {
    return physical;
  }

  /** When the pool handed it out, in epoch milliseconds, or {@code -1} when the pool does not say. */
  public long borrowedAtMillis() {
    return borrowedAtMillis;
  }

  /** The name of the thread the pool recorded as holding it, or {@code null}. */
  public String holderThread() {
    return holderThread;
  }

  /**
   * The stack the pool recorded at checkout, from its first frame outside the pool, as
   * {@code pkg.Class.method(File.java:42)}; empty when the pool recorded none (most do only with their
   * leak-detection or abandoned-connection options on).
   */
  public List<String> holderStack() {
    return holderStack;
  }

  @Override
  public String toString() {
    return "CheckedOutConnection[" + physical + ", borrowedAt=" + borrowedAtMillis + ", thread=" + holderThread
        + ", frames=" + holderStack.size() + "]";
  }
}
