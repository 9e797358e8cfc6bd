package io.connlens.agent.export.systemlogger;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.api.Severity;
import java.lang.System.Logger.Level;
import org.junit.jupiter.api.Test;

class SystemLoggerLogTest {

  @Test
  void logsAtTheLevelOfTheFindingsSeverity() {
    assertThat(SystemLoggerLog.level(Severity.ERROR)).isEqualTo(Level.ERROR);
    assertThat(SystemLoggerLog.level(Severity.WARNING)).isEqualTo(Level.WARNING);
    assertThat(SystemLoggerLog.level(Severity.INFO)).isEqualTo(Level.INFO);
  }
}
