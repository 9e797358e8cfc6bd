package io.connlens.agent.report;

import io.connlens.agent.detection.Finding;
import io.connlens.agent.detection.FindingStore;
import io.connlens.agent.detection.FindingType;
import io.connlens.agent.detection.Holder;
import io.connlens.agent.detection.HolderActivity;
import io.connlens.agent.detection.Occurrence;
import io.connlens.agent.registry.CallSite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Builds report snapshots for the sink tests, with findings made by a real {@link FindingStore}. */
final class ReportSnapshotBuilder {
  static final long STARTED_AT = Instant.parse("2025-03-01T10:00:00Z").toEpochMilli();
  static final String SERVICE_FRAME = "com.example.OrderService.export(OrderService.java:42)";
  static final String CONTROLLER_FRAME = "com.example.OrderController.get(OrderController.java:17)";

  private long now = STARTED_AT + 1_000;
  private final FindingStore store = new FindingStore(() -> now);
  private ReportSnapshot.Trigger trigger = ReportSnapshot.Trigger.EXIT;
  private long suppressedErrors;
  private List<String> instrumentationErrors = List.of();
  private List<String> configurationProblems = List.of();
  private Set<FindingType> failOn = EnumSet.noneOf(FindingType.class);
  private boolean failed;
  private Integer exitStatus;

  /** Findings recorded from now on are stamped {@code millis}. */
  ReportSnapshotBuilder at(long millis) {
    now = millis;
    return this;
  }

  ReportSnapshotBuilder record(Occurrence occurrence) {
    store.record(occurrence);
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

  FindingStore store() {
    return store;
  }

  ReportSnapshot build() {
    return build(store.findings());
  }

  /** A snapshot listing {@code findings} in this order. */
  ReportSnapshot build(List<Finding> findings) {
    return new ReportSnapshot("0.1.0-test", 4242, "17.0.15", STARTED_AT, STARTED_AT + 120_000,
        trigger, new ReportSnapshot.Counts(120, 117, 3, 0), new ReportSnapshot.Counts(10, 2, 8, 0), "all",
        suppressedErrors, instrumentationErrors, configurationProblems, failOn, failed, exitStatus,
        new ArrayList<>(findings), store.occurrencesByType());
  }

  /** A leak held 31.2 s from {@code pool}, acquired at {@code frames}, held by an idle pool thread. */
  static Occurrence leak(String pool, List<String> frames) {
    return new Occurrence(FindingType.LEAK_SUSPECTED,
        "connection held for 31.2 s and still open (leak.threshold 30 s)", CallSite.of(frames),
        "worker-3", pool, "jdbc:postgresql://127.0.0.1:5432/test", 31_200,
        new Holder("pool-1-thread-1", "WAITING", HolderActivity.IDLE_IN_THREAD_POOL,
            List.of("java.base/jdk.internal.misc.Unsafe.park(Native Method)",
                "java.base/java.util.concurrent.ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1070)")));
  }

  /** An occurrence with only what every finding has: no thread, pool, database, hold or holder. */
  static Occurrence bare(FindingType type, String message, CallSite site) {
    return new Occurrence(type, message, site, null, null, null, -1, null);
  }

  /** A distinct site per {@code line}, so each occurrence makes a new finding. */
  static List<String> siteAtLine(int line) {
    return List.of("com.example.OrderService.export(OrderService.java:" + line + ")",
        CONTROLLER_FRAME);
  }
}
