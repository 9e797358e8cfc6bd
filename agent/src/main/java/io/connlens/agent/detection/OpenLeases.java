package io.connlens.agent.detection;

import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.LeaseRegistry;
import java.util.ArrayList;
import java.util.Comparator;
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

  public OpenLeases(LeaseRegistry registry, HolderClassifier holders) {
    this.registry = registry;
    this.holders = holders;
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

  /** The leases open now. */
  public Listing list() {
    long nowNanos = System.nanoTime();
    List<Lease> open = new ArrayList<>();
    for (Lease lease : registry.openLeases()) {
      if (!lease.isClosed()) {
        open.add(lease);
      }
    }
    open.sort(Comparator.comparingLong(Lease::acquiredNanos));
    long omitted = Math.max(0, open.size() - MAX_LISTED);
    Map<Thread, Holder> described = new IdentityHashMap<>();
    List<OpenLease> listed = new ArrayList<>();
    for (Lease lease : open.subList(0, (int) Math.min(open.size(), MAX_LISTED))) {
      Thread thread = lease.thread();
      Holder holder = thread == null ? holders.describe(lease) : described.computeIfAbsent(thread, holders::describe);
      listed.add(new OpenLease(lease.id(), false, lease.pool(), lease.database(), lease.threadName(),
          lease.acquiredAtMillis(), (nowNanos - lease.acquiredNanos()) / 1_000_000L, lease.statements(),
          lease.lastSql(), lease.inTransaction(), lease.site(), holder));
    }
    return new Listing(listed, omitted);
  }
}
