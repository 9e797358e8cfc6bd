package io.connlens.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PoolTimelineTest {
  private final AtomicLong now = new AtomicLong();
  private final PoolTimeline timeline = new PoolTimeline(now::get, 1000);

  private static ReportSnapshot.Pool pool(String name, int active, int idle, int waiting) {
    return new ReportSnapshot.Pool(name, "hikaricp", null, new ReportSnapshot.Counts(0, 0, active, 0),
        new ReportSnapshot.Counts(0, 0, 0, 0), 10, active, idle, waiting, ReportSnapshot.Sizing.NONE);
  }

  private void tick(ReportSnapshot.Pool... pools) {
    now.addAndGet(1000);
    timeline.onPoolSnapshot(List.of(pools), List.of());
  }

  @Test
  void eachSnapshotIsASampleOfUsedIdleMaxAndWaiting() {
    tick(pool("orders", 1, 9, 0));
    tick(pool("orders", 10, 0, 3));
    PoolTimeline.Series orders = timeline.series().get(0);
    assertThat(orders.pool).isEqualTo("orders");
    assertThat(orders.intervalMillis).isEqualTo(1000);
    assertThat(orders.samples).containsExactly(new long[] {1000, 1, 9, 10, 0}, new long[] {2000, 10, 0, 10, 3});
  }

  @Test
  void aLongRunKeepsAtMostTheBoundHalvingItsResolution() {
    // given a run three times as long as the bound, a sample a second
    for (int i = 0; i < PoolTimeline.MAX_SAMPLES * 3; i++) {
      tick(pool("orders", i % 10, 0, 0));
    }
    // then the samples stay bounded, cover the whole run, and are spaced evenly at the coarser interval
    PoolTimeline.Series orders = timeline.series().get(0);
    assertThat(orders.samples.size()).isBetween(PoolTimeline.MAX_SAMPLES / 2, PoolTimeline.MAX_SAMPLES);
    assertThat(orders.intervalMillis).isEqualTo(4000);
    assertThat(orders.samples.get(0)[0]).isEqualTo(1000);
    assertThat(orders.samples.get(orders.samples.size() - 1)[0])
        .isGreaterThan(PoolTimeline.MAX_SAMPLES * 3 * 1000L - 4000);
    for (int i = 1; i < orders.samples.size(); i++) {
      assertThat(orders.samples.get(i)[0] - orders.samples.get(i - 1)[0]).isEqualTo(4000);
    }
  }

  @Test
  void poolsPastTheBoundAreNotFollowed() {
    ReportSnapshot.Pool[] pools = new ReportSnapshot.Pool[PoolTimeline.MAX_POOLS + 5];
    for (int i = 0; i < pools.length; i++) {
      pools[i] = pool("pool-" + i, 0, 1, 0);
    }
    tick(pools);
    assertThat(timeline.series()).hasSize(PoolTimeline.MAX_POOLS);
    assertThat(timeline.series().get(0).pool).isEqualTo("pool-0");
    // and what was not kept is counted, snapshot by snapshot
    assertThat(timeline.droppedSamples()).isEqualTo(5);
    tick(pools);
    assertThat(timeline.droppedSamples()).isEqualTo(10);
  }
}
