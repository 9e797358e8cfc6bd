package io.connlens.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The line that compares a pool's need with its size: one test per case it tells apart. */
class PoolSizingTest {

  @Test
  void aPoolThatNeverNeededItsSizeSaysItsPeakAndTheIdleConnectionsHoldingServerSlots() {
    // given a pool of 25 holding 25 connections, at most 4 used at once
    String line = PoolSizing.line(pool(25, 25, sizing(4, 60_000, 0, 0, 0, 0)));
    assertThat(line).isEqualTo("peak 4 of 25; 21 idle connections hold server slots");
  }

  @Test
  void aPoolThatHoldsNoMoreConnectionsThanItsPeakSaysOnlyItsPeak() {
    // given a pool of 10 that opened only the 3 it needed (HikariCP with a low minimumIdle), or that was closed
    assertThat(PoolSizing.line(pool(10, 3, sizing(3, 60_000, 0, 0, 0, 0)))).isEqualTo("peak 3 of 10");
    assertThat(PoolSizing.line(pool(10, 0, sizing(3, 60_000, 0, 0, 0, 0)))).isEqualTo("peak 3 of 10");
  }

  @Test
  void oneSpareConnectionIsSaidInTheSingular() {
    assertThat(PoolSizing.line(pool(5, 5, sizing(4, 1000, 0, 0, 0, 0))))
        .isEqualTo("peak 4 of 5; 1 idle connection holds a server slot");
  }

  @Test
  void aPoolWhoseMaximumIsUnknownSaysItsPeakAndNothingOfSpareConnections() {
    // given a pool whose gauges say nothing (Agroal without metrics after close, an old version)
    assertThat(PoolSizing.line(pool(-1, 8, sizing(2, 0, 0, 0, 0, 0))))
        .isEqualTo("peak 2 (maximum size unknown)");
  }

  @Test
  void aPoolAtItsMaximumPartOfTheTimeSaysHowMuchAndItsWaits() {
    // given a pool of 10 full for 38% of the run, with 12 slow borrows up to 2.1 s
    String line = PoolSizing.line(pool(10, 10, sizing(10, 100_000, 38_000, 12, 9_000, 2_100)));
    assertThat(line)
        .isEqualTo("at maximum 38% of the time (peak 10 of 10); 12 borrows waited over 1 ms, up to 2.1 s (9.0 s in all)");
  }

  @Test
  void aPoolAtItsMaximumAllTheTimeSaysSo() {
    String line = PoolSizing.line(pool(10, 10, sizing(10, 30_000, 30_000, 1, 5_000, 5_000)));
    assertThat(line).isEqualTo("at maximum all the time (peak 10 of 10): too small for its load, or its connections"
        + " are held too long; 1 borrow waited over 1 ms, up to 5.0 s");
  }

  @Test
  void aPoolThatReachedItsMaximumBetweenTwoSamplesSaysItWasThereOnlyBriefly() {
    // given a peak at the maximum that no once-a-second sample saw
    assertThat(PoolSizing.line(pool(10, 10, sizing(10, 30_000, 0, 0, 0, 0))))
        .isEqualTo("peak 10 of 10, at maximum only briefly");
  }

  @Test
  void waitsAreSaidWhateverThePeak() {
    // given a pool never full whose borrows waited for new connections to open
    assertThat(PoolSizing.line(pool(10, 4, sizing(4, 5_000, 0, 4, 120, 45))))
        .isEqualTo("peak 4 of 10; 4 borrows waited over 1 ms, up to 45 ms (120 ms in all)");
  }

  @Test
  void aPoolThatHandedOutNoLeaseSaysSo() {
    ReportSnapshot.Pool pool = new ReportSnapshot.Pool("orders", "hikaricp", null, new ReportSnapshot.Counts(0, 0, 0, 0),
        new ReportSnapshot.Counts(5, 0, 5, 0), 10, 0, 5, ReportSnapshot.Sizing.NONE);
    assertThat(PoolSizing.line(pool)).isEqualTo("no leases yet; 5 idle connections hold server slots");
  }

  @Test
  void aShareIsNeverRoundedToNoneOrAll() {
    assertThat(PoolSizing.percent(1, 1000)).isEqualTo("under 1%");
    assertThat(PoolSizing.percent(999, 1000)).isEqualTo("99%");
    assertThat(PoolSizing.percent(0, 0)).isEqualTo("0%");
  }

  private static ReportSnapshot.Sizing sizing(long peak, long observedMillis, long atMaxMillis, long waits,
      long waitedMillis, long longestMillis) {
    return new ReportSnapshot.Sizing(peak, observedMillis, atMaxMillis, waits, waitedMillis, longestMillis);
  }

  private static ReportSnapshot.Pool pool(int maxSize, long physicalOpen, ReportSnapshot.Sizing sizing) {
    return new ReportSnapshot.Pool("orders", "hikaricp", null, new ReportSnapshot.Counts(100, 100, 0, 0),
        new ReportSnapshot.Counts(physicalOpen, 0, physicalOpen, 0), maxSize, -1, -1, sizing);
  }
}
