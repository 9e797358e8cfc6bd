package io.connlens.agent.detection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HandOffQueueTest {
  @Test
  void refusesAndCountsWhatArrivesWhileItIsFull() {
    // given a queue filled to its capacity
    HandOffQueue<Integer> queue = new HandOffQueue<>();
    for (int i = 0; i < HandOffQueue.CAPACITY; i++) {
      queue.offer(i);
    }
    // when two more arrive, then one is taken and another arrives
    queue.offer(-1);
    queue.offer(-2);
    assertThat(queue.poll()).isZero();
    queue.offer(-3);
    // then the two offered while full were dropped, and the one offered after room was made is kept last
    assertThat(queue.dropped()).isEqualTo(2);
    Integer last = null;
    int taken = 0;
    for (Integer item; (item = queue.poll()) != null; ) {
      last = item;
      taken++;
    }
    assertThat(taken).isEqualTo(HandOffQueue.CAPACITY);
    assertThat(last).isEqualTo(-3);
  }
}
