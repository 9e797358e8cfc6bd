package io.connlens.agent.registry;

import java.lang.ref.WeakReference;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Every open lease and physical connection of this JVM, keyed weakly by the connection object the
 * application or the pool holds. The instrumentation opens and closes entries; detectors scan them.
 */
public final class LeaseRegistry {
  /** Each thread's weak reference to itself (a thread-local value may refer to its thread weakly, never strongly). */
  private static final ThreadLocal<WeakReference<Thread>> CURRENT_THREAD =
      ThreadLocal.withInitial(() -> new WeakReference<>(Thread.currentThread()));

  private final WeakIdentityMap<Object, Lease> leases = new WeakIdentityMap<>();
  private final WeakIdentityMap<Object, PhysicalConnection> physical = new WeakIdentityMap<>();
  private final WeakIdentityMap<Object, DataSourceInfo> sources = new WeakIdentityMap<>();
  private final AtomicLong leaseIds = new AtomicLong();
  private final AtomicLong physicalIds = new AtomicLong();
  private final LongAdder leasesOpened = new LongAdder();
  private final LongAdder leasesClosed = new LongAdder();
  private final LongAdder leasesCollected = new LongAdder();
  private final LongAdder physicalOpened = new LongAdder();
  private final LongAdder physicalClosed = new LongAdder();
  private final LongAdder physicalCollected = new LongAdder();
  private final SiteCapture siteCapture;
  private final StackFrames frames;
  private final LongSupplier wallClock;
  private volatile LeaseListener listener = LeaseListener.NONE;

  /**
   * @param frames which frames of a captured acquire site are kept
   * @param wallClock epoch milliseconds
   */
  public LeaseRegistry(SiteCapture siteCapture, StackFrames frames, LongSupplier wallClock) {
    this.siteCapture = siteCapture;
    this.frames = frames;
    this.wallClock = wallClock;
  }

  /** Sets who is told when a lease closes. */
  public void setListener(LeaseListener listener) {
    this.listener = listener == null ? LeaseListener.NONE : listener;
  }

  /** The capture policy in force. */
  public SiteCapture siteCapture() {
    return siteCapture;
  }

  /** What is known of a data source object, described on first sight. */
  public DataSourceInfo source(Object dataSource) {
    return sources.computeIfAbsent(dataSource, DataSourceInfo::describe);
  }

  /**
   * Opens a lease on {@code connection}, the object the application got, unless one is open on it
   * already (some data sources hand the same object out twice; it is still one lease).
   */
  public Lease open(Object connection, DataSourceInfo source, String database, Thread thread) {
    Throwable trace = siteCapture.shouldCapture(source) ? new Throwable("connlens acquire site") : null;
    // the thread's own weak reference, made once per thread: a lease costs no reference object of its own
    WeakReference<Thread> threadRef = thread == Thread.currentThread() ? CURRENT_THREAD.get() : new WeakReference<>(thread);
    Lease lease = new Lease(leaseIds.incrementAndGet(), source, threadRef, thread.getName(), System.nanoTime(),
        wallClock.getAsLong(), trace, frames, database, connection.getClass().getName());
    Lease earlier = leases.putIfAbsent(connection, lease);
    if (earlier != null) {
      return earlier;
    }
    leasesOpened.increment();
    return lease;
  }

  /** The open lease whose connection object is {@code connection}, or {@code null}. */
  public Lease leaseOf(Object connection) {
    return leases.get(connection);
  }

  /** Closes the lease on {@code connection}; returns it, or {@code null} when none was open. */
  public Lease close(Object connection) {
    Lease lease = leases.remove(connection);
    if (lease != null) {
      lease.markClosed();
      leasesClosed.increment();
      listener.onClosed(lease, System.nanoTime() - lease.acquiredNanos());
    }
    return lease;
  }

  /** Records a physical connection opened by a driver or a pool's data source. */
  public PhysicalConnection openPhysical(Object connection, String database, String user, String pool, String threadName) {
    PhysicalConnection p = new PhysicalConnection(physicalIds.incrementAndGet(), database, user, pool, threadName,
        wallClock.getAsLong());
    PhysicalConnection earlier = physical.putIfAbsent(connection, p);
    if (earlier != null) {
      return earlier;
    }
    physicalOpened.increment();
    return p;
  }

  /** Ends the physical connection {@code connection}; returns it, or {@code null} when it was not tracked. */
  public PhysicalConnection closePhysical(Object connection) {
    PhysicalConnection p = physical.remove(connection);
    if (p != null) {
      physicalClosed.increment();
    }
    return p;
  }

  /** The open leases, a live view safe to iterate concurrently. */
  public Collection<Lease> openLeases() {
    return leases.values();
  }

  /** The open physical connections, a live view safe to iterate concurrently. */
  public Collection<PhysicalConnection> openPhysicalConnections() {
    return physical.values();
  }

  /**
   * The leases whose connection object was garbage-collected while still open (never closed), since
   * the last call. Also drops the entries of collected physical connections and data sources.
   */
  public List<Lease> pollUnclosed() {
    List<Lease> unclosed = leases.pollCollected();
    leasesCollected.add(unclosed.size());
    physicalCollected.add(physical.pollCollected().size());
    sources.pollCollected();
    return unclosed;
  }

  /** Leases opened since start. */
  public long leasesOpened() {
    return leasesOpened.sum();
  }

  /** Leases closed by the application since start. */
  public long leasesClosed() {
    return leasesClosed.sum();
  }

  /** Leases whose connection was garbage-collected without close. */
  public long leasesCollected() {
    return leasesCollected.sum();
  }

  /** Leases open now (including any collected but not yet polled). */
  public long leasesOpen() {
    return leases.size();
  }

  /** Physical connections opened since start. */
  public long physicalOpened() {
    return physicalOpened.sum();
  }

  /** Physical connections garbage-collected without close since start. */
  public long physicalCollected() {
    return physicalCollected.sum();
  }

  /** Physical connections closed since start. */
  public long physicalClosed() {
    return physicalClosed.sum();
  }

  /** Physical connections open now. */
  public long physicalOpen() {
    return physical.size();
  }
}
