package io.connlens.agent.export.micrometer.bridge;

import io.connlens.agent.detection.Finding;
import io.connlens.agent.report.ReportSnapshot;
import io.connlens.agent.report.Sink;
import io.connlens.api.FindingType;
import io.connlens.bootstrap.ConnlensHooks;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The sink that shows connlens on the application's Micrometer registry (docs/export.md, "Micrometer"):
 * per pool the gauges {@value #CONNECTIONS}, {@value #ACTIVE}, {@value #IDLE}, {@value #MAX}, {@value #PENDING},
 * {@value #USAGE} and {@value #LEASES_OPEN}, tagged {@code pool} and {@code kind}, and the counter
 * {@value #FINDINGS}, tagged {@code type}, of every finding occurrence.
 *
 * <p>A bridge class: compiled against Micrometer, defined by {@link
 * io.connlens.agent.export.bridge.BridgeLoader} beside the application's copy of it, and created by the
 * agent by name only. Meters are registered on the agent's loop thread only (here and in {@link
 * #onPoolSnapshot}); a finding, which may be raised on an application thread, only increments a
 * counter of the agent's own. A gauge reads the last snapshot when the registry is scraped, and says
 * {@code NaN} where the pool does not say (connlens's "unknown"), never a made-up 0.
 *
 * <p>The agent holds this sink only weakly ({@link io.connlens.agent.export.bridge.WeaklyHeldSink}): the
 * application's registry keeps it, through the findings counters' functions, for as long as the
 * application's Micrometer lives, and no longer.
 *
 * <p>Nothing here throws into the application or the agent's loop: a failure is counted with {@link
 * ConnlensHooks#suppressed}, a {@link LinkageError} too (an application's Micrometer older than the one
 * this class was compiled against, without a method it calls).
 */
public final class MicrometerSink implements Sink {
  /**
   * Connections the pool holds, in use and idle. Not {@code connlens.pool.total}: Prometheus's client
   * drops a gauge's {@code _total} suffix (kept for counters), and would show it as {@code connlens_pool}.
   */
  public static final String CONNECTIONS = "connlens.pool.connections";
  /** Connections handed out now. */
  public static final String ACTIVE = "connlens.pool.active";
  /** Connections waiting in the pool. */
  public static final String IDLE = "connlens.pool.idle";
  /** The most connections the pool opens. */
  public static final String MAX = "connlens.pool.max";
  /** Threads waiting for a connection. */
  public static final String PENDING = "connlens.pool.pending";
  /** Active over max, 0 to 1. */
  public static final String USAGE = "connlens.pool.usage";
  /** Leases connlens counts open in the pool (what it tracks, whatever the pool says). */
  public static final String LEASES_OPEN = "connlens.leases.open";
  /** Finding occurrences, by type. */
  public static final String FINDINGS = "connlens.findings";

  /** The tag value of a pool whose kind connlens does not know: a tag key is never left out. */
  static final String UNKNOWN_KIND = "unknown";

  private final MeterRegistry registry;
  private final Map<FindingType, LongAdder> occurrences = new EnumMap<>(FindingType.class);
  /** The pools of the last snapshot, by name: what every gauge reads. */
  private volatile Map<String, ReportSnapshot.Pool> latest = Map.of();
  /** Pools whose gauges were registered (or tried): touched on the loop thread only. */
  private final Set<String> registered = new HashSet<>();
  /** Pools seen handing out leases with no kind known, once: touched on the loop thread only. */
  private final Set<String> leasedWithoutKind = new HashSet<>();

  /** On Micrometer's global registry, where Spring Boot's actuator adds its own registries. */
  public MicrometerSink() {
    this(Metrics.globalRegistry);
  }

  /**
   * On {@code registry}. Registers the findings counter of every type now, at 0, so that a rate is
   * defined from the start and no meter is ever registered on the thread that raised a finding.
   */
  public MicrometerSink(MeterRegistry registry) {
    this.registry = registry;
    for (FindingType type : FindingType.values()) {
      LongAdder count = new LongAdder();
      occurrences.put(type, count); // filled here, then only read: safe to share
      try {
        // the function is bound to this sink: the registry, as long as the application's Micrometer
        // lives, keeps the sink alive (and the sink its adders, which the registry holds weakly). The
        // agent holds the sink weakly, so that the application's loader is never kept alive by it
        FunctionCounter.builder(FINDINGS, count, this::occurrences)
            .description("connlens finding occurrences (every occurrence, new or seen again), by type")
            .tag("type", type.name())
            .register(registry);
      } catch (RuntimeException | LinkageError e) {
        ConnlensHooks.suppressed(e);
      }
    }
  }

  /** The counter's reading. An instance method on purpose: see the constructor. */
  private double occurrences(LongAdder count) {
    return count.doubleValue();
  }

  @Override
  public void onNewFinding(Finding finding) {
    count(finding);
  }

  @Override
  public void onFindingUpdated(Finding finding) {
    count(finding);
  }

  private void count(Finding finding) {
    try {
      occurrences.get(finding.type()).increment();
    } catch (RuntimeException | LinkageError e) {
      ConnlensHooks.suppressed(e);
    }
  }

  /** On the loop thread: keeps the snapshot, and registers each pool's gauges once it is ready. */
  @Override
  public void onPoolSnapshot(List<ReportSnapshot.Pool> pools, List<ReportSnapshot.Server> servers) {
    Map<String, ReportSnapshot.Pool> byName = new HashMap<>();
    for (ReportSnapshot.Pool pool : pools) {
      byName.put(pool.name, pool);
    }
    latest = byName;
    for (ReportSnapshot.Pool pool : pools) {
      // marked first: a registry that refuses a pool's gauges is counted once, not once a second
      if (!registered.contains(pool.name) && ready(pool) && registered.add(pool.name)) {
        try {
          registerGauges(pool.name, pool.kind == null ? UNKNOWN_KIND : pool.kind);
        } catch (RuntimeException | LinkageError e) {
          ConnlensHooks.suppressed(e);
        }
      }
    }
  }

  /**
   * Whether the pool's gauges can be registered now: a meter's tags are fixed when it is registered,
   * and a pool's kind (like its counts) is known only once it handed out a lease; a pool seen only
   * through the physical connections it opened at start-up waits. A pool that handed out leases and
   * still has no kind on a second snapshot (no known pool support, or the lease seen a moment before
   * its source) is registered with the kind {@value #UNKNOWN_KIND}.
   */
  private boolean ready(ReportSnapshot.Pool pool) {
    if (pool.kind != null) {
      return true;
    }
    if (pool.leases == null || pool.leases.opened == 0) {
      return false;
    }
    return !leasedWithoutKind.add(pool.name);
  }

  private void registerGauges(String pool, String kind) {
    Tags tags = Tags.of("pool", pool, "kind", kind);
    gauge(CONNECTIONS, "Connections the pool holds, in use and idle, as the pool reports them", pool, tags,
        p -> p.active < 0 || p.idle < 0 ? Double.NaN : p.active + p.idle);
    gauge(ACTIVE, "Connections handed out now, as the pool reports them", pool, tags, p -> known(p.active));
    gauge(IDLE, "Connections idle in the pool, as the pool reports them", pool, tags, p -> known(p.idle));
    gauge(MAX, "The most connections the pool opens", pool, tags, p -> known(p.maxSize));
    gauge(PENDING, "Threads waiting for a connection, as the pool reports them", pool, tags, p -> known(p.waiting));
    gauge(USAGE, "Active connections over the pool's maximum, 0 to 1", pool, tags, MicrometerSink::usage);
    gauge(LEASES_OPEN, "Connections the application holds now, as connlens counts its leases", pool, tags,
        p -> p.leases == null ? Double.NaN : p.leases.open);
  }

  /** Active over max, or {@code NaN} when either is unknown: a pool connlens cannot read is not idle. */
  static double usage(ReportSnapshot.Pool pool) {
    if (pool.maxSize <= 0 || pool.active < 0) {
      return Double.NaN;
    }
    return (double) pool.active / pool.maxSize;
  }

  private static double known(int value) {
    return value < 0 ? Double.NaN : value;
  }

  private void gauge(String name, String description, String pool, Tags tags,
      ToDoubleFunction<ReportSnapshot.Pool> reading) {
    // the registry holds this sink weakly (Micrometer's default), the findings counters keep it; no
    // object of the application's is reachable from the function, only a pool name
    Gauge.builder(name, this, sink -> sink.read(pool, reading))
        .description(description)
        .tags(tags)
        .register(registry);
  }

  /** Called by the registry on whichever thread scrapes it: never throws. */
  private double read(String pool, ToDoubleFunction<ReportSnapshot.Pool> reading) {
    try {
      ReportSnapshot.Pool now = latest.get(pool);
      // a pool gone from the snapshot says nothing any more
      return now == null ? Double.NaN : reading.applyAsDouble(now);
    } catch (RuntimeException | LinkageError e) {
      ConnlensHooks.suppressed(e);
      return Double.NaN;
    }
  }
}
