package io.connlens.agent.export.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.detection.FindingStore;
import io.connlens.agent.detection.Occurrence;
import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.DataSourceInfo;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.report.ReportSnapshot;
import io.connlens.agent.testing.Frames;
import io.connlens.api.FindingType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JfrSinkTest {
  private static final Duration THRESHOLD = Duration.ofMillis(200);

  private final LeaseRegistry registry =
      new LeaseRegistry(new SiteCapture(SiteCapture.Mode.ALL, 1), Frames.STACK_FRAMES, Modules.pools(), System::currentTimeMillis);
  private final FindingStore store = new FindingStore(System::currentTimeMillis);
  private final JfrSink sink = new JfrSink();

  @TempDir
  Path dir;

  JfrSinkTest() {
    sink.register();
    registry.addListener(sink);
    store.addListener(sink);
  }

  @Test
  void recordsALeaseHeldPastTheThresholdWithItsHoldTimeAndNoneBelowIt() throws Exception {
    List<RecordedEvent> events;
    long heldNanos;
    Lease lease;
    try (Recording recording = new Recording()) {
      recording.enable(LeaseEvent.class).withThreshold(THRESHOLD);
      recording.enable(PoolSnapshotEvent.class).withPeriod(Duration.ofMillis(10));
      recording.start();
      sink.onPoolSnapshot(List.of(new ReportSnapshot.Pool("HikariPool-1", "hikaricp", "jdbc:h2:mem:x",
          null, null, 10, 3, 7, 0, ReportSnapshot.Sizing.NONE)), List.of());

      // given a lease closed at once, and one held past the threshold
      Object quick = new Object();
      registry.open(quick, DataSourceInfo.DRIVER_MANAGER, "jdbc:h2:mem:quick", Thread.currentThread());
      registry.close(quick);
      Object held = new Object();
      lease = registry.open(held, DataSourceInfo.DRIVER_MANAGER, "jdbc:h2:mem:held", Thread.currentThread());
      assertThat(lease.flightRecorderEvent()).isInstanceOf(LeaseEvent.class);
      long deadline = lease.acquiredNanos() + THRESHOLD.toNanos() + Duration.ofMillis(50).toNanos();
      while (System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
      }
      registry.close(held);
      heldNanos = System.nanoTime() - lease.acquiredNanos();
      assertThat(lease.flightRecorderEvent()).isNull();
      recording.stop();
      events = read(recording);
    }

    // then only the held lease is an event, and its duration is its hold time
    List<RecordedEvent> leases = named(events, "connlens.Lease");
    assertThat(leases).hasSize(1);
    RecordedEvent event = leases.get(0);
    assertThat(event.getString("database")).isEqualTo("jdbc:h2:mem:held");
    assertThat(event.getString("acquiringThread")).isEqualTo(Thread.currentThread().getName());
    assertThat(event.getLong("statements")).isZero();
    assertThat(event.getDuration()).isGreaterThanOrEqualTo(THRESHOLD);
    assertThat(event.getDuration().toNanos()).isLessThanOrEqualTo(heldNanos);
    // the top frame StackFrames keeps (it skips connlens's own, this test's included)
    assertThat(event.getString("site")).isEqualTo(lease.site().topFrame());
    // and the pool of the last scan is snapshotted
    RecordedEvent pool = named(events, "connlens.PoolSnapshot").get(0);
    assertThat(pool.getString("pool")).isEqualTo("HikariPool-1");
    assertThat(pool.getString("kind")).isEqualTo("hikaricp");
    assertThat(pool.getInt("used")).isEqualTo(3);
    assertThat(pool.getInt("idle")).isEqualTo(7);
    assertThat(pool.getInt("max")).isEqualTo(10);
    assertThat(pool.getInt("waiting")).isZero();
  }

  @Test
  void recordsANewFindingOnceWithItsFields() throws Exception {
    List<RecordedEvent> events;
    try (Recording recording = new Recording()) {
      recording.enable(FindingEvent.class);
      recording.start();
      Occurrence leak = new Occurrence(FindingType.LEAK_SUSPECTED, "connection held for 31.2 s and still open",
          CallSite.of(List.of("com.example.OrderController.get(OrderController.java:42)",
              "com.example.Main.main(Main.java:7)")), "worker-1", "HikariPool-1", "jdbc:h2:mem:x", 31_200, null);
      store.record(leak);
      store.record(leak); // seen again: a count, not an event
      recording.stop();
      events = read(recording);
    }
    List<RecordedEvent> findings = named(events, "connlens.Finding");
    assertThat(findings).hasSize(1);
    RecordedEvent finding = findings.get(0);
    assertThat(finding.getString("type")).isEqualTo("LEAK_SUSPECTED");
    assertThat(finding.getString("severity")).isEqualTo(FindingType.LEAK_SUSPECTED.severity().name());
    assertThat(finding.getString("pool")).isEqualTo("HikariPool-1");
    assertThat(finding.getString("site")).isEqualTo(
        "com.example.OrderController.get(OrderController.java:42)\ncom.example.Main.main(Main.java:7)");
    assertThat(finding.getString("message")).isEqualTo("connection held for 31.2 s and still open");
    assertThat(finding.getEventType().getCategoryNames()).containsExactly("connlens");
  }

  @Test
  void beginsNoEventWhileNoRecordingRuns() {
    Object connection = new Object();
    Lease lease = registry.open(connection, DataSourceInfo.DRIVER_MANAGER, "jdbc:h2:mem:x", Thread.currentThread());
    assertThat(lease.flightRecorderEvent()).isNull();
    registry.close(connection);
  }

  private List<RecordedEvent> read(Recording recording) throws Exception {
    Path file = Files.createTempFile(dir, "connlens", ".jfr");
    recording.dump(file);
    return RecordingFile.readAllEvents(file);
  }

  private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
    return events.stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
  }
}
