package io.connlens.api;

import java.beans.ConstructorProperties;

/**
 * One database server (host, port, database) as JMX shows it ({@link ConnlensMXBean#getServers()}):
 * the physical connections to it, whichever pool or driver opened them.
 */
public final class ServerStatus {
  private final String server;
  private final long openPhysicalConnections;
  private final long physicalConnectionsOpened;

  /** All values. */
  @ConstructorProperties({"server", "openPhysicalConnections", "physicalConnectionsOpened"})
  public ServerStatus(String server, long openPhysicalConnections, long physicalConnectionsOpened) {
    this.server = server;
    this.openPhysicalConnections = openPhysicalConnections;
    this.physicalConnectionsOpened = physicalConnectionsOpened;
  }

  /** {@code host:port/database}, or an embedded database's URL without {@code jdbc:}. */
  public String getServer() {
    return server;
  }

  /** Physical connections to it open now: what its {@code max_connections} counts of this JVM. */
  public long getOpenPhysicalConnections() {
    return openPhysicalConnections;
  }

  /** Physical connections opened to it since start. */
  public long getPhysicalConnectionsOpened() {
    return physicalConnectionsOpened;
  }
}
