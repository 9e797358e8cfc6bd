package io.connlens.api;

import java.beans.ConstructorProperties;

/**
 * One pool as JMX shows it (an open-type composite in {@link ConnlensMXBean#getPools()}): its leases
 * and physical connections since start, and its size and use as the pool reports them (-1 where it
 * does not say).
 */
public final class PoolStatus {
  private final String name;
  private final String kind;
  private final String database;
  private final long openLeases;
  private final long leasesOpened;
  private final long openPhysicalConnections;
  private final long physicalConnectionsOpened;
  private final int maxSize;
  private final int active;
  private final int idle;
  private final long peakLeases;
  private final long atMaxMillis;
  private final long observedMillis;
  private final long waits;
  private final long longestWaitMillis;

  /** All values but the sizing ones, which read 0. */
  public PoolStatus(String name, String kind, String database, long openLeases, long leasesOpened,
      long openPhysicalConnections, long physicalConnectionsOpened, int maxSize, int active, int idle) {
    this(name, kind, database, openLeases, leasesOpened, openPhysicalConnections, physicalConnectionsOpened, maxSize,
        active, idle, 0, 0, 0, 0, 0);
  }

  /** All values; {@code kind} and {@code database} may be {@code null}. */
  @ConstructorProperties({"name", "kind", "database", "openLeases", "leasesOpened", "openPhysicalConnections",
      "physicalConnectionsOpened", "maxSize", "active", "idle", "peakLeases", "atMaxMillis", "observedMillis",
      "waits", "longestWaitMillis"})
  public PoolStatus(String name, String kind, String database, long openLeases, long leasesOpened,
      long openPhysicalConnections, long physicalConnectionsOpened, int maxSize, int active, int idle,
      long peakLeases, long atMaxMillis, long observedMillis, long waits, long longestWaitMillis) {
    this.peakLeases = peakLeases;
    this.atMaxMillis = atMaxMillis;
    this.observedMillis = observedMillis;
    this.waits = waits;
    this.longestWaitMillis = longestWaitMillis;
    this.name = name;
    this.kind = kind;
    this.database = database;
    this.openLeases = openLeases;
    this.leasesOpened = leasesOpened;
    this.openPhysicalConnections = openPhysicalConnections;
    this.physicalConnectionsOpened = physicalConnectionsOpened;
    this.maxSize = maxSize;
    this.active = active;
    this.idle = idle;
  }

  /** The pool's name, as findings name it. */
  public String getName() {
    return name;
  }

  /** {@code hikaricp}, {@code dbcp2}, ..., or {@code null}. */
  public String getKind() {
    return kind;
  }

  /** The database URL, password removed, or {@code null}. */
  public String getDatabase() {
    return database;
  }

  /** Leases from this pool open now. */
  public long getOpenLeases() {
    return openLeases;
  }

  /** Leases from this pool since start. */
  public long getLeasesOpened() {
    return leasesOpened;
  }

  /** Physical connections of this pool open now. */
  public long getOpenPhysicalConnections() {
    return openPhysicalConnections;
  }

  /** Physical connections this pool opened since start. */
  public long getPhysicalConnectionsOpened() {
    return physicalConnectionsOpened;
  }

  /** The pool's maximum size, or -1. */
  public int getMaxSize() {
    return maxSize;
  }

  /** Connections the pool says are in use, or -1. */
  public int getActive() {
    return active;
  }

  /** Connections the pool says are idle, or -1. */
  public int getIdle() {
    return idle;
  }

  /** The most leases of this pool open at once since start (pool sizing). */
  public long getPeakLeases() {
    return peakLeases;
  }

  /** Of {@link #getObservedMillis()}, the time its open leases were at its maximum size (sampled once a second). */
  public long getAtMaxMillis() {
    return atMaxMillis;
  }

  /** The time observed with a known maximum size. */
  public long getObservedMillis() {
    return observedMillis;
  }

  /** Borrows that waited longer than 1 ms. */
  public long getWaits() {
    return waits;
  }

  /** The longest wait of a borrow, in milliseconds. */
  public long getLongestWaitMillis() {
    return longestWaitMillis;
  }
}
