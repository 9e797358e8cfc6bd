package io.connlens.agent.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JvmShutdownTest {
  @Test
  void aRunningJvmIsNotShuttingDown() {
    // asked twice: the probe must leave nothing behind that could change the second answer
    assertThat(JvmShutdown.inProgress()).isFalse();
    assertThat(JvmShutdown.inProgress()).isFalse();
  }
}
