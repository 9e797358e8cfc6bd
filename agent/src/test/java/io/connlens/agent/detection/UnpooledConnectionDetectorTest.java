package io.connlens.agent.detection;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.OrderService;
import com.zaxxer.hikari.TestPool;
import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.DataSourceInfo;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.testing.Frames;
import io.connlens.api.FindingType;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** UNPOOLED_CONNECTIONS: physical connections opened without a pool, counted per site over a sliding window, on a fake timeline. */
class UnpooledConnectionDetectorTest {
  private static final long MS = 1_000_000L;
  private static final long SECOND = 1000 * MS;
  /** Where the fake timeline starts: any nanoTime value, negative ones included. */
  private static final long T0 = -5 * SECOND;

  private final FindingStore store = new FindingStore(System::currentTimeMillis);
  // production's default capture: the unpooled leases are captured all the same
  private final LeaseRegistry registry = new LeaseRegistry(new SiteCapture(SiteCapture.Mode.SAMPLED, 1 << 20),
      Frames.STACK_FRAMES, Modules.pools(), System::currentTimeMillis);
  /** 10 a second over 10 s: 100 connections in the window. */
  private final UnpooledConnectionDetector detector = new UnpooledConnectionDetector(store, 10, 10 * SECOND);

  @Test
  void aSiteOpeningConnectionsAtTheThresholdRateIsReportedWithItsRate() {
    // given 100 DriverManager connections in 5 s from OrderService.export, each held 3 ms
    closeAtExportSite(100, T0, 50 * MS, 3 * MS);
    // when the scan runs
    detector.scan(T0 + 5 * SECOND);
    // then one finding at that site, with the rate
    Finding f = only();
    assertThat(f.site().topFrame()).startsWith("com.example.OrderService.export(");
    assertThat(f.severity()).isEqualTo(io.connlens.api.Severity.WARNING);
    assertThat(f.pool()).isNull();
    assertThat(f.unpooledRate().connections()).isEqualTo(100);
    assertThat(f.unpooledRate().windowMillis()).isEqualTo(10_000);
    assertThat(f.unpooledRate().perSecond()).isEqualTo(10);
    assertThat(f.unpooledRate().meanHeldMicros()).isEqualTo(3000);
    assertThat(f.message()).isEqualTo("no connection pooling: 100 physical connections opened and closed within"
        + " 10.0 s from one site (unpooled.threshold 10 a second), each held 3 ms on average; use a pool such as HikariCP");
  }

  @Test
  void aSiteBelowTheThresholdIsNotReported() {
    closeAtExportSite(99, T0, 50 * MS, 3 * MS);
    detector.scan(T0 + 5 * SECOND);
    assertThat(unpooled()).isEmpty();
  }

  @Test
  void connectionsOutsideTheWindowDoNotCount() {
    // given 60 connections, then 60 more 12 s later: never 100 within 10 s
    closeAtExportSite(60, T0, 10 * MS, MS);
    detector.scan(T0 + SECOND);
    closeAtExportSite(60, T0 + 12 * SECOND, 10 * MS, MS);
    detector.scan(T0 + 13 * SECOND);
    assertThat(unpooled()).isEmpty();
  }

  @Test
  void theWindowSlidesOverConnectionsHandedOverInEarlierScans() {
    // given 60 connections, a scan, then 60 more 3 s later: 120 within 10 s
    closeAtExportSite(60, T0, 10 * MS, MS);
    detector.scan(T0 + SECOND);
    closeAtExportSite(60, T0 + 3 * SECOND, 10 * MS, MS);
    detector.scan(T0 + 4 * SECOND);
    assertThat(only().unpooledRate().connections()).isEqualTo(120);
  }

  @Test
  void eachSiteIsCountedOnItsOwn() {
    // given 60 connections from each of two sites in the same seconds: 120 in all, neither site at 100
    closeAtExportSite(60, T0, 10 * MS, MS);
    closeAtAnotherSite(60, T0, 10 * MS, MS);
    detector.scan(T0 + SECOND);
    assertThat(unpooled()).isEmpty();
  }

  @Test
  void aSiteThatGoesOnIsReportedOncePerWindow() {
    // given 40 connections a second for 25 s, scanned every second
    for (int s = 0; s < 25; s++) {
      closeAtExportSite(40, T0 + s * SECOND, 25 * MS, MS);
      detector.scan(T0 + (s + 1) * SECOND);
    }
    // then one finding, one occurrence for each 10 s window: at 3 s, 13 s and 23 s
    assertThat(only().count()).isEqualTo(3);
    // the window moves in tenths of itself: the second just begun may not have a connection yet
    assertThat(only().unpooledRate().connections()).isBetween(360L, 400L);
  }

  @Test
  void aPoolsLeasesNeverCountEvenWhenTheirBorrowOpenedAConnection() {
    // given a pool whose every borrow opened a physical connection (a pool that keeps none idle)
    TestPool pool = new TestPool("orders-pool", null);
    DataSourceInfo info = registry.source(pool);
    info.resolveName(pool);
    for (int i = 0; i < 200; i++) {
      Lease lease = OrderService.export(() -> registry.open(new Object(), info, null, Thread.currentThread(), true));
      detector.closed(lease, T0 + i * MS, MS);
    }
    // and a DriverManager lease that opened none (a driver connlens could not see, taken as physical by the
    // tracker itself; here: a lease the registry was told opened nothing)
    for (int i = 0; i < 200; i++) {
      Lease lease = OrderService.export(
          () -> registry.open(new Object(), DataSourceInfo.DRIVER_MANAGER, null, Thread.currentThread(), false));
      detector.closed(lease, T0 + i * MS, MS);
    }
    detector.scan(T0 + SECOND);
    assertThat(unpooled()).isEmpty();
  }

  @Test
  void leasesClosedThroughTheRegistryAreCounted() {
    // given the detector listening to the registry, as the agent wires it
    registry.addListener(detector);
    for (int i = 0; i < 100; i++) {
      Object connection = new Object();
      OrderService.export(() -> registry.open(connection, DataSourceInfo.DRIVER_MANAGER, "jdbc:h2:mem:x",
          Thread.currentThread(), true));
      registry.close(connection);
    }
    // when the scan runs just after
    detector.scan(System.nanoTime());
    // then
    assertThat(only().unpooledRate().connections()).isEqualTo(100);
    assertThat(only().database()).isEqualTo("jdbc:h2:mem:x");
  }

  @Test
  void aSiteThatStoppedLeavesTheTableAndIsReportedAgainWhenItStartsAgain() {
    closeAtExportSite(100, T0, 10 * MS, MS);
    detector.scan(T0 + SECOND);
    detector.scan(T0 + 30 * SECOND); // a quiet window: the site goes
    closeAtExportSite(100, T0 + 31 * SECOND, 10 * MS, MS);
    detector.scan(T0 + 32 * SECOND);
    assertThat(only().count()).isEqualTo(2);
    assertThat(detector.droppedSites()).isZero();
  }

  private void closeAtExportSite(int n, long start, long every, long held) {
    for (int i = 0; i < n; i++) {
      Lease lease = OrderService.export(this::unpooledLease);
      detector.closed(lease, start + i * every, held);
    }
  }

  /** Sites at OrderService.exportInSteps, a line of its own. */
  private void closeAtAnotherSite(int n, long start, long every, long held) {
    for (int i = 0; i < n; i++) {
      Lease lease = OrderService.exportInSteps(1, this::unpooledLease);
      detector.closed(lease, start + i * every, held);
    }
  }

  private Lease unpooledLease() {
    return registry.open(new Object(), DataSourceInfo.DRIVER_MANAGER, null, Thread.currentThread(), true);
  }

  private List<Finding> unpooled() {
    return store.findings().stream().filter(f -> f.type() == FindingType.UNPOOLED_CONNECTIONS)
        .collect(Collectors.toList());
  }

  private Finding only() {
    List<Finding> found = unpooled();
    assertThat(found).hasSize(1);
    return found.get(0);
  }
}
