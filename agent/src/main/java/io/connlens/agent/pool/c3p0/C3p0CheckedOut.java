package io.connlens.agent.pool.c3p0;

import io.connlens.agent.pool.CheckedOutConnection;
import io.connlens.agent.pool.HolderStack;
import io.connlens.agent.pool.PoolReflection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What c3p0 (checked on 0.11.2) records of the connections it handed out:
 * {@code AbstractPoolBackedDataSource.poolManager} (null until the pool is first used; read as a field,
 * since c3p0's getters create it) → {@code C3P0PooledConnectionPoolManager.authsToPools} → each
 * {@code C3P0PooledConnectionPool.rp}, a {@code BasicResourcePool}: its {@code managed} resources but
 * its {@code unused} ones and those whose {@code NewPooledConnection.exposedProxy} the application
 * closed (c3p0 takes them back asynchronously), each managed one's {@code PunchCard} with
 * {@code checkout_time} (wall clock) and, with {@code debugUnreturnedConnectionStackTraces} and an
 * {@code unreturnedConnectionTimeout}, {@code checkoutStackTraceException}; the driver's connection is
 * the {@code NewPooledConnection}'s {@code physicalConnection}. c3p0 records no holder thread.
 *
 * <p>Those are plain {@code HashMap}s and a {@code LinkedList} that c3p0 guards with the manager's
 * monitor and the resource pool's {@code lockMain}, which every checkout and checkin takes. They are
 * read without either: a read that a concurrent change breaks ({@code ConcurrentModificationException}
 * or worse) is tried again a few times, and then answers what it read (nothing, when the unused
 * resources could not be read: without them a checked-out connection cannot be told from an idle one).
 */
final class C3p0CheckedOut {
  /** The data source's pool manager, {@code null} before its first use and after close(); read, never created. */
  static final PoolReflection.FieldReader POOL_MANAGER =
      new PoolReflection.FieldReader(C3p0Support.PACKAGE + "impl.AbstractPoolBackedDataSource", "poolManager");
  private static final PoolReflection.FieldReader AUTHS_TO_POOLS =
      new PoolReflection.FieldReader(C3p0Support.PACKAGE + "impl.C3P0PooledConnectionPoolManager", "authsToPools");
  private static final PoolReflection.FieldReader RESOURCE_POOL =
      new PoolReflection.FieldReader(C3p0Support.PACKAGE + "impl.C3P0PooledConnectionPool", "rp");
  private static final String RESOURCE_POOL_CLASS = "com.mchange.v2.resourcepool.BasicResourcePool";
  private static final PoolReflection.FieldReader MANAGED = new PoolReflection.FieldReader(RESOURCE_POOL_CLASS, "managed");
  private static final PoolReflection.FieldReader UNUSED = new PoolReflection.FieldReader(RESOURCE_POOL_CLASS, "unused");
  private static final String PUNCH_CARD = RESOURCE_POOL_CLASS + "$PunchCard";
  private static final PoolReflection.FieldReader CHECKOUT_TIME = new PoolReflection.FieldReader(PUNCH_CARD, "checkout_time");
  private static final PoolReflection.FieldReader CHECKOUT_STACK =
      new PoolReflection.FieldReader(PUNCH_CARD, "checkoutStackTraceException");
  private static final String POOLED_CONNECTION = C3p0Support.PACKAGE + "impl.NewPooledConnection";
  private static final PoolReflection.FieldReader PHYSICAL =
      new PoolReflection.FieldReader(POOLED_CONNECTION, "physicalConnection");
  private static final PoolReflection.FieldReader EXPOSED_PROXY =
      new PoolReflection.FieldReader(POOLED_CONNECTION, "exposedProxy");
  private static final List<String> PREFIXES = List.of("com.mchange.");
  /** How often a read that a concurrent checkout or checkin broke is tried again. */
  private static final int ATTEMPTS = 3;

  private C3p0CheckedOut() {}

  /** The checked-out resources of {@code dataSource}'s pools (one per user); empty before its first use. */
  static List<CheckedOutConnection> read(Object dataSource, int limit) {
    List<CheckedOutConnection> checkedOut = new ArrayList<>();
    Object pools = AUTHS_TO_POOLS.read(POOL_MANAGER.read(dataSource));
    if (limit <= 0 || !(pools instanceof Map)) {
      return checkedOut;
    }
    List<Object> userPools = copy(((Map<?, ?>) pools).values());
    try {
      for (Object pool : userPools == null ? List.of() : userPools) {
        Object resourcePool = RESOURCE_POOL.read(pool);
        readPool(MANAGED.read(resourcePool), UNUSED.read(resourcePool), limit, checkedOut);
        if (checkedOut.size() >= limit) {
          break;
        }
      }
    } catch (RuntimeException e) {
      // answer what was read
    }
    return checkedOut;
  }

  private static void readPool(Object managed, Object unused, int limit, List<CheckedOutConnection> checkedOut) {
    if (!(managed instanceof Map) || !(unused instanceof Iterable)) {
      return;
    }
    List<Object> unusedCopy = copy((Iterable<?>) unused);
    List<Object> entries = copy(((Map<?, ?>) managed).entrySet());
    if (unusedCopy == null || entries == null) {
      return;
    }
    Set<Object> idle = Collections.newSetFromMap(new IdentityHashMap<>());
    idle.addAll(unusedCopy);
    for (Object e : entries) {
      Map.Entry<?, ?> entry = (Map.Entry<?, ?>) e;
      Object checkoutTime = CHECKOUT_TIME.read(entry.getValue());
      // a resource never checked out has checkout_time -1; c3p0 leaves the last one on a returned resource
      if (!idle.contains(entry.getKey()) && checkoutTime instanceof Long && (Long) checkoutTime > 0
          && !closedByTheApplication(entry.getKey())) {
        Object stack = CHECKOUT_STACK.read(entry.getValue());
        checkedOut.add(new CheckedOutConnection(PHYSICAL.read(entry.getKey()), (Long) checkoutTime, null,
            stack instanceof Throwable ? HolderStack.of(((Throwable) stack).getStackTrace(), PREFIXES) : List.of()));
        if (checkedOut.size() >= limit) {
          return;
        }
      }
    }
  }

  /**
   * Whether the application closed the proxy of a resource c3p0 has not taken back yet (its checkin,
   * tested on a helper thread, is asynchronous unless {@code forceSynchronousCheckins}).
   */
  private static boolean closedByTheApplication(Object resource) {
    return resource != null && resource.getClass().getName().equals(POOLED_CONNECTION)
        && EXPOSED_PROXY.read(resource) == null;
  }

  /** The elements of a collection c3p0 changes under its own lock, or {@code null} when no read got through. */
  private static List<Object> copy(Iterable<?> elements) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        List<Object> copy = new ArrayList<>();
        for (Object element : elements) {
          copy.add(element);
        }
        return copy;
      } catch (RuntimeException e) {
        // ConcurrentModificationException, or a NullPointerException from a list changed under the iterator
      }
    }
    return null;
  }
}
