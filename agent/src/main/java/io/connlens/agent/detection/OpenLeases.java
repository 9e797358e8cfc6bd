package io.connlens.agent.detection;

import io.connlens.agent.pool.CheckedOutConnection;
import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.DataSourceInfo;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.StackFrames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connections the application holds now, longest held first: what {@code connlens leases}
 * and {@code watch} show. Made on demand (a request from the command line), never on the
 * application's path; each holder thread's stack is read once per listing.
 */
public final class OpenLeases {
  /** The most leases one listing carries; the rest are counted in {@link Listing#omitted()}. */
  public static final int MAX_LISTED = 1000;

  private final LeaseRegistry registry;
  private final HolderClassifier holders;
  private final StackFrames frames;
  private final long attachedAtMillis;

  /**
   * @param frames how a stack a pool recorded is read as an acquire site
   * @param attachedAtMillis when connlens was attached to this JVM (epoch ms), or -1 when it was loaded
   *     at start-up: then every connection was taken under it, and no pool is asked
   */
  public OpenLeases(LeaseRegistry registry, HolderClassifier holders, StackFrames frames, long attachedAtMillis) {
    this.registry = registry;
    this.holders = holders;
    this.frames = frames;
    this.attachedAtMillis = attachedAtMillis;
  }

  /** The open leases and how many were left out. */
  public static final class Listing {
    private final List<OpenLease> leases;
    private final long omitted;

    Listing(List<OpenLease> leases, long omitted) {
      this.leases = leases;
      this.omitted = omitted;
    }

    /** At most {@link #MAX_LISTED} leases, longest held first. */
    public List<OpenLease> leases() {
      return leases;
    }

    /** Open leases beyond {@link #MAX_LISTED}, the most recently taken. */
    public long omitted() {
      return omitted;
    }
  }

  /** The leases open now, and after an attach the connections the pools say they handed out before it. */
  public Listing list() {
    long nowNanos = System.nanoTime();
    long nowMillis = System.currentTimeMillis();
    List<Lease> open = new ArrayList<>();
    for (Lease lease : registry.openLeases()) {
      if (!lease.isClosed()) {
        open.add(lease);
      }
    }
    Map<Thread, Holder> described = new IdentityHashMap<>();
    List<OpenLease> listed = new ArrayList<>();
    for (Lease lease : open) {
      Thread thread = lease.thread();
      Holder holder = thread == null ? holders.describe(lease) : described.computeIfAbsent(thread, holders::describe);
      listed.add(new OpenLease(lease.id(), false, lease.pool(), lease.database(), lease.threadName(),
          lease.acquiredAtMillis(), (nowNanos - lease.acquiredNanos()) / 1_000_000L, lease.statements(),
          lease.lastSql(), lease.inTransaction(), lease.site(), holder));
    }
    if (attachedAtMillis >= 0) {
      listed.addAll(beforeAttach(nowMillis, described));
    }
    // longest held first; a connection from before the attach whose pool does not say when was held at least since then
    listed.sort(Comparator.comparingLong((OpenLease l) -> l.heldMillis() >= 0 ? l.heldMillis() : nowMillis - attachedAtMillis)
        .reversed().thenComparingLong(OpenLease::id));
    long omitted = Math.max(0, listed.size() - MAX_LISTED);
    return new Listing(List.copyOf(listed.subList(0, (int) Math.min(listed.size(), MAX_LISTED))), omitted);
  }

  /**
   * The connections the live pools say are checked out that no open lease is on: handed out before
   * the attach. Known as far as the pool recorded them: the time, the holder's name, its stack.
   */
  private List<OpenLease> beforeAttach(long nowMillis, Map<Thread, Holder> described) {
    List<OpenLease> found = new ArrayList<>();
    Map<String, Thread> threadsByName = null;
    for (DataSourceInfo pool : registry.livePools()) {
      Object source = pool.sourceObject();
      if (source == null) {
        continue;
      }
      for (CheckedOutConnection out : pool.support().checkedOut(source, MAX_LISTED)) {
        if (out.physical() == null || registry.openLeaseOnPhysical(out.physical()) != null) {
          continue; // tracked, or not to be told apart from a tracked one
        }
        Holder holder = null;
        if (out.holderThread() != null) {
          if (threadsByName == null) {
            threadsByName = liveThreadsByName();
          }
          Thread thread = threadsByName.get(out.holderThread());
          holder = thread == null ? null : described.computeIfAbsent(thread, holders::describe);
        }
        long borrowed = out.borrowedAtMillis();
        CallSite site = out.holderStack().isEmpty() ? CallSite.UNKNOWN : frames.siteOfPrinted(out.holderStack());
        found.add(new OpenLease(0, true, pool.name(), pool.database(), out.holderThread(), borrowed,
            borrowed < 0 ? -1 : Math.max(0, nowMillis - borrowed), -1, null, false, site, holder));
      }
    }
    return found;
  }

  /** The live threads by name; of two with one name, either (a pool records the name only). */
  private static Map<String, Thread> liveThreadsByName() {
    Map<String, Thread> byName = new HashMap<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      byName.putIfAbsent(thread.getName(), thread);
    }
    return byName;
  }
}
