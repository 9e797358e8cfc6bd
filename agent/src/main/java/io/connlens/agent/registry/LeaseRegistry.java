package io.connlens.agent.registry;

import io.connlens.agent.jdbc.DatabaseServer;
import io.connlens.agent.pool.PoolNames;
import io.connlens.agent.pool.PoolSupport;
import io.connlens.agent.pool.PoolSupports;
import io.connlens.bootstrap.ConnlensHooks;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Every open lease and physical connection of this JVM, keyed weakly by the connection object the
 * application or the pool holds. The instrumentation opens and closes entries; detectors scan them.
 */
public final class LeaseRegistry {
  /** The most pool names counted per pool ({@link #pools()}); leases and connections of others are counted in {@link #droppedPools()}. */
  static final int MAX_POOLS = 256;

  /** Each thread's weak reference to itself (a thread-local value may refer to its thread weakly, never strongly). */
  private static final ThreadLocal<WeakReference<Thread>> CURRENT_THREAD =
      ThreadLocal.withInitial(() -> new WeakReference<>(Thread.currentThread()));

  private final WeakIdentityMap<Object, Lease> leases = new WeakIdentityMap<>();
  private final WeakIdentityMap<Object, PhysicalConnection> physical = new WeakIdentityMap<>();
  private final WeakIdentityMap<Object, DataSourceInfo> sources = new WeakIdentityMap<>();
  /**
   * The lease last opened on each physical connection connlens did not see opened (one a pool opened
   * before the attach): how a connection the pool says is checked out is told to be tracked. At most
   * one entry per such connection, gone with it.
   */
  private final WeakIdentityMap<Object, Lease> leasesOnUntrackedPhysical = new WeakIdentityMap<>();
  private final AtomicLong leaseIds = new AtomicLong();
  private final AtomicLong physicalIds = new AtomicLong();
  private final LongAdder leasesOpened = new LongAdder();
  private final LongAdder leasesClosed = new LongAdder();
  private final LongAdder leasesCollected = new LongAdder();
  private final LongAdder physicalOpened = new LongAdder();
  private final LongAdder physicalClosed = new LongAdder();
  private final LongAdder physicalCollected = new LongAdder();
  private final ConcurrentHashMap<String, PoolCounts> pools = new ConcurrentHashMap<>();
  private final LongAdder droppedPools = new LongAdder();
  private final ConcurrentHashMap<String, ServerCounts> servers = new ConcurrentHashMap<>();
  private final LongAdder droppedServers = new LongAdder();
  private final SiteCapture siteCapture;
  private final StackFrames frames;
  private final PoolSupports poolSupports;
  /** Made once: a capturing lambda at the call would be a new object on every borrow. */
  private final Function<Object, DataSourceInfo> describeSource;
  private final LongSupplier wallClock;
  /**
   * The wall clock less {@link System#nanoTime()}, in milliseconds: a lease's wall-clock acquire time
   * comes from the monotonic reading it takes anyway, one clock read per lease instead of two. Read
   * anew once a second ({@link #samplePools}), so that a clock the system adjusts is followed.
   */
  private volatile long wallOffsetMillis;
  /** Copied on write: added at wiring, read on every open and close. */
  private volatile LeaseListener[] listeners = new LeaseListener[0];
  /** Copied on write, as {@link #listeners}: read only when taking a connection failed. */
  private volatile ConnectionFailureListener[] failureListeners = new ConnectionFailureListener[0];

  /**
   * @param frames which frames of a captured acquire site are kept
   * @param pools the pools known: which data sources are pools, and how to read them
   * @param wallClock epoch milliseconds
   */
  public LeaseRegistry(SiteCapture siteCapture, StackFrames frames, PoolSupports pools, LongSupplier wallClock) {
    this.siteCapture = siteCapture;
    this.frames = frames;
    this.poolSupports = pools;
    this.describeSource = source -> DataSourceInfo.describe(source, pools);
    this.wallClock = wallClock;
    followWallClock();
  }

  private void followWallClock() {
    wallOffsetMillis = wallClock.getAsLong() - System.nanoTime() / 1_000_000L;
  }

  /** Adds a listener told of every lease opened and closed from now on. */
  public synchronized void addListener(LeaseListener listener) {
    listeners = CopyOnWrite.appended(listeners, listener);
  }

  /** Adds a listener told of every failure to take a connection from now on. */
  public synchronized void addFailureListener(ConnectionFailureListener listener) {
    failureListeners = CopyOnWrite.appended(failureListeners, listener);
  }

  /** A borrow failed: tells the failure listeners (see {@link ConnectionFailureListener#borrowFailed}). */
  public void borrowFailed(DataSourceInfo source, String database, Throwable thrown, Throwable connectFailure,
      String connectDatabase) {
    for (ConnectionFailureListener listener : failureListeners) {
      try {
        listener.borrowFailed(source, database, thrown, connectFailure, connectDatabase);
      } catch (RuntimeException | LinkageError e) {
        ConnlensHooks.suppressed(e); // the application gets its own exception, never ours
      }
    }
  }

  /** A physical connection failed outside a borrow: tells the failure listeners. */
  public void connectFailed(String database, String pool, Throwable thrown) {
    for (ConnectionFailureListener listener : failureListeners) {
      try {
        listener.connectFailed(database, pool, thrown);
      } catch (RuntimeException | LinkageError e) {
        ConnlensHooks.suppressed(e);
      }
    }
  }

  /** The capture policy in force. */
  public SiteCapture siteCapture() {
    return siteCapture;
  }

  /** What is known of a data source object, described on first sight. */
  public DataSourceInfo source(Object dataSource) {
    return sources.computeIfAbsent(dataSource, describeSource);
  }

  /**
   * The pool {@code driver}, a {@code java.sql.Driver}, borrows from in {@code connect(url, ..)}, described
   * on first sight; {@code null} for a driver that is no pool's (its connections are physical ones).
   */
  public DataSourceInfo poolBehindDriver(Object driver, String url) {
    PoolSupport support = poolSupports.of(driver);
    PoolSupport.DriverPool found = support == null ? null : support.poolBehindDriver(driver, url);
    if (found == null) {
      return null;
    }
    return sources.computeIfAbsent(found.pool(), pool -> DataSourceInfo.behindDriver(pool, support, found.name()));
  }

  /**
   * The name of the pool on whose behalf {@code owner}, the object a pool's creating hook passed, opens
   * a physical connection to {@code url}: what the pool's support reads from it, else the pool's kind
   * and the URL; {@code null} when no known pool's object it is.
   */
  public String poolNameOfOwner(Object owner, String url) {
    PoolSupport support = poolSupports.ofInternal(owner);
    if (support == null) {
      return null;
    }
    String name = support.ownerName(owner);
    return name != null ? name : PoolNames.unnamed(support.kind(), url);
  }

  /**
   * Opens a lease on {@code connection}, the object the application got, unless one is open on it
   * already (some data sources hand the same object out twice; it is still one lease).
   */
  public Lease open(Object connection, DataSourceInfo source, String database, Thread thread) {
    return open(connection, source, database, thread, false);
  }

  /**
   * As {@link #open(Object, DataSourceInfo, String, Thread)}; {@code opensPhysical}: the
   * {@code getConnection} opened a physical connection itself. It counts only for a source that is no
   * known pool ({@link Lease#opensPhysical()}); such a lease has its site captured unless capture is off.
   */
  public Lease open(Object connection, DataSourceInfo source, String database, Thread thread, boolean opensPhysical) {
    boolean unpooled = opensPhysical && !source.isPool();
    Throwable trace = siteCapture.shouldCapture(source, unpooled) ? new Throwable("connlens acquire site") : null;
    // the thread's own weak reference, made once per thread: a lease costs no reference object of its own
    WeakReference<Thread> threadRef = thread == Thread.currentThread() ? CURRENT_THREAD.get() : new WeakReference<>(thread);
    long now = System.nanoTime();
    Lease lease = new Lease(leaseIds.incrementAndGet(), source, threadRef, thread.getName(), now,
        now / 1_000_000L + wallOffsetMillis, trace, frames, database, connection.getClass().getName(), unpooled);
    Lease earlier = leases.putIfAbsent(connection, lease);
    if (earlier != null) {
      return earlier;
    }
    leasesOpened.increment();
    if (source.isPool()) {
      PoolCounts counts = countsOf(source);
      lease.poolCounts = counts;
      if (counts != null) {
        counts.leasesOpened.increment();
        counts.leasePeak.opened();
      }
      linkPhysical(lease, source.support().physicalOf(connection));
    }
    for (LeaseListener listener : listeners) {
      listener.onOpened(lease);
    }
    return lease;
  }

  /** Ties the lease to the physical connection under it, when the pool told which. */
  private void linkPhysical(Lease lease, Object physicalConnection) {
    if (physicalConnection == null) {
      return;
    }
    PhysicalConnection p = physical.get(physicalConnection);
    if (p != null) {
      lease.physical = p;
      p.lease = lease;
    } else {
      leasesOnUntrackedPhysical.put(physicalConnection, lease);
    }
  }

  /**
   * The open lease on the driver connection {@code physicalConnection}, or {@code null}: whether a
   * connection a pool says it handed out is one connlens tracks.
   */
  public Lease openLeaseOnPhysical(Object physicalConnection) {
    PhysicalConnection p = physical.get(physicalConnection);
    Lease lease = p != null ? p.lease : leasesOnUntrackedPhysical.get(physicalConnection);
    return lease == null || lease.isClosed() ? null : lease;
  }

  /** The pools seen since start whose data source objects are still alive. */
  public List<DataSourceInfo> livePools() {
    List<DataSourceInfo> live = new ArrayList<>();
    for (DataSourceInfo info : sources.values()) {
      if (info.isPool() && info.sourceObject() != null) {
        live.add(info);
      }
    }
    return live;
  }

  /** The pool entry of {@code source}, looked up once per name it has; {@code null} when the table is full. */
  private PoolCounts countsOf(DataSourceInfo source) {
    PoolCounts counts = source.poolCounts;
    String name = source.name();
    if (counts == null || !counts.name().equals(name)) {
      counts = poolCounts(name);
      if (counts != null) {
        counts.learnDatabase(source.database());
        counts.learnSource(source);
        source.poolCounts = counts;
      }
    }
    return counts;
  }

  /** The entry for the pool named {@code name}, made on first sight; {@code null}, counted, once {@link #MAX_POOLS} exist. */
  private PoolCounts poolCounts(String name) {
    return entry(pools, name, PoolCounts::new, droppedPools);
  }

  /** The entry for {@code server}, made on first sight; {@code null}, counted, once {@link #MAX_POOLS} exist. */
  private ServerCounts serverCounts(DatabaseServer server) {
    return server == null ? null : entry(servers, server.key(), key -> new ServerCounts(server), droppedServers);
  }

  /**
   * The entry of {@code table} for {@code key}, made by {@code create} on first sight while the table
   * holds fewer than {@link #MAX_POOLS}; else {@code null}, counted in {@code dropped}.
   */
  private static <V> V entry(ConcurrentHashMap<String, V> table, String key, Function<String, V> create,
      LongAdder dropped) {
    V value = table.get(key);
    if (value != null) {
      return value;
    }
    synchronized (table) {
      value = table.get(key);
      if (value == null && table.size() < MAX_POOLS) {
        value = create.apply(key);
        table.put(key, value);
      }
    }
    if (value == null) {
      dropped.increment();
    }
    return value;
  }

  /**
   * A borrow from {@code pool} (its outermost {@code getConnection}, successful or not) took
   * {@code nanos}: counted as a wait when past {@link BorrowWaits#THRESHOLD_NANOS}.
   */
  public void borrowed(DataSourceInfo pool, long nanos) {
    if (nanos > BorrowWaits.THRESHOLD_NANOS) {
      PoolCounts counts = countsOf(pool);
      if (counts != null) {
        counts.waits.record(nanos);
      }
    }
  }

  /**
   * Samples, at {@code nowNanos}, whether each pool is at its maximum size (its open leases against
   * the maximum its gauges report), for {@link PoolCounts#timeAtMax()}. Called once a second by the
   * scan thread; reads each pool's gauges by reflection, never on a borrow.
   */
  public void samplePools(long nowNanos) {
    followWallClock();
    for (PoolCounts pool : pools.values()) {
      pool.timeAtMax.sample(nowNanos, pool.leasePeak.open(), pool.gauges().maxSize());
    }
  }

  /**
   * The open physical connections to each server by who holds them: per pool name, and
   * {@link ServerHolders#direct()} for those no pool opened. Walks the open connections (on the scan
   * thread, once per snapshot); bounded as the pool and server tables are.
   */
  public Map<String, ServerHolders> openPhysicalByServer() {
    Map<String, ServerHolders> byServer = new HashMap<>();
    for (PhysicalConnection p : physical.values()) {
      ServerCounts server = p.serverCounts;
      if (server == null || (p.pool() != null && p.poolCounts == null)) {
        continue; // counted in the dropped servers or pools
      }
      byServer.computeIfAbsent(server.server().key(), key -> new ServerHolders())
          .add(p.poolCounts == null ? null : p.poolCounts.name());
    }
    return byServer;
  }

  /** The open physical connection whose driver connection object is {@code connection}, or {@code null}. */
  public PhysicalConnection physicalOf(Object connection) {
    return physical.get(connection);
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
      if (lease.poolCounts != null) {
        lease.poolCounts.leasesClosed.increment();
        lease.poolCounts.leasePeak.ended();
      }
      PhysicalConnection p = lease.physical;
      if (p != null && p.lease == lease) {
        p.lease = null;
      }
      long held = System.nanoTime() - lease.acquiredNanos();
      for (LeaseListener listener : listeners) {
        listener.onClosed(lease, held);
      }
    }
    return lease;
  }

  /** Records a physical connection opened by a driver or a pool's data source. */
  public PhysicalConnection openPhysical(Object connection, String database, String user, String pool, String threadName) {
    PoolCounts counts = pool == null ? null : poolCounts(pool);
    ServerCounts server = serverCounts(DatabaseServer.of(database));
    PhysicalConnection p = new PhysicalConnection(physicalIds.incrementAndGet(), database, user, pool, threadName,
        wallClock.getAsLong(), counts, server);
    PhysicalConnection earlier = physical.putIfAbsent(connection, p);
    if (earlier != null) {
      return earlier;
    }
    physicalOpened.increment();
    if (server != null) {
      server.opened.increment();
    }
    if (counts != null) {
      counts.learnDatabase(database);
      counts.physicalOpened.increment();
    }
    return p;
  }

  /**
   * Ends the physical connection {@code connection}; returns it, or {@code null} when it was not
   * tracked. A lease open on it was ended by its pool ({@link Lease#poolEnd()}), unless the
   * application closes it yet, or the pool was closed by a shutdown hook as the JVM exits.
   */
  public PhysicalConnection closePhysical(Object connection) {
    PhysicalConnection p = physical.remove(connection);
    if (p != null) {
      Lease lease = p.lease;
      // a pool a shutdown hook closes ends nothing: the lease was open when the JVM began to exit,
      // whichever hook runs first, and is reported as open at exit
      if (lease != null && !lease.isClosed() && !lease.source().isShutDownAsTheJvmExits()) {
        lease.poolEnded(lease.source().isShutDown() ? LeaseEnd.POOL_SHUTDOWN : LeaseEnd.POOL);
      }
      physicalClosed.increment();
      if (p.poolCounts != null) {
        p.poolCounts.physicalClosed.increment();
      }
      if (p.serverCounts != null) {
        p.serverCounts.closed.increment();
      }
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
    for (Lease lease : unclosed) {
      if (lease.poolCounts != null) {
        lease.poolCounts.leasesCollected.increment();
        lease.poolCounts.leasePeak.ended();
      }
      for (LeaseListener listener : listeners) {
        listener.onCollected(lease);
      }
    }
    List<PhysicalConnection> collected = physical.pollCollected();
    physicalCollected.add(collected.size());
    for (PhysicalConnection p : collected) {
      if (p.poolCounts != null) {
        p.poolCounts.physicalCollected.increment();
      }
      if (p.serverCounts != null) {
        p.serverCounts.collected.increment();
      }
    }
    sources.pollCollected();
    leasesOnUntrackedPhysical.pollCollected();
    return unclosed;
  }

  /**
   * Every pool seen since start (a physical connection it opened or a lease it handed out), by name,
   * at most {@link #MAX_POOLS}. {@code DriverManager} and data sources that are not pools are in the
   * totals only: a plain data source's connections are not told apart from the driver's.
   */
  public List<PoolCounts> pools() {
    List<PoolCounts> list = new ArrayList<>(pools.values());
    list.sort(Comparator.comparing(PoolCounts::name));
    return list;
  }

  /** Every database server a physical connection was opened to, by key, at most {@link #MAX_POOLS}. */
  public List<ServerCounts> servers() {
    List<ServerCounts> list = new ArrayList<>(servers.values());
    list.sort(Comparator.comparing(c -> c.server().key()));
    return list;
  }

  /** Physical connections to servers beyond the {@link #MAX_POOLS} counted one by one. */
  public long droppedServers() {
    return droppedServers.sum();
  }

  /** Leases and physical connections of pools beyond the {@link #MAX_POOLS} counted one by one. */
  public long droppedPools() {
    return droppedPools.sum();
  }

  /** The id of the last lease opened, 0 before the first: ids rise in acquire order. */
  public long lastLeaseId() {
    return leaseIds.get();
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
