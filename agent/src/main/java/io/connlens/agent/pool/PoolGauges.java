package io.connlens.agent.pool;

/**
 * A pool's size and use at one moment, as the pool reports them: {@code -1} where it does not say
 * (a pool version without the getter, a pool not started yet, metrics switched off).
 */
public final class PoolGauges {
  /** Nothing known. */
  public static final PoolGauges UNKNOWN = new PoolGauges(-1, -1, -1);

  private final int maxSize;
  private final int active;
  private final int idle;
  private final int waiting;

  /** Gauges as read, the waiting threads unknown; negative values mean unknown. */
  public PoolGauges(int maxSize, int active, int idle) {
    this(maxSize, active, idle, -1);
  }

  /** Gauges as read; negative values mean unknown. */
  public PoolGauges(int maxSize, int active, int idle, int waiting) {
    this.maxSize = Math.max(-1, maxSize);
    this.active = Math.max(-1, active);
    this.idle = Math.max(-1, idle);
    this.waiting = Math.max(-1, waiting);
  }

  /** The most physical connections the pool opens, or -1. */
  public int maxSize() {
    return maxSize;
  }

  /** Connections handed out now, or -1. */
  public int active() {
    return active;
  }

  /** Connections waiting in the pool now, or -1. */
  public int idle() {
    return idle;
  }

  /** Threads waiting for a connection now, or -1. */
  public int waiting() {
    return waiting;
  }
}
