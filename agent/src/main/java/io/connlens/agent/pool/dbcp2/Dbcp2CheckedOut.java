package io.connlens.agent.pool.dbcp2;

import io.connlens.agent.pool.CheckedOutConnection;
import io.connlens.agent.pool.HolderStack;
import io.connlens.agent.pool.PoolReflection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What DBCP2 (checked on commons-dbcp2 2.13 with pool2 2.12, and Tomcat's copy in 11.0) records of the
 * connections it handed out: {@code BasicDataSource.connectionPool} (null until the first borrow) →
 * {@code GenericObjectPool.allObjects}, a {@code ConcurrentHashMap} (iterated without a lock) of
 * {@code DefaultPooledObject}: its {@code state}, {@code lastBorrowInstant} (wall clock; before pool2
 * 2.10 {@code lastBorrowTime}), its {@code PoolableConnection} and, with {@code logAbandoned} and a
 * {@code removeAbandoned*} option (DBCP2 hands the pool its abandoned configuration only then), the
 * stack of the borrow ({@code borrowedBy}'s {@code ThrowableCallStack.snapshot}). The state is read
 * without the object's monitor, which every borrow takes: a snapshot, not a transaction.
 */
final class Dbcp2CheckedOut {
  private final PoolReflection.FieldReader allObjects;
  private final PoolReflection.FieldReader state;
  private final PoolReflection.FieldReader lastBorrowInstant;
  private final PoolReflection.FieldReader lastBorrowTime;
  private final PoolReflection.FieldReader object;
  private final PoolReflection.FieldReader borrowedBy;
  private final PoolReflection.FieldReader snapshot;
  private final List<String> packagePrefixes;

  Dbcp2CheckedOut(String poolPackage, List<String> packagePrefixes) {
    String pooledObject = poolPackage + "impl.DefaultPooledObject";
    allObjects = new PoolReflection.FieldReader(poolPackage + "impl.GenericObjectPool", "allObjects");
    state = new PoolReflection.FieldReader(pooledObject, "state");
    lastBorrowInstant = new PoolReflection.FieldReader(pooledObject, "lastBorrowInstant");
    lastBorrowTime = new PoolReflection.FieldReader(pooledObject, "lastBorrowTime");
    object = new PoolReflection.FieldReader(pooledObject, "object");
    borrowedBy = new PoolReflection.FieldReader(pooledObject, "borrowedBy");
    snapshot = new PoolReflection.FieldReader(poolPackage + "impl.ThrowableCallStack", "snapshot");
    this.packagePrefixes = packagePrefixes;
  }

  /**
   * The allocated objects of {@code objectPool} (a data source's, {@link Dbcp2Support#objectPoolOf});
   * empty for {@code null}, a data source not started yet.
   */
  List<CheckedOutConnection> read(Object objectPool, int limit) {
    List<CheckedOutConnection> checkedOut = new ArrayList<>();
    Object all = allObjects.read(objectPool);
    if (limit <= 0 || !(all instanceof Map)) {
      return checkedOut;
    }
    try {
      for (Object pooled : ((Map<?, ?>) all).values()) {
        Object s = state.read(pooled);
        if (s instanceof Enum && ((Enum<?>) s).name().equals("ALLOCATED")) {
          Object connection = object.read(pooled);
          checkedOut.add(new CheckedOutConnection(PoolReflection.call(connection, "getInnermostDelegateInternal"),
              borrowedAt(pooled), null, stack(pooled)));
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

  private long borrowedAt(Object pooled) {
    Object instant = lastBorrowInstant.read(pooled);
    if (instant instanceof Instant) {
      return ((Instant) instant).toEpochMilli();
    }
    Object millis = lastBorrowTime.read(pooled);
    return millis instanceof Long ? (Long) millis : -1;
  }

  private List<String> stack(Object pooled) {
    Object trace = snapshot.read(borrowedBy.read(pooled));
    return trace instanceof Throwable ? HolderStack.of(((Throwable) trace).getStackTrace(), packagePrefixes) : List.of();
  }
}
