package io.connlens.agent.registry;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who holds the open physical connections to one server: how many each pool opened, and how many no
 * pool did ({@code DriverManager}, a data source that is no pool). Made per snapshot.
 */
public final class ServerHolders {
  private final Map<String, Long> byPool = new TreeMap<>();
  private long direct;

  /** One more open connection, of {@code pool} ({@code null}: no pool). */
  void add(String pool) {
    if (pool == null) {
      direct++;
    } else {
      byPool.merge(pool, 1L, Long::sum);
    }
  }

  /** Open connections per pool name, in name order. */
  public Map<String, Long> byPool() {
    return Collections.unmodifiableMap(byPool);
  }

  /** Open connections no pool opened. */
  public long direct() {
    return direct;
  }
}
