package io.connlens.agent.report;

import io.connlens.agent.application.ApplicationPackages;
import io.connlens.agent.detection.Finding;
import io.connlens.agent.detection.FindingStore;
import io.connlens.api.FindingType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds report snapshots for the sink tests around the findings of a real {@link FindingStore}; a
 * {@link WatchedApplication} on {@link #store()} makes them.
 */
final class ReportSnapshotBuilder {
  static final long STARTED_AT = Instant.parse("2025-03-01T10:00:00Z").toEpochMilli();

  private long now = STARTED_AT + 1_000;
  private final FindingStore store = new FindingStore(() -> now);
  private ReportSnapshot.Trigger trigger = ReportSnapshot.Trigger.EXIT;
  private long suppressedErrors;
  private List<String> instrumentationErrors = List.of();
  private List<String> configurationProblems = List.of();
  private Set<FindingType> failOn = EnumSet.noneOf(FindingType.class);
  private boolean failed;
  private Integer exitStatus;
  private Map<String, Long> dropped = Map.of();
  private ApplicationPackages applicationPackages = ApplicationPackages.NONE;
  private Map<String, Long> skippedBursts = Map.of("initializer", 0L);
  private List<ReportSnapshot.Pool> pools = List.of();
  private List<ReportSnapshot.Server> servers = List.of();
  private List<TestFailures.TestFailure> tests = List.of();
  private List<PoolTimeline.Series> timeline = List.of();

  /** Findings recorded from now on are stamped {@code millis}. */
  ReportSnapshotBuilder at(long millis) {
    now = millis;
    return this;
  }

  ReportSnapshotBuilder onDemand() {
    trigger = ReportSnapshot.Trigger.ON_DEMAND;
    return this;
  }

  ReportSnapshotBuilder suppressedErrors(long count) {
    suppressedErrors = count;
    return this;
  }

  ReportSnapshotBuilder problems(List<String> instrumentation, List<String> configuration) {
    instrumentationErrors = instrumentation;
    configurationProblems = configuration;
    return this;
  }

  ReportSnapshotBuilder failed(Set<FindingType> failOn, Integer exitStatus) {
    this.failOn = failOn;
    this.failed = true;
    this.exitStatus = exitStatus;
    return this;
  }

  ReportSnapshotBuilder failOn(Set<FindingType> failOn) {
    this.failOn = failOn;
    return this;
  }

  /** What the bounds refused, as the runtime names it. */
  ReportSnapshotBuilder applicationPackages(ApplicationPackages applicationPackages) {
    this.applicationPackages = applicationPackages;
    return this;
  }

  ReportSnapshotBuilder skippedBursts(Map<String, Long> skippedBursts) {
    this.skippedBursts = skippedBursts;
    return this;
  }

  ReportSnapshotBuilder dropped(Map<String, Long> dropped) {
    this.dropped = dropped;
    return this;
  }

  /** The pools, as the runtime lists them. */
  ReportSnapshotBuilder pools(List<ReportSnapshot.Pool> pools) {
    this.pools = pools;
    return this;
  }

  FindingStore store() {
    return store;
  }

  /** The servers the report lists. */
  ReportSnapshotBuilder timeline(List<PoolTimeline.Series> timeline) {
    this.timeline = timeline;
    return this;
  }

  ReportSnapshotBuilder tests(List<TestFailures.TestFailure> tests) {
    this.tests = tests;
    return this;
  }

  ReportSnapshotBuilder servers(List<ReportSnapshot.Server> servers) {
    this.servers = servers;
    return this;
  }

  /**
   * The failing types a failed run's verdict finds in the store; all of fail.on when the findings of
   * the test do not say (a summary test that only needs the run to have failed).
   */
  private Set<FindingType> failingTypes() {
    if (!failed) {
      return Set.of();
    }
    Set<FindingType> failing = io.connlens.agent.detection.FailVerdict.of(store, failOn).failingTypes();
    return failing.isEmpty() ? failOn : failing;
  }

  ReportSnapshot build() {
    return build(store.findings());
  }

  /** A snapshot listing {@code findings} in this order. */
  ReportSnapshot build(List<Finding> findings) {
    return new ReportSnapshot("0.1.0-test", 4242, "17.0.15", STARTED_AT, STARTED_AT + 120_000,
        trigger, new ReportSnapshot.Counts(120, 117, 3, 0), new ReportSnapshot.Counts(10, 2, 8, 0), "all",
        suppressedErrors, instrumentationErrors, configurationProblems, failOn, failingTypes(), exitStatus,
        new ArrayList<>(findings), store.occurrencesByType(), dropped, applicationPackages, skippedBursts, pools, servers,
        tests, timeline);
  }
}
