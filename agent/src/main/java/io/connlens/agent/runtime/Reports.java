package io.connlens.agent.runtime;

import io.connlens.agent.application.ApplicationPackages;
import io.connlens.agent.config.AgentVersion;
import io.connlens.agent.detection.BoundedText;
import io.connlens.agent.detection.FailVerdict;
import io.connlens.agent.detection.Finding;
import io.connlens.agent.detection.FindingStore;
import io.connlens.agent.detection.LeakDetector;
import io.connlens.agent.detection.StatementDetector;
import io.connlens.agent.detection.UnpooledConnectionDetector;
import io.connlens.agent.instrumentation.InstrumentationErrors;
import io.connlens.agent.jdbc.DatabaseServer;
import io.connlens.agent.pool.PoolGauges;
import io.connlens.agent.registry.BorrowWaits;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.PoolCounts;
import io.connlens.agent.registry.ServerCounts;
import io.connlens.agent.registry.ServerHolders;
import io.connlens.agent.registry.StatementRecorder;
import io.connlens.agent.registry.TimeAtMax;
import io.connlens.agent.report.PoolTimeline;
import io.connlens.agent.report.ReportSnapshot;
import io.connlens.agent.report.TestFailures;
import io.connlens.api.FindingType;
import io.connlens.bootstrap.ConnlensHooks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Gathers what a report says from the parts that know it (registry, findings, detectors,
 * instrumentation, configuration), and the run's verdict: the one place a {@link ReportSnapshot} and a
 * {@link FailVerdict} are made.
 */
public final class Reports {
  private final long startedAtMillis = System.currentTimeMillis();
  private final String version = AgentVersion.get();
  private final LeaseRegistry registry;
  private final FindingStore store;
  private final LeakDetector leaks;
  private final StatementDetector statementDetector;
  private final StatementRecorder statements;
  private final InstrumentationErrors instrumentationErrors;
  private final Set<FindingType> failOn;
  private final List<String> configurationProblems;
  private final String siteCapture;
  private final ApplicationPackages applicationPackages;
  private final UnpooledConnectionDetector unpooled;
  private final TestFailures testFailures = new TestFailures();
  private final PoolTimeline timeline =
      new PoolTimeline(() -> System.currentTimeMillis() - startedAtMillis, DetectionLoop.POOL_SNAPSHOT_MILLIS);

  /**
   * @param statements the statement recorder, or {@code null} when statements are not tracked
   * @param siteCapture the site capture mode's label ({@code all}, {@code sampled}, {@code off})
   */
  public Reports(LeaseRegistry registry, FindingStore store, LeakDetector leaks, StatementDetector statementDetector,
      StatementRecorder statements, InstrumentationErrors instrumentationErrors, Set<FindingType> failOn,
      List<String> configurationProblems, String siteCapture, ApplicationPackages applicationPackages,
      UnpooledConnectionDetector unpooled) {
    this.unpooled = unpooled;
    this.registry = registry;
    this.store = store;
    this.leaks = leaks;
    this.statementDetector = statementDetector;
    this.statements = statements;
    this.instrumentationErrors = instrumentationErrors;
    this.failOn = failOn;
    this.configurationProblems = configurationProblems;
    this.siteCapture = siteCapture;
    this.applicationPackages = applicationPackages;
  }

  /** What a test harness in this JVM says it failed tests for: the report's {@code tests}. */
  public TestFailures testFailures() {
    return testFailures;
  }

  /** Each pool's use over the run: a sink of the pool snapshots, and the report's {@code timeline}. */
  public PoolTimeline timeline() {
    return timeline;
  }

  /** Every finding, frozen as it is now, in the store's order. */
  private List<Finding> frozenFindings() {
    List<Finding> frozen = new ArrayList<>();
    for (Finding f : store.findings()) {
      frozen.add(f.snapshot());
    }
    return frozen;
  }

  /** Whether the run fails, on the findings now. */
  public FailVerdict verdict() {
    return FailVerdict.of(store, failOn);
  }

  /** Everything a report says, now, with {@code verdict} and the exit status connlens forces (or {@code null}). */
  public ReportSnapshot snapshot(ReportSnapshot.Trigger trigger, FailVerdict verdict, Integer exitStatus) {
    List<Finding> findings = frozenFindings();
    List<ReportSnapshot.Pool> pools = samplePools();
    // the report's moment is a sample too: a JVM that lives a second still gets its end on the timeline
    timeline.onPoolSnapshot(pools, List.of());
    return new ReportSnapshot(version, ProcessHandle.current().pid(), System.getProperty("java.version"),
        startedAtMillis, System.currentTimeMillis(), trigger,
        new ReportSnapshot.Counts(registry.leasesOpened(), registry.leasesClosed(), registry.leasesOpen(),
            registry.leasesCollected()),
        new ReportSnapshot.Counts(registry.physicalOpened(), registry.physicalClosed(), registry.physicalOpen(),
            registry.physicalCollected()),
        siteCapture, ConnlensHooks.suppressedErrors(), instrumentationErrors.errors(), configurationProblems, failOn,
        verdict.failingTypes(), exitStatus, findings, store.occurrencesByType(findings), dropped(),
        applicationPackages, Map.of("initializer", statementDetector.skippedInitializerBursts()), pools,
        servers(pools), testFailures.list(), timeline.series());
  }

  /** The registry's pools, names and URLs cut as findings cut them. */
  public List<ReportSnapshot.Pool> pools() {
    List<ReportSnapshot.Pool> pools = new ArrayList<>();
    for (PoolCounts pool : registry.pools()) {
      long[] leases = pool.leases();
      long[] physical = pool.physical();
      PoolGauges gauges = pool.gauges();
      pools.add(new ReportSnapshot.Pool(BoundedText.cut(pool.name(), BoundedText.MAX_NAME), pool.kind(),
          BoundedText.cut(pool.database(), BoundedText.MAX_URL), counts(leases), counts(physical),
          gauges.maxSize(), gauges.active(), gauges.idle(), gauges.waiting(), sizing(pool, gauges.maxSize())));
    }
    return pools;
  }

  /**
   * The pools of the periodic snapshot (once a second, on the scan thread) and of a report (so that
   * the time since the last tick counts too): samples each pool's time at maximum first, then reads
   * them as {@link #pools()}.
   */
  public List<ReportSnapshot.Pool> samplePools() {
    registry.samplePools(System.nanoTime());
    return pools();
  }

  /**
   * The pool's measured need. The peak is capped at {@code maxSize} when known: a lease ends when
   * {@code close()} returns, and a pool hands the connection to a waiting borrower inside that call, so
   * for that moment both leases count; no pool has more than its maximum in use.
   */
  static ReportSnapshot.Sizing sizing(PoolCounts pool, int maxSize) {
    BorrowWaits waits = pool.waits();
    TimeAtMax atMax = pool.timeAtMax();
    long peak = pool.leasePeak().peak();
    return new ReportSnapshot.Sizing(maxSize > 0 ? Math.min(peak, maxSize) : peak, millis(atMax.observedNanos()),
        millis(atMax.atMaxNanos()), waits.count(), millis(waits.totalNanos()), millis(waits.longestNanos()));
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000L;
  }

  /**
   * The registry's database servers, cut as findings cut URLs, with what each of {@code pools} (the same
   * snapshot's, so their gauges are read once) counts of its connections to them; a pool's server connlens
   * saw no connection opened to is listed too.
   */
  public List<ReportSnapshot.Server> servers(List<ReportSnapshot.Pool> pools) {
    List<ReportSnapshot.Server> servers = new ArrayList<>();
    Map<String, ServerHolders> holders = registry.openPhysicalByServer();
    // what each pool says it holds, by the server of its URL: connections opened before an attach too
    Map<String, DatabaseServer> poolServers = new LinkedHashMap<>();
    Map<String, Map<String, Long>> reported = new HashMap<>();
    for (ReportSnapshot.Pool pool : pools) {
      DatabaseServer server = DatabaseServer.of(pool.database);
      if (server == null || pool.active < 0 || pool.idle < 0) {
        continue;
      }
      poolServers.putIfAbsent(server.key(), server);
      reported.computeIfAbsent(server.key(), k -> new TreeMap<>()).merge(pool.name, (long) pool.active + pool.idle, Long::sum);
    }
    for (ServerCounts server : registry.servers()) {
      DatabaseServer s = server.server();
      poolServers.remove(s.key());
      ServerHolders held = holders.get(s.key());
      Map<String, Long> byPool = new LinkedHashMap<>();
      if (held != null) {
        held.byPool().forEach((pool, open) -> byPool.put(BoundedText.cut(pool, BoundedText.MAX_NAME), open));
      }
      servers.add(server(s, counts(server.physical()), byPool, held == null ? 0 : held.direct(),
          reported.getOrDefault(s.key(), Map.of())));
    }
    // servers connlens saw no connection opened to: a pool's, opened before the attach
    for (DatabaseServer s : poolServers.values()) {
      servers.add(server(s, counts(new long[4]), Map.of(), 0, reported.get(s.key())));
    }
    servers.sort(Comparator.comparing(server -> server.server));
    return servers;
  }

  private static ReportSnapshot.Server server(DatabaseServer s, ReportSnapshot.Counts physical, Map<String, Long> byPool,
      long direct, Map<String, Long> poolReported) {
    return new ReportSnapshot.Server(BoundedText.cut(s.key(), BoundedText.MAX_URL),
        BoundedText.cut(s.host(), BoundedText.MAX_NAME), s.port(), BoundedText.cut(s.database(), BoundedText.MAX_NAME),
        physical, byPool, direct, poolReported);
  }

  private static ReportSnapshot.Counts counts(long[] c) {
    return new ReportSnapshot.Counts(c[0], c[1], c[2], c[3]);
  }

  /** What each bound refused, in the report's order (docs/report-format.md names each). */
  private Map<String, Long> dropped() {
    Map<String, Long> dropped = new LinkedHashMap<>();
    dropped.put("findings", store.dropped());
    dropped.put("longHolds", leaks.droppedLongHolds());
    dropped.put("queryBursts", statementDetector.droppedBursts());
    dropped.put("unitQueries", statements == null ? 0 : statements.droppedUnitQueries());
    dropped.put("threadRuns", statements == null ? 0 : statements.droppedThreadRuns());
    dropped.put("statementsCut", statements == null ? 0 : statements.cutStatements());
    dropped.put("instrumentationErrors", instrumentationErrors.droppedErrors());
    dropped.put("pools", registry.droppedPools());
    dropped.put("servers", registry.droppedServers());
    dropped.put("unpooledSites", unpooled.droppedSites());
    dropped.put("testFailures", testFailures.dropped());
    dropped.put("timelineSamples", timeline.droppedSamples());
    return dropped;
  }
}
