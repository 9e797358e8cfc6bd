package io.connlens.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void withoutArgumentsItExplainsHowToUseTheAgent() {
    assertThat(run()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("-javaagent:connlens-agent.jar").contains("config");
  }

  @Test
  void configListsEveryKey() {
    assertThat(run("config")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("leak.threshold").contains("fail.on").contains("report");
  }

  @Test
  void anUnknownCommandIsAUsageErrorOnStandardError() {
    assertThat(run("lisst")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'lisst'");
    assertThat(out.size()).isZero();
  }
}
