package io.connlens.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A pool's clock reading that cannot be a past instant is no time, never a wrong one. */
class PoolClockTest {
  @Test
  void aClockReadingInTheFutureOrNeverSetIsNoTime() {
    assertThat(PoolClock.epochMillisOfNanoTime(System.nanoTime() + 60_000_000_000L)).isEqualTo(-1);
    assertThat(PoolClock.epochMillisOfNanoTime(0)).isEqualTo(-1);
    assertThat(PoolClock.epochMillisAgo(-5)).isEqualTo(-1);
  }
}
