package io.connlens.agent.pool.hikari;

import io.connlens.agent.pool.CheckedOutConnection;
import io.connlens.agent.pool.PoolClock;
import io.connlens.agent.pool.PoolReflection;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What HikariCP (checked on 5.1 and 7.1, the same fields since 3) records of the connections it
 * handed out: {@code HikariDataSource.pool} → {@code HikariPool.connectionBag} →
 * {@code ConcurrentBag.sharedList}, a {@code CopyOnWriteArrayList} of {@code PoolEntry} (iterated on
 * its snapshot, no lock), each with its {@code state}, the driver's {@code connection} and
 * {@code lastBorrowed} on HikariCP's own {@code ClockSource}. HikariCP writes {@code lastBorrowed} only
 * with a metrics tracker ({@code metricRegistry} or {@code metricsTrackerFactory}); without one it stays
 * 0 and the age is unknown. No holder: the leak-detection task that knows the thread and stack hangs
 * from the proxy, never from the entry.
 */
final class HikariCheckedOut {
  private static final PoolReflection.FieldReader POOL =
      new PoolReflection.FieldReader(HikariSupport.PREFIX + "HikariDataSource", "pool");
  private static final PoolReflection.FieldReader BAG =
      new PoolReflection.FieldReader(HikariSupport.PREFIX + "pool.HikariPool", "connectionBag");
  private static final PoolReflection.FieldReader SHARED_LIST =
      new PoolReflection.FieldReader(HikariSupport.PREFIX + "util.ConcurrentBag", "sharedList");
  private static final String ENTRY = HikariSupport.PREFIX + "pool.PoolEntry";
  private static final PoolReflection.FieldReader STATE = new PoolReflection.FieldReader(ENTRY, "state");
  private static final PoolReflection.FieldReader LAST_BORROWED = new PoolReflection.FieldReader(ENTRY, "lastBorrowed");
  private static final PoolReflection.FieldReader CONNECTION = new PoolReflection.FieldReader(ENTRY, "connection");
  /** {@code IConcurrentBagEntry.STATE_IN_USE}, the same from HikariCP 2 to 7. */
  private static final Integer STATE_IN_USE = 1;
  /**
   * {@code ClockSource.elapsedMillis(long)} of the entry's HikariCP: its clock is {@code nanoTime} or
   * {@code currentTimeMillis} depending on the platform, so only HikariCP itself reads it right.
   */
  private static final ClassValue<Optional<Method>> ELAPSED_MILLIS = new ClassValue<>() {
    @Override
    protected Optional<Method> computeValue(Class<?> entryClass) {
      try {
        Class<?> clock = Class.forName(HikariSupport.PREFIX + "util.ClockSource", false, entryClass.getClassLoader());
        return Optional.of(clock.getMethod("elapsedMillis", long.class));
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        return Optional.empty();
      }
    }
  };

  private HikariCheckedOut() {}

  /** The in-use entries of {@code dataSource}'s pool; empty before it started (its {@code pool} is null). */
  static List<CheckedOutConnection> read(Object dataSource, int limit) {
    List<CheckedOutConnection> checkedOut = new ArrayList<>();
    Object entries = SHARED_LIST.read(BAG.read(POOL.read(dataSource)));
    if (limit <= 0 || !(entries instanceof Iterable)) {
      return checkedOut;
    }
    try {
      for (Object entry : (Iterable<?>) entries) {
        if (STATE_IN_USE.equals(STATE.read(entry))) {
          checkedOut.add(new CheckedOutConnection(CONNECTION.read(entry), borrowedAt(entry), null, List.of()));
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

  private static long borrowedAt(Object entry) {
    Object lastBorrowed = LAST_BORROWED.read(entry);
    Optional<Method> elapsedMillis = ELAPSED_MILLIS.get(entry.getClass());
    // 0: never written, no metrics tracker (or none yet when this entry was borrowed)
    if (!(lastBorrowed instanceof Long) || (Long) lastBorrowed == 0 || elapsedMillis.isEmpty()) {
      return -1;
    }
    try {
      Object elapsed = elapsedMillis.get().invoke(null, lastBorrowed);
      return elapsed instanceof Long ? PoolClock.epochMillisAgo((Long) elapsed) : -1;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return -1;
    }
  }
}
