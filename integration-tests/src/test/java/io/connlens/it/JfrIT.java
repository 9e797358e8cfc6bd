package io.connlens.it;

import static io.connlens.it.TestDatabase.H2;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent's JFR events in a real recording: the pools app on HikariCP pins both connections of a
 * pool of two past the saturation duration, under {@code -XX:StartFlightRecording} with the JDK's
 * default settings, and the file the JVM writes at exit holds a connlens.Finding naming the pinning
 * line, the pinned leases as connlens.Lease (held over a second, past the 20 ms threshold), and
 * connlens.PoolSnapshot events of the pool.
 */
@DisplayName("JFR")
class JfrIT {
  private static final TestApp APP = TestApp.POOLS;

  static List<Target> hikari() {
    return Jdk.underTest(17).map(jdk -> Target.poolMatrix(jdk, H2, List.of(TestPool.HIKARI))).orElse(List.of());
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("hikari")
  void aRecordingHoldsTheFindingTheLeasesAndThePoolSnapshots(Target target) throws IOException {
    // given: a recording from the JVM's start, written at its exit into the run directory
    // when
    AppRun run = AppLauncher.of(APP, target).scenario("saturated")
        .jvmOptions("-XX:StartFlightRecording=filename=run.jfr,settings=default")
        .agentArgs("site.capture=all,pool.saturation.duration=1s").run();
    // then (the launcher has checked the agent's health: no suppressed error, no failed class)
    assertThat(run.exitStatus()).as(run.context()).isZero();
    String pool = target.pool().reportedName(target.database().url());
    String pinned = APP.acquireFrame("pinConnections", "pinned");
    List<RecordedEvent> events = RecordingFile.readAllEvents(run.runDirectory().resolve("run.jfr"));

    List<RecordedEvent> findings = named(events, "connlens.Finding");
    assertThat(findings).as(run.context()).hasSize(1);
    RecordedEvent finding = findings.get(0);
    assertThat(finding.getString("type")).as(run.context()).isEqualTo("POOL_SATURATION");
    assertThat(finding.getString("pool")).as(run.context()).isEqualTo(pool);
    assertThat(finding.getString("site").split("\n")[0]).as(run.context()).isEqualTo(pinned);
    assertThat(finding.getString("message")).as(run.context()).contains("2 of 2 connections in use");
    assertThat(finding.getEventType().getCategoryNames()).as(run.context()).containsExactly("connlens");

    // the two pinned leases, each held past the saturation duration: their durations are hold times
    List<RecordedEvent> pinnedLeases = named(events, "connlens.Lease").stream()
        .filter(e -> pinned.equals(e.getString("site"))).collect(Collectors.toList());
    assertThat(pinnedLeases).as(run.context()).hasSize(2);
    for (RecordedEvent lease : pinnedLeases) {
      assertThat(lease.getString("pool")).as(run.context()).isEqualTo(pool);
      assertThat(lease.getString("database")).as(run.context()).startsWith("jdbc:h2:");
      assertThat(lease.getString("acquiringThread")).as(run.context()).isEqualTo("pinning-worker");
      assertThat(lease.getDuration()).as(run.context()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    List<RecordedEvent> snapshots = named(events, "connlens.PoolSnapshot");
    assertThat(snapshots).as(run.context()).isNotEmpty();
    assertThat(snapshots).as(run.context()).allMatch(e -> pool.equals(e.getString("pool")));
    assertThat(snapshots).as(run.context()).allMatch(e -> "hikaricp".equals(e.getString("kind")));
    assertThat(snapshots).as(run.context()).allMatch(e -> e.getInt("max") == 2);
    assertThat(snapshots).as(run.context()).anyMatch(e -> e.getInt("used") == 2);
  }

  private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
    return events.stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
  }
}
