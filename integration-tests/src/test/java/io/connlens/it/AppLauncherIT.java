package io.connlens.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The command lines {@link AppLauncher} builds for the OpenTelemetry placements, without starting a
 * JVM: where each {@code -javaagent} goes, and connlens's settings in extension mode. The OTel ITs
 * rely on this order; a mistake here would make "both orders" test one order twice.
 */
@DisplayName("App launcher command lines")
class AppLauncherIT {
  private static final Path REPORT = Path.of("/tmp/run/connlens-report.json");
  private static final String URL = "jdbc:h2:mem:app";

  private final Target target = new Target(Jdk.underTest().get(0), TestDatabase.H2, null);
  private final List<String> otel = List.of("-javaagent:/otel/opentelemetry-javaagent.jar", "-Dotel.service.name=s");

  @Test
  void theOtelAgentBeforeOrAfterConnlens() {
    String connlens = "-javaagent:" + AppLauncher.agentJar() + "=report=" + REPORT + ",leak.threshold=1s";
    List<String> before = launcher().agentArgs("leak.threshold=1s")
        .otelAgent(OtelAgent.Placement.BEFORE_CONNLENS, otel).command(REPORT, URL);
    assertThat(before).containsSubsequence(otel.get(0), otel.get(1), connlens, "-cp");
    List<String> after = launcher().agentArgs("leak.threshold=1s")
        .otelAgent(OtelAgent.Placement.AFTER_CONNLENS, otel).command(REPORT, URL);
    assertThat(after).containsSubsequence(connlens, otel.get(0), otel.get(1), "-cp");
    assertThat(after.subList(after.indexOf("-cp"), after.size())).doesNotContain(otel.get(0));
  }

  @Test
  void connlensAsTheOtelAgentsExtensionHasItsSettingsAsSystemProperties() {
    List<String> command = launcher().agentArgs("fail.on=leak,N_PLUS_ONE,leak.threshold=1s")
        .otelAgent(OtelAgent.Placement.CONNLENS_AS_EXTENSION, otel).command(REPORT, URL);
    assertThat(command).noneMatch(option -> option.startsWith("-javaagent:" + AppLauncher.agentJar()));
    assertThat(command).containsSubsequence(otel.get(0), "-Dotel.javaagent.extensions=" + AppLauncher.agentJar(),
        "-Dconnlens.report=" + REPORT, "-Dconnlens.fail.on=leak,N_PLUS_ONE", "-Dconnlens.leak.threshold=1s", "-cp");
  }

  @Test
  void theOtelAgentAloneStartsNoConnlens() {
    List<String> command = launcher().otelAgent(OtelAgent.Placement.ALONE, otel).command(REPORT, URL);
    assertThat(command).noneMatch(option -> option.contains(AppLauncher.agentJar().toString()));
    assertThat(command).containsSubsequence(otel.get(0), "-cp");
    assertThat(command.subList(command.size() - 2, command.size())).containsExactly("correct", URL);
  }

  private AppLauncher launcher() {
    return AppLauncher.of(TestApp.PLAIN_JDBC, target).scenario("correct");
  }
}
