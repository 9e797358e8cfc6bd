package io.connlens.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.detection.Finding;
import io.connlens.agent.detection.FindingStore;
import io.connlens.agent.detection.LeakDetector;
import io.connlens.agent.pool.PoolGauges;
import io.connlens.agent.pool.PoolSupport;
import io.connlens.agent.pool.PoolSupports;
import io.connlens.agent.registry.LeaseEnd;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.testing.Frames;
import io.connlens.api.FindingType;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Leases the pool ends: the application asks it to (evict, invalidate), or it closes the physical
 * connection under a lease the application still holds (abandoned-connection removal, shutdown).
 */
class PoolEndedLeasesTest {
  /** A pool whose leases say which physical connection they ride. */
  static final class FakePool {}

  /** What the fake pool hands out. */
  static final class FakeLease {
    final Object physical;

    FakeLease(Object physical) {
      this.physical = physical;
    }
  }

  static final PoolSupport FAKE = new PoolSupport() {
    @Override
    public String kind() {
      return "fake";
    }

    @Override
    public boolean isPool(Class<?> dataSourceClass) {
      return dataSourceClass == FakePool.class;
    }

    @Override
    public String configuredName(Object pool) {
      return "orders-pool";
    }

    @Override
    public String jdbcUrl(Object pool) {
      return "jdbc:h2:mem:orders";
    }

    @Override
    public String ownerName(Object owner) {
      return "orders-pool";
    }

    @Override
    public Object physicalOf(Object connection) {
      return connection instanceof FakeLease ? ((FakeLease) connection).physical : null;
    }

    @Override
    public PoolGauges gauges(Object pool) {
      return PoolGauges.UNKNOWN;
    }

    @Override
    public List<String> packagePrefixes() {
      return List.of(FakePool.class.getName());
    }
  };

  private final LeaseRegistry registry = new LeaseRegistry(new SiteCapture(SiteCapture.Mode.ALL, 1),
      Frames.STACK_FRAMES, new PoolSupports(List.of(FAKE)), System::currentTimeMillis);
  private final ConnectionTracker tracker = new ConnectionTracker(registry, null, status -> {}, error -> {
    throw new AssertionError("unexpected suppressed error", error);
  });
  private final FindingStore store = new FindingStore(System::currentTimeMillis);
  private final LeakDetector leaks = new LeakDetector(registry, store, Long.MAX_VALUE / 4, Frames.HOLDERS);
  private final FakePool pool = new FakePool();

  /** The pool opens a physical connection inside a borrow and hands out a lease over it. */
  private FakeLease borrow() {
    Object physical = new Object();
    Object acquire = tracker.acquireEnter(pool, null);
    Object connect = tracker.connectEnter(new Object(), null);
    tracker.connectExit(null, "jdbc:h2:mem:orders", new Properties(), physical, null, connect);
    FakeLease lease = new FakeLease(physical);
    tracker.acquireExit(pool, null, lease, null, acquire);
    return lease;
  }

  @Test
  void aLeaseKnowsThePhysicalConnectionUnderIt() {
    FakeLease lease = borrow();
    assertThat(registry.leaseOf(lease).physical()).isNotNull();
    assertThat(registry.leaseOf(lease).physical().pool()).isEqualTo("orders-pool");
  }

  @Test
  void thePhysicalConnectionClosedUnderAnOpenLeaseEndsItByThePoolAndTheApplicationMayStillCloseIt() {
    // given a lease whose physical connection the pool closes (an eviction of a broken connection)
    FakeLease lease = borrow();
    tracker.connectionClosed(lease.physical, null);
    assertThat(registry.leaseOf(lease).poolEnd()).isEqualTo(LeaseEnd.POOL);
    // when the application closes it after all
    tracker.connectionClosed(lease, null);
    leaks.finishAtExit(System.nanoTime());
    // then it was no leak
    assertThat(registry.leasesClosed()).isEqualTo(1);
    assertThat(store.findings()).isEmpty();
  }

  @Test
  void aLeaseTheShutDownPoolClosedIsALeakEndedByTheShutdownNotOpenAtExit() {
    // given a lease never closed, and the pool shut down, closing its physical connection
    FakeLease lease = borrow();
    tracker.poolShutdown(pool);
    tracker.connectionClosed(lease.physical, null);
    // when the JVM exits with the application still holding it
    leaks.finishAtExit(System.nanoTime());
    // then
    assertThat(store.findings()).singleElement().satisfies(finding -> {
      assertThat(finding.type()).isEqualTo(FindingType.LEAK_UNCLOSED);
      assertThat(finding.poolEnd()).isEqualTo(LeaseEnd.POOL_SHUTDOWN);
      assertThat(finding.message()).contains("never closed by the application")
          .contains("when the pool shut down");
      assertThat(finding.pool()).isEqualTo("orders-pool");
    });
  }

  @Test
  void aLeaseWhosePoolAShutdownHookClosedWasStillOpenWhenTheJvmBeganToExit() {
    // given a lease never closed, and the pool closed as the JVM exits (Spring closing its context in
    // its shutdown hook), which closes its physical connection before or after connlens's own hook
    FakeLease lease = borrow();
    registry.source(pool).markShutDown(true);
    tracker.connectionClosed(lease.physical, null);
    // when
    leaks.finishAtExit(System.nanoTime());
    // then as if connlens's hook had run first: open at exit, whichever ran first
    assertThat(store.findings()).extracting(Finding::type).containsExactly(FindingType.OPEN_AT_EXIT);
  }

  @Test
  void aLeaseStillOpenOnAnOpenPhysicalConnectionIsOpenAtExit() {
    borrow();
    leaks.finishAtExit(System.nanoTime());
    assertThat(store.findings()).extracting(Finding::type).containsExactly(FindingType.OPEN_AT_EXIT);
  }

  @Test
  void aLeaseTheApplicationAskedThePoolToEndIsClosedUnlessTheCallThrew() {
    FakeLease refused = borrow();
    tracker.poolEndsLease(refused, new IllegalStateException("Cannot invalidate connection"));
    FakeLease invalidated = borrow();
    tracker.poolEndsLease(invalidated, null);
    assertThat(registry.leaseOf(refused)).isNotNull();
    assertThat(registry.leaseOf(invalidated)).isNull();
    assertThat(registry.leasesClosed()).isEqualTo(1);
  }
}
