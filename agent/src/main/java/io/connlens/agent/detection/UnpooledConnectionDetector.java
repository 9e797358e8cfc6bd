package io.connlens.agent.detection;

import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.LeaseListener;
import io.connlens.api.FindingType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Finds code that opens a physical connection per unit of work, without a pool (UNPOOLED_CONNECTIONS):
 * leases whose {@code getConnection} opened a physical connection of its own ({@link Lease#opensPhysical()}:
 * {@code DriverManager}, a driver's data source), counted per acquire site over a sliding window, and
 * reported when a site's average rate over the window reaches the threshold. A pool's own connections
 * are never leases, so they never count.
 *
 * <p>The application's thread only hands a closed lease over; the scan thread expands its site and
 * counts. At most one occurrence per site per window, so a site that goes on doing it counts once a
 * window. At most {@value #MAX_SITES} sites are counted at once; leases from further sites are
 * counted in {@link #droppedSites()}.
 */
public final class UnpooledConnectionDetector implements LeaseListener {
  /** The most sites counted at once (a site leaves when its window is empty). */
  static final int MAX_SITES = 256;
  /** The window moves in tenths of itself: its resolution. */
  static final int BUCKETS = 10;
  private static final String NO_SITE = "";

  private final FindingStore store;
  private final long thresholdPerSecond;
  private final long windowNanos;
  private final long bucketNanos;
  private final HandOffQueue<Closed> closed = new HandOffQueue<>();
  /** By the site's first frame, as findings aggregate; touched by the scan thread only. */
  private final Map<String, SiteWindow> sites = new HashMap<>();
  private final LongAdder droppedSites = new LongAdder();

  /** A lease ended at {@code closedNanos} after {@code heldNanos}. */
  private static final class Closed {
    final Lease lease;
    final long closedNanos;
    final long heldNanos;

    Closed(Lease lease, long closedNanos, long heldNanos) {
      this.lease = lease;
      this.closedNanos = closedNanos;
      this.heldNanos = heldNanos;
    }
  }

  /** One site's counts in the buckets of the window, and its latest lease (site, thread, database). */
  private final class SiteWindow {
    final long[] bucketIndex = new long[BUCKETS];
    final long[] counts = new long[BUCKETS];
    final long[] held = new long[BUCKETS];
    Lease latest;
    long reportedAtNanos;
    boolean reported;

    SiteWindow() {
      Arrays.fill(bucketIndex, Long.MIN_VALUE);
    }

    void add(long closedNanos, long heldNanos) {
      long index = Math.floorDiv(closedNanos, bucketNanos);
      int b = (int) Math.floorMod(index, (long) BUCKETS);
      if (bucketIndex[b] != index) {
        if (bucketIndex[b] > index) {
          return; // older than the window already counted there
        }
        bucketIndex[b] = index;
        counts[b] = 0;
        held[b] = 0;
      }
      counts[b]++;
      held[b] += heldNanos;
    }

    /** {@code {connections, heldNanos}} in the window ending at {@code nowNanos}. */
    long[] inWindow(long nowNanos) {
      long oldest = Math.floorDiv(nowNanos, bucketNanos) - BUCKETS + 1;
      long n = 0;
      long h = 0;
      for (int b = 0; b < BUCKETS; b++) {
        if (bucketIndex[b] >= oldest) {
          n += counts[b];
          h += held[b];
        }
      }
      return new long[] {n, h};
    }
  }

  /**
   * @param thresholdPerSecond physical connections a second from one site, averaged over the window,
   *     that make a finding ({@code unpooled.threshold})
   * @param windowNanos the window ({@code unpooled.window})
   */
  public UnpooledConnectionDetector(FindingStore store, long thresholdPerSecond, long windowNanos) {
    this.store = store;
    this.thresholdPerSecond = thresholdPerSecond;
    this.bucketNanos = Math.max(1, windowNanos / BUCKETS);
    this.windowNanos = bucketNanos * BUCKETS;
  }

  @Override
  public void onClosed(Lease lease, long heldNanos) {
    closed(lease, lease.acquiredNanos() + heldNanos, heldNanos);
  }

  /** {@code lease} ended at {@code closedNanos} after {@code heldNanos}: handed to the scan when it opened its own connection. */
  void closed(Lease lease, long closedNanos, long heldNanos) {
    if (lease.opensPhysical()) {
      // refused when the scan thread is that far behind: counted in the queue's dropped
      closed.offer(new Closed(lease, closedNanos, heldNanos));
    }
  }

  /** Counts what was handed over and reports each site past the threshold. {@code nowNanos} is {@link System#nanoTime()}. */
  public void scan(long nowNanos) {
    for (Closed c; (c = closed.poll()) != null; ) {
      CallSite site = c.lease.site();
      String key = site.isCaptured() ? site.topFrame() : NO_SITE;
      SiteWindow window = sites.get(key);
      if (window == null) {
        if (sites.size() >= MAX_SITES) {
          droppedSites.increment();
          continue;
        }
        window = new SiteWindow();
        sites.put(key, window);
      }
      window.latest = c.lease;
      window.add(c.closedNanos, c.heldNanos);
    }
    for (Iterator<SiteWindow> it = sites.values().iterator(); it.hasNext(); ) {
      SiteWindow window = it.next();
      long[] now = window.inWindow(nowNanos);
      if (now[0] == 0 && (!window.reported || nowNanos - window.reportedAtNanos >= windowNanos)) {
        it.remove(); // quiet for a whole window
      } else if (pastThreshold(now[0]) && (!window.reported || nowNanos - window.reportedAtNanos >= windowNanos)) {
        report(window.latest, now[0], now[1]);
        window.reported = true;
        window.reportedAtNanos = nowNanos;
      }
    }
  }

  /** Whether {@code connections} in the window average at least the threshold a second. */
  private boolean pastThreshold(long connections) {
    return connections * 1e9 >= (double) thresholdPerSecond * windowNanos;
  }

  private void report(Lease lease, long connections, long heldNanos) {
    long meanHeldNanos = heldNanos / connections;
    UnpooledRate rate = new UnpooledRate(connections, windowNanos / 1_000_000L, meanHeldNanos / 1000);
    String held = meanHeldNanos < 1_000_000L ? "under 1 ms" : DurationText.ofNanos(meanHeldNanos);
    String message = "no connection pooling: " + connections + " physical connections opened and closed within "
        + DurationText.ofNanos(windowNanos) + " from one site (unpooled.threshold " + thresholdPerSecond
        + " a second), each held " + held + " on average; use a pool such as HikariCP";
    store.record(Occurrence.ofLease(FindingType.UNPOOLED_CONNECTIONS, message, lease, -1, null)
        .withUnpooledRate(rate));
  }

  /** Leases not counted because {@value #MAX_SITES} other sites were being counted, or the hand-off was full. */
  public long droppedSites() {
    return droppedSites.sum() + closed.dropped();
  }
}
