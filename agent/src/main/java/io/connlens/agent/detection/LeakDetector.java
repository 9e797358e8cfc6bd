package io.connlens.agent.detection;

import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.LeaseEnd;
import io.connlens.agent.registry.LeaseListener;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.WeakIdentityMap;
import io.connlens.api.FindingType;

/**
 * Finds leaked connections: leases open past {@code leak.threshold} (LEAK_SUSPECTED, with what the
 * holder thread is doing now), leases later returned after all (LONG_HOLD), connections
 * garbage-collected without close (LEAK_UNCLOSED), leases the application never closed whose physical
 * connection the pool closed (LEAK_UNCLOSED, with the pool's end) and leases still open at exit
 * (OPEN_AT_EXIT).
 *
 * <p>One scan thread calls {@link #scan} periodically; there is no timer per lease (HikariCP schedules
 * one per borrow). The application's thread only enqueues a closed lease that was held too long.
 */
public final class LeakDetector implements LeaseListener {
  private final LeaseRegistry registry;
  private final FindingStore store;
  private final long thresholdNanos;
  private final HolderClassifier holders;
  private final HandOffQueue<Returned> returned = new HandOffQueue<>();
  /**
   * The leases reported as suspected and still open, with their finding ({@link #STORE_FULL} when the
   * store had no room for it). Entries go when the lease is closed or collected; keyed weakly, so that
   * one a race left behind goes with its lease.
   */
  private final WeakIdentityMap<Lease, Object> suspected = new WeakIdentityMap<>();
  private static final Object STORE_FULL = new Object();

  /** A lease closed after being held {@code heldNanos}, at least the threshold. */
  private static final class Returned {
    final Lease lease;
    final long heldNanos;

    Returned(Lease lease, long heldNanos) {
      this.lease = lease;
      this.heldNanos = heldNanos;
    }
  }

  /** A detector that reports leases open longer than {@code thresholdNanos}, telling what holders do by {@code holders}. */
  public LeakDetector(LeaseRegistry registry, FindingStore store, long thresholdNanos, HolderClassifier holders) {
    this.registry = registry;
    this.holders = holders;
    this.store = store;
    this.thresholdNanos = thresholdNanos;
  }

  /** How often {@link #scan} should run. */
  public long scanIntervalMillis() {
    return scanIntervalMillis(thresholdNanos);
  }

  /**
   * How often to look for something that becomes a finding after {@code thresholdNanos}: a quarter of
   * the threshold, so it is reported at most 25% late, between 10 ms and 1 s.
   */
  static long scanIntervalMillis(long thresholdNanos) {
    return Math.max(10, Math.min(1000, thresholdNanos / 4_000_000L));
  }

  @Override
  public void onClosed(Lease lease, long heldNanos) {
    if (heldNanos >= thresholdNanos && !returned.offer(new Returned(lease, heldNanos))) {
      suspected.remove(lease); // the long hold is only counted: nothing will look for its suspicion
    }
  }

  @Override
  public void onCollected(Lease lease) {
    suspected.remove(lease);
  }

  /** Long holds not reported because {@value HandOffQueue#CAPACITY} were already waiting for the scan. */
  public long droppedLongHolds() {
    return returned.dropped();
  }

  /** Reports what happened since the last scan. {@code nowNanos} is {@link System#nanoTime()}. */
  public void scan(long nowNanos) {
    for (Lease lease : registry.pollUnclosed()) {
      reportUnclosed(lease, nowNanos);
    }
    for (Returned r; (r = returned.poll()) != null; ) {
      reportLongHold(r.lease, r.heldNanos);
    }
    suspected.pollCollected();
    for (Lease lease : registry.openLeases()) {
      if (suspected.get(lease) == null && !lease.isClosed() && nowNanos - lease.acquiredNanos() >= thresholdNanos) {
        reportSuspected(lease, nowNanos - lease.acquiredNanos());
      }
    }
  }

  /** The last scan, at JVM exit: everything still open is OPEN_AT_EXIT. */
  public void finishAtExit(long nowNanos) {
    scan(nowNanos);
    for (Lease lease : registry.openLeases()) {
      if (lease.isClosed()) {
        continue;
      }
      long held = nowNanos - lease.acquiredNanos();
      LeaseEnd end = lease.poolEnd();
      if (end != null) {
        // not open at exit: the pool closed its physical connection, though the application never did
        store.record(leak(FindingType.LEAK_UNCLOSED,
            "connection never closed by the application: " + end.words() + "; the application still held it at exit, "
                + DurationText.ofNanos(held) + " after it was acquired",
            lease, -1, null).withPoolEnd(end));
      } else {
        store.record(leak(FindingType.OPEN_AT_EXIT,
            "connection still open when the JVM exited, held for " + DurationText.ofNanos(held),
            lease, held / 1_000_000L, null));
      }
    }
  }

  private void reportSuspected(Lease lease, long heldNanos) {
    // first, so that every lease taken after anyone sees this finding is named
    registry.siteCapture().onLeak(lease.source());
    Holder holder = holders.describe(lease);
    Finding finding = store.record(leak(FindingType.LEAK_SUSPECTED,
        "connection held for " + DurationText.ofNanos(heldNanos) + " and still open (leak.threshold "
            + DurationText.ofNanos(thresholdNanos) + ")",
        lease, heldNanos / 1_000_000L, holder));
    // even if closed meanwhile: the long hold its close handed over is reported at the next scan, after this
    suspected.put(lease, finding == null ? STORE_FULL : finding);
  }

  private void reportLongHold(Lease lease, long heldNanos) {
    store.record(leak(FindingType.LONG_HOLD,
        "connection held for " + DurationText.ofNanos(heldNanos) + ", past leak.threshold "
            + DurationText.ofNanos(thresholdNanos) + ", then closed",
        lease, heldNanos / 1_000_000L, null));
    Object suspicion = suspected.remove(lease);
    if (suspicion instanceof Finding) {
      ((Finding) suspicion).markReturned();
    } else if (suspicion == STORE_FULL) {
      store.resolvedDropped(FindingType.LEAK_SUSPECTED); // its finding was dropped: the store was full
    }
  }

  private void reportUnclosed(Lease lease, long nowNanos) {
    registry.siteCapture().onLeak(lease.source()); // first: see reportSuspected
    long held = nowNanos - lease.acquiredNanos();
    LeaseEnd end = lease.poolEnd();
    String message = end == null
        ? "connection never closed: the application dropped it and it was garbage-collected "
            + DurationText.ofNanos(held) + " after it was acquired"
        : "connection never closed by the application: " + end.words() + "; the application dropped it, "
            + "garbage-collected " + DurationText.ofNanos(held) + " after it was acquired";
    store.record(leak(FindingType.LEAK_UNCLOSED, message, lease, -1, null).withPoolEnd(end));
  }

  /** A leak finding's occurrence: the lease, and what its connection ran. */
  private static Occurrence leak(FindingType type, String message, Lease lease, long heldMillis, Holder holder) {
    return Occurrence.ofLease(type, message, lease, heldMillis, holder)
        .withLeaseActivity(lease.statements(), lease.lastSql());
  }
}
