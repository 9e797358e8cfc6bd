package io.connlens.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.TestPool;
import io.connlens.agent.modules.Modules;
import io.connlens.agent.testing.Frames;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** What the registry measures of a pool's need: its peak of open leases, its borrows' waits, its time at maximum. */
class PoolSizingEvidenceTest {
  private static final long MS = 1_000_000L;

  private final LeaseRegistry registry =
      new LeaseRegistry(new SiteCapture(SiteCapture.Mode.OFF, 1), Frames.STACK_FRAMES, Modules.pools(), System::currentTimeMillis);

  @Test
  void thePeakIsTheMostLeasesOpenAtOnce() {
    // given two leases open, one closed, then a third opened
    LeasePeak peak = new LeasePeak();
    peak.opened();
    peak.opened();
    peak.ended();
    peak.opened();
    // then two were open at once at most, and two are open now
    assertThat(peak.peak()).isEqualTo(2);
    assertThat(peak.open()).isEqualTo(2);
  }

  @Test
  void thePeakOfLeasesTakenOnManyThreadsAtOnceCountsEveryOneOfThem() throws InterruptedException {
    // given 8 threads that each take a lease, wait until all hold one, then return it
    LeasePeak peak = new LeasePeak();
    int threads = 8;
    CountDownLatch allHold = new CountDownLatch(threads);
    List<Thread> started = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> {
        peak.opened();
        allHold.countDown();
        try {
          allHold.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        peak.ended();
      });
      t.start();
      started.add(t);
    }
    for (Thread t : started) {
      t.join();
    }
    // then
    assertThat(peak.peak()).isEqualTo(threads);
    assertThat(peak.open()).isZero();
  }

  @Test
  void aPoolsPeakFollowsItsLeasesThroughOpenCloseAndGarbageCollection() {
    DataSourceInfo orders = pool("orders");
    Object a = new Object();
    Object b = new Object();
    registry.open(a, orders, null, Thread.currentThread());
    registry.open(b, orders, null, Thread.currentThread());
    registry.close(a);
    registry.close(a); // a second close is no second end
    registry.open(new Object(), orders, null, Thread.currentThread());

    PoolCounts counts = registry.pools().get(0);
    assertThat(counts.leasePeak().peak()).isEqualTo(2);
    assertThat(counts.leasePeak().open()).isEqualTo(2);
  }

  @Test
  void onlyBorrowsLongerThanTheThresholdAreWaits() {
    // given borrows of 0.2 ms, exactly the threshold, 3 ms and 40 ms
    BorrowWaits waits = new BorrowWaits();
    waits.record(MS / 5);
    waits.record(BorrowWaits.THRESHOLD_NANOS);
    waits.record(3 * MS);
    waits.record(40 * MS);
    // then the two slow ones, their total and the longest
    assertThat(waits.count()).isEqualTo(2);
    assertThat(waits.totalNanos()).isEqualTo(43 * MS);
    assertThat(waits.longestNanos()).isEqualTo(40 * MS);
  }

  @Test
  void aPoolsWaitsAreCountedUnderItsName() {
    DataSourceInfo orders = pool("orders");
    registry.borrowed(orders, 5 * MS);
    registry.borrowed(orders, MS / 10);
    assertThat(registry.pools()).singleElement().satisfies(counts -> {
      assertThat(counts.name()).isEqualTo("orders");
      assertThat(counts.waits().count()).isEqualTo(1);
      assertThat(counts.waits().longestNanos()).isEqualTo(5 * MS);
    });
  }

  @Test
  void theTimeAtMaximumIsTheSampledIntervalsThatEndedWithThePoolFull() {
    // given samples a second apart: not full, full, full, not full
    TimeAtMax time = new TimeAtMax();
    time.sample(0, 3, 10);
    time.sample(1000 * MS, 10, 10);
    time.sample(2000 * MS, 11, 10); // one more: a returned connection handed to a waiting thread inside close()
    time.sample(3000 * MS, 9, 10);
    // then 3 s observed (from the first sample on), 2 s of it at maximum
    assertThat(time.observedNanos()).isEqualTo(3000 * MS);
    assertThat(time.atMaxNanos()).isEqualTo(2000 * MS);
  }

  @Test
  void nothingIsObservedWhileThePoolDoesNotSayItsMaximum() {
    TimeAtMax time = new TimeAtMax();
    time.sample(0, 5, -1);
    time.sample(1000 * MS, 5, -1);
    time.sample(2000 * MS, 5, 5); // known from now on
    time.sample(3000 * MS, 5, 5);
    assertThat(time.observedNanos()).isEqualTo(1000 * MS);
    assertThat(time.atMaxNanos()).isEqualTo(1000 * MS);
  }

  @Test
  void samplingAPoolWithoutGaugesObservesNothing() {
    // given a pool whose support reads no maximum size (the test pool has no gauges)
    registry.open(new Object(), pool("orders"), null, Thread.currentThread());
    registry.samplePools(0);
    registry.samplePools(1000 * MS);
    assertThat(registry.pools().get(0).timeAtMax().observedNanos()).isZero();
  }

  @Test
  void eachServersOpenConnectionsAreSplitByThePoolThatOpenedThem() {
    // given two pools and DriverManager on one server, one pool on another, and one closed connection
    registry.openPhysical(new Object(), "jdbc:postgresql://db:5432/shop", null, "orders", "filler");
    registry.openPhysical(new Object(), "jdbc:postgresql://db:5432/shop", null, "orders", "filler");
    registry.openPhysical(new Object(), "jdbc:postgresql://db:5432/shop", null, "billing", "filler");
    registry.openPhysical(new Object(), "jdbc:postgresql://db:5432/shop", null, null, "main");
    Object closed = new Object();
    registry.openPhysical(closed, "jdbc:postgresql://db:5432/shop", null, null, "main");
    registry.closePhysical(closed);
    registry.openPhysical(new Object(), "jdbc:h2:mem:cache", null, "cache", "filler");

    var byServer = registry.openPhysicalByServer();

    assertThat(byServer).containsOnlyKeys("db:5432/shop", "h2:mem:cache");
    assertThat(byServer.get("db:5432/shop").byPool()).containsExactly(
        java.util.Map.entry("billing", 1L), java.util.Map.entry("orders", 2L));
    assertThat(byServer.get("db:5432/shop").direct()).isEqualTo(1);
    assertThat(byServer.get("h2:mem:cache").byPool()).containsOnlyKeys("cache");
    assertThat(byServer.get("h2:mem:cache").direct()).isZero();
  }

  @Test
  void inSampledModeALeaseThatOpenedItsOwnPhysicalConnectionIsAlwaysCaptured() {
    // given sampling so rare that no sampled lease is ever captured
    LeaseRegistry sampled = new LeaseRegistry(new SiteCapture(SiteCapture.Mode.SAMPLED, 1_048_576), Frames.STACK_FRAMES,
        Modules.pools(), System::currentTimeMillis);
    DataSourceInfo orders = sampled.source(new TestPool("orders", null));
    orders.resolveName(new TestPool("orders", null));
    // when a DriverManager connection, a pool's lease whose borrow opened a connection, and a plain lease open
    Lease unpooled = sampled.open(new Object(), DataSourceInfo.DRIVER_MANAGER, null, Thread.currentThread(), true);
    Lease pooled = sampled.open(new Object(), orders, null, Thread.currentThread(), true);
    Lease plain = sampled.open(new Object(), DataSourceInfo.DRIVER_MANAGER, null, Thread.currentThread(), false);
    // then only the unpooled one paid for its site
    assertThat(unpooled.opensPhysical()).isTrue();
    assertThat(unpooled.capturesSites()).isTrue();
    assertThat(pooled.opensPhysical()).isFalse();
    assertThat(pooled.capturesSites()).isFalse();
    assertThat(plain.capturesSites()).isFalse();
  }

  @Test
  void withCaptureOffNotEvenAnUnpooledLeaseIsCaptured() {
    Lease unpooled = registry.open(new Object(), DataSourceInfo.DRIVER_MANAGER, null, Thread.currentThread(), true);
    assertThat(unpooled.opensPhysical()).isTrue();
    assertThat(unpooled.capturesSites()).isFalse();
  }

  private DataSourceInfo pool(String name) {
    TestPool pool = new TestPool(name, null);
    DataSourceInfo info = registry.source(pool);
    info.resolveName(pool);
    return info;
  }
}
