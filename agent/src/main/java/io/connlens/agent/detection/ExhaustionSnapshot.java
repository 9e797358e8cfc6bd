package io.connlens.agent.detection;

import io.connlens.agent.registry.CallSite;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an exhaustion finding (POOL_EXHAUSTED, POOL_SATURATION, SERVER_CONNECTION_LIMIT) saw when it
 * was made: for a pool, its use and its holders grouped by acquire site, most connections first; for a
 * server, this JVM's physical connections to it, per pool and the direct ones by site. Immutable.
 */
public final class ExhaustionSnapshot {
  private final List<ConnectionGroup> groups;
  private final int groupsNotShown;
  private final int maxSize;
  private final int active;
  private final int waiting;
  private final String failedThread;
  private final CallSite failedSite;
  private final String server;
  private final Map<String, Integer> poolConnections;
  private final int directConnections;

  private ExhaustionSnapshot(List<ConnectionGroup> groups, int groupsNotShown, int maxSize, int active, int waiting,
      String failedThread, CallSite failedSite, String server, Map<String, Integer> poolConnections,
      int directConnections) {
    this.groups = List.copyOf(groups);
    this.groupsNotShown = groupsNotShown;
    this.maxSize = maxSize;
    this.active = active;
    this.waiting = waiting;
    this.failedThread = BoundedText.cut(failedThread, BoundedText.MAX_NAME);
    this.failedSite = failedSite;
    this.server = BoundedText.cut(server, BoundedText.MAX_URL);
    this.poolConnections = Collections.unmodifiableMap(new LinkedHashMap<>(poolConnections));
    this.directConnections = directConnections;
  }

  /** A pool's state: its gauges ({@code -1}: unknown) and holders; the failed borrow, or {@code null}s for a saturation. */
  static ExhaustionSnapshot ofPool(HolderGroups.Result holders, int maxSize, int active, int waiting,
      String failedThread, CallSite failedSite) {
    return new ExhaustionSnapshot(holders.groups(), holders.notShown(), maxSize, active, waiting, failedThread,
        failedSite, null, Map.of(), -1);
  }

  /** A server's state: this JVM's open physical connections to it, per pool, and the direct ones by site. */
  static ExhaustionSnapshot ofServer(String server, Map<String, Integer> poolConnections, int directConnections,
      HolderGroups.Result direct) {
    return new ExhaustionSnapshot(direct.groups(), direct.notShown(), -1, -1, -1, null, null, server, poolConnections,
        directConnections);
  }

  /**
   * The holders by acquire site, most connections first, the oldest first among equals: of the pool,
   * or of the server's direct connections.
   */
  public List<ConnectionGroup> groups() {
    return groups;
  }

  /** Sites left out of {@link #groups()} by its bound. */
  public int groupsNotShown() {
    return groupsNotShown;
  }

  /** The pool's maximum size, or -1. */
  public int maxSize() {
    return maxSize;
  }

  /** The pool's connections in use as it says, or -1. */
  public int active() {
    return active;
  }

  /** Threads waiting for a connection of the pool, as it says, or -1. */
  public int waiting() {
    return waiting;
  }

  /** The thread whose borrow failed (POOL_EXHAUSTED), or {@code null}. */
  public String failedThread() {
    return failedThread;
  }

  /** Where the borrow that failed was made (POOL_EXHAUSTED), or {@code null}. */
  public CallSite failedSite() {
    return failedSite;
  }

  /** The server that refused ({@code host:port/database}; SERVER_CONNECTION_LIMIT), or {@code null}. */
  public String server() {
    return server;
  }

  /** Open physical connections to {@link #server()} per pool name, most first. */
  public Map<String, Integer> poolConnections() {
    return poolConnections;
  }

  /** Open physical connections to {@link #server()} that no pool opened, or -1 for a pool's snapshot. */
  public int directConnections() {
    return directConnections;
  }
}
