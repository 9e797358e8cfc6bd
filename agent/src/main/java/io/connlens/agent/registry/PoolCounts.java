package io.connlens.agent.registry;

import io.connlens.agent.pool.PoolGauges;
import java.util.concurrent.atomic.LongAdder;

/**
 * The leases and physical connections of one connection pool since start, by the name connlens
 * reports the pool under (HikariCP: its {@code poolName}). A physical connection counts here when the
 * pool opened it (on one of its own threads, or inside one of its {@code getConnection} calls); a
 * lease when the application got it from the pool. Two pools that share a name share one entry.
 */
public final class PoolCounts {
  private final String name;
  private volatile String database;
  /** The first data source seen under this name: whose gauges are read. */
  private volatile DataSourceInfo source;
  final LongAdder leasesOpened = new LongAdder();
  final LongAdder leasesClosed = new LongAdder();
  final LongAdder leasesCollected = new LongAdder();
  final LongAdder physicalOpened = new LongAdder();
  final LongAdder physicalClosed = new LongAdder();
  final LongAdder physicalCollected = new LongAdder();
  /** Leases open now and the most at once: the pool's measured need (pool sizing). */
  final LeasePeak leasePeak = new LeasePeak();
  /** How long its borrows waited. */
  final BorrowWaits waits = new BorrowWaits();
  /** How long it spent at its maximum size, sampled once a second. */
  final TimeAtMax timeAtMax = new TimeAtMax();

  PoolCounts(String name) {
    this.name = name;
  }

  /** The pool's name, as findings name it. */
  public String name() {
    return name;
  }

  /**
   * The database URL (password removed) of the first physical connection the pool opened, else the
   * one the pool was configured with; {@code null} when neither is known.
   */
  public String database() {
    return database;
  }

  void learnSource(DataSourceInfo info) {
    if (source == null) {
      source = info;
    }
  }

  /** The pool's kind ({@code hikaricp}, {@code dbcp2}, ...), or {@code null} until it handed out a lease. */
  public String kind() {
    DataSourceInfo info = source;
    return info == null || info.support() == null ? null : info.support().kind();
  }

  /**
   * The pool's size and use now, as the first pool of this name reports them;
   * {@link PoolGauges#UNKNOWN} before it handed out a lease.
   */
  public PoolGauges gauges() {
    DataSourceInfo info = source;
    return info == null ? PoolGauges.UNKNOWN : info.gauges();
  }

  void learnDatabase(String url) {
    if (database == null && url != null) {
      database = url;
    }
  }

  /**
   * {@code {opened, closed, open, unclosed}} of the pool's leases: {@code open} is those neither
   * closed nor garbage-collected, as the registry's own count.
   */
  public long[] leases() {
    return counts(leasesOpened, leasesClosed, leasesCollected);
  }

  /** {@code {opened, closed, open, unclosed}} of the pool's physical connections. */
  public long[] physical() {
    return counts(physicalOpened, physicalClosed, physicalCollected);
  }

  /** The leases open now and the most ever open at once. */
  public LeasePeak leasePeak() {
    return leasePeak;
  }

  /** The waits of its borrows. */
  public BorrowWaits waits() {
    return waits;
  }

  /** The time it spent at its maximum size. */
  public TimeAtMax timeAtMax() {
    return timeAtMax;
  }

  static long[] counts(LongAdder opened, LongAdder closed, LongAdder collected) {
    // the ends first: every close follows its open, so open is never below zero
    long closedNow = closed.sum();
    long collectedNow = collected.sum();
    long openedNow = opened.sum();
    return new long[] {openedNow, closedNow, Math.max(0, openedNow - closedNow - collectedNow), collectedNow};
  }
}
