package io.connlens.agent.pool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The pools connlens knows, looked up by the class of a data source (once per class). A data source
 * of no known pool is a plain or wrapping data source: its leases are tracked all the same, but it has
 * no pool name, size or physical connections of its own.
 */
public final class PoolSupports {
  /** No pool known: every data source is a plain one. */
  public static final PoolSupports NONE = new PoolSupports(List.of());

  private final List<PoolSupport> supports;
  private final ClassValue<Optional<PoolSupport>> byClass = new ClassValue<>() {
    @Override
    protected Optional<PoolSupport> computeValue(Class<?> type) {
      // the class or a superclass: an application's own subclass of BasicDataSource is still DBCP2
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        for (PoolSupport support : supports) {
          if (support.isPool(c)) {
            return Optional.of(support);
          }
        }
      }
      return Optional.empty();
    }
  };

  /** The pools given, asked in this order. */
  public PoolSupports(List<PoolSupport> supports) {
    this.supports = Collections.unmodifiableList(new ArrayList<>(supports));
  }

  private final ClassValue<Optional<PoolSupport>> byPackage = new ClassValue<>() {
    @Override
    protected Optional<PoolSupport> computeValue(Class<?> type) {
      String name = type.getName();
      for (PoolSupport support : supports) {
        for (String prefix : support.packagePrefixes()) {
          if (name.startsWith(prefix)) {
            return Optional.of(support);
          }
        }
      }
      return Optional.empty();
    }
  };

  /**
   * The support of the pool whose classes {@code poolObject} (a pool's internal object: the owner its
   * creating hook passes) belongs to, by package; {@code null} when none.
   */
  public PoolSupport ofInternal(Object poolObject) {
    return poolObject == null ? null : byPackage.get(poolObject.getClass()).orElse(null);
  }

  /** The support of the pool {@code dataSource} is, or {@code null} when it is no known pool. */
  public PoolSupport of(Object dataSource) {
    return dataSource == null ? null : byClass.get(dataSource.getClass()).orElse(null);
  }

  /** Every support, in order. */
  public List<PoolSupport> all() {
    return supports;
  }

  /** Every support's package prefixes: frames that are never the application's. */
  public List<String> packagePrefixes() {
    List<String> prefixes = new ArrayList<>();
    for (PoolSupport support : supports) {
      prefixes.addAll(support.packagePrefixes());
    }
    return prefixes;
  }
}
