package io.connlens.agent.export.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.detection.FindingStore;
import io.connlens.agent.detection.Occurrence;
import io.connlens.agent.export.bridge.BridgeLoader;
import io.connlens.agent.registry.CallSite;
import io.connlens.agent.report.ReportSnapshot;
import io.connlens.agent.report.Sink;
import io.connlens.api.FindingType;
import io.connlens.bootstrap.ConnlensHooks;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Micrometer sink, loaded as the agent loads it: by name, through a {@link BridgeLoader} over the
 * loader that holds Micrometer (here the test's own, so that the test's registry is the sink's type),
 * on a real {@link SimpleMeterRegistry}. Meter names are spelled out: they are what users query.
 */
class MicrometerSinkTest {
  private static final String POOL = "HikariPool-1";
  private static final String[] POOL_GAUGES = {"connlens.pool.connections", "connlens.pool.active",
      "connlens.pool.idle", "connlens.pool.max", "connlens.pool.pending", "connlens.pool.usage",
      "connlens.leases.open"};

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** The bridge's sink on {@code registry}, created by name as {@link MicrometerExport} creates it. */
  private static Sink bridgedSink(MeterRegistry registry) throws Exception {
    Class<?> type = new BridgeLoader(MicrometerExport.BRIDGE_PACKAGE, MicrometerSinkTest.class.getClassLoader(), null)
        .bridgeClass(MicrometerExport.SINK);
    assertThat(type.getClassLoader()).isInstanceOf(BridgeLoader.class);
    return (Sink) type.getConstructor(MeterRegistry.class).newInstance(registry);
  }

  private static ReportSnapshot.Pool pool(String name, String kind, int max, int active, int idle, int waiting,
      long leasesOpen) {
    return new ReportSnapshot.Pool(name, kind, "jdbc:h2:mem:x", new ReportSnapshot.Counts(leasesOpen, 0, leasesOpen, 0),
        new ReportSnapshot.Counts(0, 0, 0, 0), max, active, idle, waiting, ReportSnapshot.Sizing.NONE);
  }

  private double gauge(String name, String pool) {
    return registry.get(name).tag("pool", pool).gauge().value();
  }

  @Test
  void eachPoolsGaugesShowTheLatestSnapshotTaggedWithPoolAndKind() throws Exception {
    // given the sink on a registry
    Sink sink = bridgedSink(registry);
    // when a snapshot shows a pool with 3 of 10 connections out, 1 idle and 2 threads waiting
    sink.onPoolSnapshot(List.of(pool(POOL, "hikaricp", 10, 3, 1, 2, 3)), List.of());
    // then each gauge says so, under the pool's name and kind
    assertThat(registry.get("connlens.pool.active").tags("pool", POOL, "kind", "hikaricp").gauge().value())
        .isEqualTo(3.0);
    assertThat(gauge("connlens.pool.connections", POOL)).isEqualTo(4.0);
    assertThat(gauge("connlens.pool.idle", POOL)).isEqualTo(1.0);
    assertThat(gauge("connlens.pool.max", POOL)).isEqualTo(10.0);
    assertThat(gauge("connlens.pool.pending", POOL)).isEqualTo(2.0);
    assertThat(gauge("connlens.pool.usage", POOL)).isEqualTo(0.3);
    assertThat(gauge("connlens.leases.open", POOL)).isEqualTo(3.0);

    // and when the next snapshot differs, the same gauges read it: registered once
    sink.onPoolSnapshot(List.of(pool(POOL, "hikaricp", 10, 10, 0, 7, 10)), List.of());
    assertThat(gauge("connlens.pool.active", POOL)).isEqualTo(10.0);
    assertThat(gauge("connlens.pool.usage", POOL)).isEqualTo(1.0);
    assertThat(gauge("connlens.pool.pending", POOL)).isEqualTo(7.0);
    for (String name : POOL_GAUGES) {
      assertThat(registry.find(name).gauges()).as(name).hasSize(1);
    }
  }

  @Test
  void aPoolThatAppearsLaterGetsItsOwnGauges() throws Exception {
    Sink sink = bridgedSink(registry);
    sink.onPoolSnapshot(List.of(pool(POOL, "hikaricp", 10, 1, 1, 0, 1)), List.of());
    // when a second pool shows up
    sink.onPoolSnapshot(List.of(pool(POOL, "hikaricp", 10, 1, 1, 0, 1), pool("orders", "dbcp2", 4, 2, 0, -1, 2)),
        List.of());
    // then both have their gauges, each its own values
    assertThat(registry.find("connlens.pool.active").gauges()).hasSize(2);
    assertThat(gauge("connlens.pool.active", POOL)).isEqualTo(1.0);
    assertThat(registry.get("connlens.pool.usage").tags("pool", "orders", "kind", "dbcp2").gauge().value())
        .isEqualTo(0.5);
  }

  @Test
  void whatThePoolDoesNotSayIsNaNNeverZero() throws Exception {
    Sink sink = bridgedSink(registry);
    // given a pool connlens cannot read (no max, no counts) and of no known kind, though it hands out
    // leases, in two snapshots
    sink.onPoolSnapshot(List.of(pool(POOL, null, -1, -1, -1, -1, 2)), List.of());
    sink.onPoolSnapshot(List.of(pool(POOL, null, -1, -1, -1, -1, 2)), List.of());
    // then every gauge of the pool's counts is NaN, not an idle pool's 0; the kind tag still there
    for (String name : new String[] {"connlens.pool.connections", "connlens.pool.active", "connlens.pool.idle",
        "connlens.pool.max", "connlens.pool.pending", "connlens.pool.usage"}) {
      assertThat(registry.get(name).tags("pool", POOL, "kind", "unknown").gauge().value()).as(name).isNaN();
    }
    // and what connlens counts itself is still known
    assertThat(gauge("connlens.leases.open", POOL)).isEqualTo(2.0);
  }

  @Test
  void aPoolsGaugesWaitForItsFirstLeaseWhichTellsItsKind() throws Exception {
    Sink sink = bridgedSink(registry);
    // given a pool seen only through the connections it opened at start-up: no lease, no kind yet
    sink.onPoolSnapshot(List.of(pool(POOL, null, -1, -1, -1, -1, 0)), List.of());
    sink.onPoolSnapshot(List.of(pool(POOL, null, -1, -1, -1, -1, 0)), List.of());
    // then it has no gauges yet, rather than gauges tagged with a kind that is about to change
    assertThat(registry.find("connlens.pool.active").gauges()).isEmpty();
    // when it hands out its first lease, and with it its kind
    sink.onPoolSnapshot(List.of(pool(POOL, "hikaricp", 10, 1, 9, 0, 1)), List.of());
    // then its gauges carry the kind
    assertThat(registry.get("connlens.pool.active").tags("pool", POOL, "kind", "hikaricp").gauge().value())
        .isEqualTo(1.0);
    assertThat(registry.find("connlens.pool.active").gauges()).hasSize(1);
  }

  @Test
  void aUsageWithAKnownMaxButUnknownActiveIsNaN() throws Exception {
    Sink sink = bridgedSink(registry);
    sink.onPoolSnapshot(List.of(pool(POOL, "c3p0", 15, -1, 3, -1, 0)), List.of());
    assertThat(gauge("connlens.pool.usage", POOL)).isNaN();
    assertThat(gauge("connlens.pool.connections", POOL)).isNaN();
    assertThat(gauge("connlens.pool.max", POOL)).isEqualTo(15.0);
    assertThat(gauge("connlens.pool.idle", POOL)).isEqualTo(3.0);
  }

  @Test
  void aPoolGoneFromTheSnapshotReadsNaN() throws Exception {
    Sink sink = bridgedSink(registry);
    sink.onPoolSnapshot(List.of(pool(POOL, "hikaricp", 10, 3, 1, 0, 3)), List.of());
    // when the pool is no longer in the snapshot
    sink.onPoolSnapshot(List.of(), List.of());
    // then its gauges no longer repeat its last values
    assertThat(gauge("connlens.pool.active", POOL)).isNaN();
    assertThat(gauge("connlens.pool.usage", POOL)).isNaN();
  }

  @Test
  void theFindingsCounterCountsEveryOccurrenceByTypeFromZero() throws Exception {
    // given the sink listening to the findings
    Sink sink = bridgedSink(registry);
    FindingStore store = new FindingStore(System::currentTimeMillis);
    store.addListener(sink);
    // then every type is there at 0 before any finding
    assertThat(registry.find("connlens.findings").functionCounters()).hasSize(FindingType.values().length);
    assertThat(registry.get("connlens.findings").tag("type", "LEAK_SUSPECTED").functionCounter().count()).isZero();
    // when one leak is seen twice (one finding, two occurrences) and an N+1 once
    Occurrence leak = new Occurrence(FindingType.LEAK_SUSPECTED, "connection held for 31.2 s and still open",
        CallSite.of(List.of("com.example.OrderController.get(OrderController.java:42)")), "worker-1", POOL,
        "jdbc:h2:mem:x", 31_200, null);
    store.record(leak);
    store.record(leak);
    store.record(new Occurrence(FindingType.POOL_EXHAUSTED, "pool exhausted",
        CallSite.of(List.of("com.example.OrderController.list(OrderController.java:50)")), "worker-2", POOL,
        "jdbc:h2:mem:x", 0, null));
    // then the counter says 2 and 1, and 0 for the others
    assertThat(registry.get("connlens.findings").tag("type", "LEAK_SUSPECTED").functionCounter().count())
        .isEqualTo(2.0);
    assertThat(registry.get("connlens.findings").tag("type", "POOL_EXHAUSTED").functionCounter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("connlens.findings").tag("type", "N_PLUS_ONE").functionCounter().count()).isZero();
  }

  @Test
  void aRegistryThatRefusesTheMetersIsCountedNeverThrown() throws Exception {
    // given a registry whose filter throws on every meter
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        throw new IllegalStateException("refused " + id.getName());
      }
    });
    long before = ConnlensHooks.suppressedErrors();
    // when the sink starts and sees the same pool twice
    Sink sink = bridgedSink(registry);
    long afterCounters = ConnlensHooks.suppressedErrors();
    sink.onPoolSnapshot(List.of(pool(POOL, "hikaricp", 10, 3, 1, 0, 3)), List.of());
    sink.onPoolSnapshot(List.of(pool(POOL, "hikaricp", 10, 3, 1, 0, 3)), List.of());
    // then nothing was thrown: one error per counter refused, and one for the pool, not one per snapshot
    assertThat(afterCounters - before).isEqualTo(FindingType.values().length);
    assertThat(ConnlensHooks.suppressedErrors() - afterCounters).isEqualTo(1);
    assertThat(registry.getMeters()).isEmpty();
  }
}
