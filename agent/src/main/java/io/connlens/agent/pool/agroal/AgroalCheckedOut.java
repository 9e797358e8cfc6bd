package io.connlens.agent.pool.agroal;

import io.connlens.agent.pool.CheckedOutConnection;
import io.connlens.agent.pool.HolderStack;
import io.connlens.agent.pool.PoolClock;
import io.connlens.agent.pool.PoolReflection;
import java.util.ArrayList;
import java.util.List;

/**
 * What Agroal (checked on 2.8) records of the connections it handed out: the data source's
 * {@code connectionPool} → {@code ConnectionPool.allConnections}, a copy-on-write list (iterated on its
 * array, no lock) of {@code ConnectionHandler}: its {@code state}, {@code rawConnection()} and, as
 * Agroal's options have it record them at acquisition: {@code lastAccess} ({@code nanoTime}; the
 * acquisition only with a leak or reap timeout, otherwise an older access, so not read),
 * {@code holdingThread} (with a leak timeout or multiple-acquisition detection) and
 * {@code acquisitionStackTrace} (with the enhanced leak report).
 */
final class AgroalCheckedOut {
  private static final String POOL = "io.agroal.pool.ConnectionPool";
  private static final PoolReflection.FieldReader ALL_CONNECTIONS = new PoolReflection.FieldReader(POOL, "allConnections");
  private static final PoolReflection.FieldReader LEAK_ENABLED = new PoolReflection.FieldReader(POOL, "leakEnabled");
  private static final PoolReflection.FieldReader REAP_ENABLED = new PoolReflection.FieldReader(POOL, "reapEnabled");
  private static final String HANDLER = "io.agroal.pool.ConnectionHandler";
  private static final PoolReflection.FieldReader STATE = new PoolReflection.FieldReader(HANDLER, "state");
  private static final PoolReflection.FieldReader LAST_ACCESS = new PoolReflection.FieldReader(HANDLER, "lastAccess");
  private static final PoolReflection.FieldReader HOLDING_THREAD = new PoolReflection.FieldReader(HANDLER, "holdingThread");
  private static final PoolReflection.FieldReader ACQUISITION_STACK =
      new PoolReflection.FieldReader(HANDLER, "acquisitionStackTrace");
  private static final List<String> PREFIXES = List.of(AgroalSupport.PACKAGE);

  private AgroalCheckedOut() {}

  /** The checked-out handlers of {@code connectionPool}, Agroal's {@code ConnectionPool} (not its pool-less kind). */
  static List<CheckedOutConnection> read(Object connectionPool, int limit) {
    List<CheckedOutConnection> checkedOut = new ArrayList<>();
    Object handlers = ALL_CONNECTIONS.read(connectionPool);
    if (limit <= 0 || !(handlers instanceof Iterable)) {
      return checkedOut;
    }
    boolean touchedAtAcquisition = Boolean.TRUE.equals(LEAK_ENABLED.read(connectionPool))
        || Boolean.TRUE.equals(REAP_ENABLED.read(connectionPool));
    try {
      for (Object handler : (Iterable<?>) handlers) {
        Object state = STATE.read(handler);
        if (state instanceof Enum && ((Enum<?>) state).name().equals("CHECKED_OUT")) {
          Object lastAccess = LAST_ACCESS.read(handler);
          Object thread = HOLDING_THREAD.read(handler);
          Object stack = ACQUISITION_STACK.read(handler);
          checkedOut.add(new CheckedOutConnection(PoolReflection.call(handler, "rawConnection"),
              touchedAtAcquisition && lastAccess instanceof Long ? PoolClock.epochMillisOfNanoTime((Long) lastAccess) : -1,
              thread instanceof Thread ? ((Thread) thread).getName() : null,
              stack instanceof StackTraceElement[] ? HolderStack.of((StackTraceElement[]) stack, PREFIXES) : List.of()));
          if (checkedOut.size() >= limit) {
            break;
          }
        }
      }
    } catch (RuntimeException e) {
      // answer what was read
    }
    return checkedOut;
  }
}
