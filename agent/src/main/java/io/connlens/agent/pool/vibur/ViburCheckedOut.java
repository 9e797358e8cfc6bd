package io.connlens.agent.pool.vibur;

import io.connlens.agent.pool.CheckedOutConnection;
import io.connlens.agent.pool.HolderStack;
import io.connlens.agent.pool.PoolClock;
import io.connlens.agent.pool.PoolReflection;
import java.util.ArrayList;
import java.util.List;

/**
 * What Vibur DBCP (checked on 26.0) records of the connections it handed out, only with
 * {@code poolEnableConnectionTracking}: {@code getTakenConnections()} (a copy of its listener's
 * concurrent set of taken connections, no lock; nothing without tracking or before {@code start()}),
 * each a {@code ConnHolder} with {@code rawConnection()}, {@code getTakenNanoTime()}, the taking
 * {@code getThread()} and {@code getLocation()}, a {@code Throwable} made at the take.
 */
final class ViburCheckedOut {
  private static final List<String> PREFIXES = List.of("org.vibur.");

  private ViburCheckedOut() {}

  /** The taken connections of {@code dataSource}, a {@code ViburDBCPDataSource}. */
  static List<CheckedOutConnection> read(Object dataSource, int limit) {
    List<CheckedOutConnection> checkedOut = new ArrayList<>();
    Object taken = PoolReflection.call(dataSource, "getTakenConnections");
    if (limit <= 0 || !(taken instanceof Object[])) {
      return checkedOut;
    }
    for (Object holder : (Object[]) taken) {
      Object takenAt = PoolReflection.call(holder, "getTakenNanoTime");
      Object thread = PoolReflection.call(holder, "getThread");
      Object location = PoolReflection.call(holder, "getLocation");
      checkedOut.add(new CheckedOutConnection(PoolReflection.call(holder, "rawConnection"),
          takenAt instanceof Long ? PoolClock.epochMillisOfNanoTime((Long) takenAt) : -1,
          thread instanceof Thread ? ((Thread) thread).getName() : null,
          location instanceof Throwable ? HolderStack.of(((Throwable) location).getStackTrace(), PREFIXES) : List.of()));
      if (checkedOut.size() >= limit) {
        break;
      }
    }
    return checkedOut;
  }
}
