package io.connlens.api;

import java.util.Map;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * One pool over JMX, registered as {@code io.connlens:type=Pool,name=<quoted pool name>} (see
 * {@link #objectName(String)}) when the agent first sees the pool in its periodic snapshot, and
 * unregistered when the pool is gone from it. Values are those of the last snapshot (about a second
 * old at most); the pool's own gauges read -1 where the pool does not report them.
 */
public interface PoolMXBean {
  /** The domain and type of every pool bean: {@code io.connlens:type=Pool,*} matches them all. */
  String OBJECT_NAME_PREFIX = "io.connlens:type=Pool";
  /** Attribute: {@link #getUsed()}. */
  String USED = "Used";
  /** Attribute: {@link #getMax()}. */
  String MAX = "Max";
  /** How many leases {@link #getLongestLeases()} lists at most. */
  int LONGEST_LEASES = 10;

  /** The object name of the bean of the pool named {@code poolName}. */
  static ObjectName objectName(String poolName) {
    try {
      return new ObjectName(OBJECT_NAME_PREFIX + ",name=" + ObjectName.quote(poolName));
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The pool's name, as findings name it. */
  String getName();

  /** {@code hikaricp}, {@code dbcp2}, ..., or {@code null}. */
  String getKind();

  /** The database URL, password removed, or {@code null}. */
  String getDatabase();

  /** Connections the pool says are in use, or -1. */
  int getUsed();

  /** Connections the pool says are idle, or -1. */
  int getIdle();

  /** The pool's maximum size, or -1. */
  int getMax();

  /** Threads waiting for a connection, as the pool says, or -1. */
  int getWaiting();

  /** The most leases of this pool open at once since start. */
  long getPeakLeases();

  /** Leases from this pool open now, as connlens counts them. */
  long getOpenLeases();

  /** Physical connections of this pool open now, as connlens counts them. */
  long getPhysicalConnections();

  /** Open physical connections of this pool per database server ({@code host:port/database}). */
  Map<String, Long> getPhysicalConnectionsByServer();

  /** The {@value #LONGEST_LEASES} open leases of this pool held longest, longest first. */
  LeaseStatus[] getLongestLeases();
}
