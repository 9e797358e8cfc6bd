package io.connlens.agent.detection;

import io.connlens.agent.jdbc.DatabaseServer;
import io.connlens.agent.jdbc.ServerRefusal;
import io.connlens.agent.pool.PoolGauges;
import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.ConnectionFailureListener;
import io.connlens.agent.registry.DataSourceInfo;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.PhysicalConnection;
import io.connlens.agent.registry.ServerHolders;
import io.connlens.agent.registry.PoolCounts;
import io.connlens.agent.registry.StackFrames;
import io.connlens.api.FindingType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Explains why no connection could be had. A borrow that failed because the pool was full is
 * POOL_EXHAUSTED, headlined by the site that pinned the connections (not the borrow that timed out,
 * which it names apart); a driver refusal because the server is out of slots, on a borrow or on a
 * connect outside one, is SERVER_CONNECTION_LIMIT (a pool's timeout with such a refusal in its cause
 * is the server's limit, not the pool's: the pool could not grow), with this JVM's connections to that
 * server. From the pools' gauges once a second, a pool in use at or above {@code pool.saturation.percent}
 * of its maximum for {@code pool.saturation.duration} is POOL_SATURATION, once per such spell.
 *
 * <p>The failure paths run on the failing thread, inside its call: they are already slow (a timeout, a
 * refused login), and the snapshot they take is bounded ({@link HolderGroups}). Successful borrows never
 * reach this class.
 */
public final class ExhaustionDetector implements ConnectionFailureListener {
  private final LeaseRegistry registry;
  private final FindingStore store;
  private final StackFrames frames;
  private final HolderClassifier holders;
  private final int saturationPercent;
  private final long saturationNanos;
  private final LongSupplier nanoClock;
  /** The pools in use at or above the ratio now, by name, with when that began; the scan thread's only. */
  private final Map<String, Spell> spells = new HashMap<>();

  /** One saturated spell of a pool. */
  private static final class Spell {
    final long sinceNanos;
    boolean reported;

    Spell(long sinceNanos) {
      this.sinceNanos = sinceNanos;
    }
  }

  /**
   * @param saturationPercent the share of its maximum a pool must use to be saturated (1 to 100)
   * @param saturationNanos how long it must stay so before it is reported
   * @param nanoClock {@link System#nanoTime()} in production
   */
  public ExhaustionDetector(LeaseRegistry registry, FindingStore store, StackFrames frames, HolderClassifier holders,
      int saturationPercent, long saturationNanos, LongSupplier nanoClock) {
    this.registry = registry;
    this.store = store;
    this.frames = frames;
    this.holders = holders;
    this.saturationPercent = saturationPercent;
    this.saturationNanos = saturationNanos;
    this.nanoClock = nanoClock;
  }

  @Override
  public void borrowFailed(DataSourceInfo source, String database, Throwable thrown, Throwable connectFailure,
      String connectDatabase) {
    String pool = source.isPool() ? source.name() : null;
    ServerRefusal refusal = thrown == null ? null : ServerRefusal.of(thrown, database);
    String refusedDatabase = database;
    if (refusal == null && connectFailure != null) {
      refusal = ServerRefusal.of(connectFailure, connectDatabase);
      refusedDatabase = connectDatabase != null ? connectDatabase : database;
    }
    if (refusal != null) {
      reportServerLimit(refusal, refusedDatabase, pool);
    } else if (thrown != null && source.isPool() && source.support().isExhaustion(thrown)) {
      reportPoolExhausted(source);
    }
  }

  @Override
  public void connectFailed(String database, String pool, Throwable thrown) {
    ServerRefusal refusal = ServerRefusal.of(thrown, database);
    if (refusal != null) {
      reportServerLimit(refusal, database, pool);
    }
  }

  private void reportPoolExhausted(DataSourceInfo source) {
    // first, so that the next borrows from this pool carry their site
    registry.siteCapture().onLeak(source);
    String pool = source.name();
    PoolGauges gauges = source.gauges();
    HolderGroups.Result groups = HolderGroups.of(registry.openLeases(), lease -> pool.equals(lease.pool()), holders,
        nanoClock.getAsLong());
    ConnectionGroup headline = groups.headline();
    if (headline == null && gauges.active() == 0) {
      // nothing held: the pool timed out opening its connections (c3p0's first checkout on a slow
      // start), which is no exhaustion; a refusal by the server would have been found in the cause
      return;
    }
    CallSite failed = frames.site(new Throwable("connlens failed borrow"));
    ExhaustionSnapshot snapshot = ExhaustionSnapshot.ofPool(groups, gauges.maxSize(), gauges.active(),
        gauges.waiting(), Thread.currentThread().getName(), failed);
    String message = "the pool had no connection to give within its timeout: " + use(gauges, groups.total())
        + waiting(gauges.waiting()) + pinned(headline);
    store.record(new Occurrence(FindingType.POOL_EXHAUSTED, message, headline == null ? CallSite.UNKNOWN : headline.site(),
        null, pool, source.database(), headline == null ? -1 : headline.oldestHeldMillis(), null)
        .withExhaustion(snapshot));
  }

  private void reportServerLimit(ServerRefusal refusal, String database, String pool) {
    DatabaseServer server = DatabaseServer.of(database);
    String key = server == null ? null : server.key();
    Map<String, Integer> perPool = new HashMap<>();
    int direct = 0;
    int total = 0;
    ServerHolders held = key == null ? null : registry.openPhysicalByServer().get(key);
    if (held != null) {
      for (Map.Entry<String, Long> byPool : held.byPool().entrySet()) {
        perPool.put(byPool.getKey(), byPool.getValue().intValue());
        total += byPool.getValue();
      }
      direct = (int) held.direct();
      total += direct;
    }
    HolderGroups.Result directLeases = HolderGroups.of(registry.openLeases(),
        lease -> key != null && !lease.source().isPool() && sameServer(lease, key), holders, nanoClock.getAsLong());
    ExhaustionSnapshot snapshot = ExhaustionSnapshot.ofServer(key, mostFirst(perPool), direct, directLeases);
    String message = "the database server" + (key == null ? "" : " at " + key) + " refused a new connection: "
        + refusal.reason() + " (" + refusal.code() + "); this JVM has " + total + " open "
        + (total == 1 ? "connection" : "connections") + " to it";
    store.record(new Occurrence(FindingType.SERVER_CONNECTION_LIMIT, message,
        frames.site(new Throwable("connlens refused connection")), Thread.currentThread().getName(), pool, database, -1,
        null).withExhaustion(snapshot));
  }

  private static boolean sameServer(Lease lease, String key) {
    PhysicalConnection p = lease.physical();
    DatabaseServer s = p != null ? p.server() : DatabaseServer.of(lease.database());
    return s != null && key.equals(s.key());
  }

  private static Map<String, Integer> mostFirst(Map<String, Integer> counts) {
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    Map<String, Integer> sorted = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : entries) {
      sorted.put(e.getKey(), e.getValue());
    }
    return sorted;
  }

  /**
   * Looks at every pool's gauges (the scan thread, once a second): starts a spell when a pool's use
   * reaches the ratio, reports it once it lasted the duration, ends it when use drops below. A pool
   * whose maximum or use is unknown is never judged.
   */
  public void scanSaturation() {
    long now = nanoClock.getAsLong();
    for (PoolCounts pool : registry.pools()) {
      PoolGauges gauges = pool.gauges();
      boolean saturated = gauges.maxSize() > 0 && gauges.active() >= 0
          && (long) gauges.active() * 100 >= (long) saturationPercent * gauges.maxSize();
      if (!saturated) {
        spells.remove(pool.name());
        continue;
      }
      Spell spell = spells.computeIfAbsent(pool.name(), name -> new Spell(now));
      if (!spell.reported && now - spell.sinceNanos >= saturationNanos) {
        spell.reported = true;
        reportSaturation(pool, gauges, now - spell.sinceNanos, now);
      }
    }
  }

  private void reportSaturation(PoolCounts pool, PoolGauges gauges, long spellNanos, long now) {
    String name = pool.name();
    HolderGroups.Result groups = HolderGroups.of(registry.openLeases(), lease -> name.equals(lease.pool()), holders, now);
    ConnectionGroup headline = groups.headline();
    long percent = (long) gauges.active() * 100 / gauges.maxSize();
    String message = "the pool ran at " + gauges.active() + " of " + gauges.maxSize() + " connections in use ("
        + percent + "%, pool.saturation.percent " + saturationPercent + "%) for " + DurationText.ofNanos(spellNanos)
        + waiting(gauges.waiting()) + pinned(headline);
    store.record(new Occurrence(FindingType.POOL_SATURATION, message, headline == null ? CallSite.UNKNOWN : headline.site(),
        null, name, pool.database(), headline == null ? -1 : headline.oldestHeldMillis(), null)
        .withExhaustion(ExhaustionSnapshot.ofPool(groups, gauges.maxSize(), gauges.active(), gauges.waiting(), null,
            null)));
  }

  private static String use(PoolGauges gauges, int holders) {
    if (gauges.maxSize() >= 0 && gauges.active() >= 0) {
      return gauges.active() + " of " + gauges.maxSize() + " connections in use";
    }
    return holders + (holders == 1 ? " connection" : " connections") + " held"
        + (gauges.maxSize() >= 0 ? " (maximum " + gauges.maxSize() + ")" : "");
  }

  private static String waiting(int waiting) {
    return waiting < 0 ? "" : ", " + waiting + (waiting == 1 ? " thread" : " threads") + " waiting";
  }

  private static String pinned(ConnectionGroup headline) {
    if (headline == null) {
      return "; none of them taken since connlens started";
    }
    return "; " + headline.count() + (headline.count() == 1 ? " was" : " were") + " taken at the site below, the oldest held for "
        + DurationText.ofMillis(headline.oldestHeldMillis());
  }
}
