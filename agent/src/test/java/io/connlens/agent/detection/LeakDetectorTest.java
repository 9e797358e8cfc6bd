package io.connlens.agent.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.DataSourceInfo;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.registry.StatementRecorder;
import io.connlens.agent.sql.SqlFingerprintCache;
import io.connlens.agent.testing.Frames;
import io.connlens.api.FindingType;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakDetectorTest {
  private final FindingStore store = new FindingStore(System::currentTimeMillis);

  private LeaseRegistry registry(SiteCapture.Mode mode) {
    return new LeaseRegistry(new SiteCapture(mode, 1 << 20), Frames.STACK_FRAMES, Modules.pools(), System::currentTimeMillis);
  }

  private List<Finding> ofType(FindingType type) {
    return store.findings().stream().filter(f -> f.type() == type).collect(java.util.stream.Collectors.toList());
  }

  @Test
  void aLeaseOpenPastTheThresholdIsSuspectedOnceWithItsHolder() {
    // given a lease open on this thread
    LeaseRegistry registry = registry(SiteCapture.Mode.ALL);
    LeakDetector detector = new LeakDetector(registry, store, 1_000_000L, Frames.HOLDERS);
    Object connection = new Object();
    registry.open(connection, DataSourceInfo.DRIVER_MANAGER, "jdbc:h2:mem:x", Thread.currentThread());
    // when two scans run after the threshold
    detector.scan(System.nanoTime() + 2_000_000L);
    detector.scan(System.nanoTime() + 3_000_000L);
    // then one LEAK_SUSPECTED, with this thread as holder running this code
    List<Finding> suspected = ofType(FindingType.LEAK_SUSPECTED);
    assertThat(suspected).hasSize(1);
    assertThat(suspected.get(0).count()).isEqualTo(1);
    assertThat(suspected.get(0).holder().threadName()).isEqualTo(Thread.currentThread().getName());
    assertThat(suspected.get(0).site().isCaptured()).isTrue();
    assertThat(suspected.get(0).heldMillis()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aLeakSaysWhatItsConnectionRanLast() {
    LeaseRegistry registry = registry(SiteCapture.Mode.ALL);
    LeakDetector detector = new LeakDetector(registry, store, 1_000_000L, Frames.HOLDERS);
    StatementRecorder recorder = new StatementRecorder(registry, new SqlFingerprintCache(), 5, Frames.STACK_FRAMES, s -> Boolean.TRUE);
    Object connection = new Object();
    Object statement = new Object();
    registry.open(connection, DataSourceInfo.DRIVER_MANAGER, null, Thread.currentThread());
    recorder.created(connection, "select * from export_batch where id = 42", statement);
    recorder.executed(statement, null, false);
    recorder.executed(statement, null, false);

    detector.scan(System.nanoTime() + 2_000_000L);

    Finding suspected = ofType(FindingType.LEAK_SUSPECTED).get(0);
    assertThat(suspected.statements()).isEqualTo(2);
    assertThat(suspected.lastSql()).isEqualTo("select * from export_batch where id = ?");
  }

  @Test
  void aSuspectedLeaseThatIsReturnedBecomesALongHoldAndNoLongerCounts() {
    LeaseRegistry registry = registry(SiteCapture.Mode.ALL);
    LeakDetector detector = new LeakDetector(registry, store, 1L, Frames.HOLDERS);
    registry.addListener(detector);
    Object connection = new Object();
    registry.open(connection, DataSourceInfo.DRIVER_MANAGER, null, Thread.currentThread());
    detector.scan(System.nanoTime() + 10);

    registry.close(connection);
    detector.scan(System.nanoTime());

    assertThat(ofType(FindingType.LONG_HOLD)).hasSize(1);
    Finding suspected = ofType(FindingType.LEAK_SUSPECTED).get(0);
    assertThat(suspected.returned()).isEqualTo(1);
    assertThat(suspected.outstanding()).isZero();
  }

  @Test
  void aLeaseClosedInTimeIsNeverReported() {
    LeaseRegistry registry = registry(SiteCapture.Mode.ALL);
    LeakDetector detector = new LeakDetector(registry, store, 60_000_000_000L, Frames.HOLDERS);
    registry.addListener(detector);
    Object connection = new Object();
    registry.open(connection, DataSourceInfo.DRIVER_MANAGER, null, Thread.currentThread());
    registry.close(connection);
    detector.finishAtExit(System.nanoTime());
    assertThat(store.findings()).isEmpty();
  }

  @Test
  void aDroppedConnectionIsUnclosedAndSwitchesItsSourceToCaptureEverySite() throws InterruptedException {
    // given sampled capture (never sampling at this interval) and a lease whose connection is dropped
    LeaseRegistry registry = registry(SiteCapture.Mode.SAMPLED);
    LeakDetector detector = new LeakDetector(registry, store, 60_000_000_000L, Frames.HOLDERS);
    DataSourceInfo source = registry.source(new Object());
    registry.open(new Object(), source, null, Thread.currentThread());
    // when the collector runs (wait on the condition with a deadline)
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (ofType(FindingType.LEAK_UNCLOSED).isEmpty() && System.nanoTime() < deadline) {
      System.gc();
      detector.scan(System.nanoTime());
      Thread.sleep(10);
    }
    // then LEAK_UNCLOSED without a site, and the next lease from that source has its site
    Finding unclosed = ofType(FindingType.LEAK_UNCLOSED).get(0);
    assertThat(unclosed.site().isCaptured()).isFalse();
    assertThat(unclosed.heldMillis()).isEqualTo(-1);
    assertThat(source.capturesEverySite()).isTrue();
    Object next = new Object();
    assertThat(registry.open(next, source, null, Thread.currentThread()).site().isCaptured()).isTrue();
  }

  @Test
  void leasesOpenAtExitAreReportedAggregatedBySite() {
    LeaseRegistry registry = registry(SiteCapture.Mode.ALL);
    LeakDetector detector = new LeakDetector(registry, store, 60_000_000_000L, Frames.HOLDERS);
    Object[] held = new Object[3];
    for (int i = 0; i < held.length; i++) {
      held[i] = new Object();
      registry.open(held[i], DataSourceInfo.DRIVER_MANAGER, null, Thread.currentThread());
    }
    detector.finishAtExit(System.nanoTime());
    List<Finding> atExit = ofType(FindingType.OPEN_AT_EXIT);
    assertThat(atExit).hasSize(1);
    assertThat(atExit.get(0).count()).isEqualTo(3);
    assertThat(held).hasSize(3); // keeps the connections reachable until here
  }
}
