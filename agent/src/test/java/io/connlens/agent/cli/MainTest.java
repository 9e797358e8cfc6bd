package io.connlens.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutArgumentsItExplainsHowToUseTheAgentAndListsEveryVerb() {
    assertThat(run()).isZero();
    assertThat(out()).contains("-javaagent:connlens-agent.jar")
        .contains("list", "attach", "leases", "watch", "report", "pools", "config", "version");
  }

  @Test
  void helpIsTheSameUsage() {
    assertThat(run("--help")).isZero();
    assertThat(out()).contains("Commands:").contains("leases");
  }

  @Test
  void configListsEveryKey() {
    assertThat(run("config")).isZero();
    assertThat(out()).contains("leak.threshold").contains("fail.on").contains("report");
  }

  @Test
  void versionSaysTheAgentsVersion() {
    assertThat(run("--version")).isZero();
    assertThat(out()).startsWith("connlens ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"list", "attach", "leases", "watch", "report", "pools", "config", "version"})
  void everyVerbHasItsOwnHelp(String verb) {
    assertThat(run(verb, "--help")).isZero();
    assertThat(out()).contains("Usage: connlens " + verb);
  }

  @Test
  void anUnknownVerbIsAUsageErrorOnStandardErrorWithASuggestion() {
    assertThat(run("lisst")).isEqualTo(2);
    assertThat(err()).contains("'lisst'").contains("connlens list");
    assertThat(out()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"leases", "watch", "report", "pools", "attach"})
  void aVerbOnAJvmWithoutItsPidIsAUsageError(String verb) {
    assertThat(run(verb)).isEqualTo(2);
    assertThat(err()).contains("PID");
  }

  @Test
  void reportHtmlMakesThePageOfJsonReports(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("connlens-1.json");
    Files.writeString(json, "{\"schema\":\"connlens.report/v1\",\"summary\":{\"pid\":1,\"failed\":false}}");
    Path html = dir.resolve("out/report.html");

    assertThat(run("report", "--html", json.toString(), "--out", html.toString())).isEqualTo(0);

    assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("passed");
    assertThat(err()).contains("HTML report of 1 report written to " + html.toAbsolutePath());
  }

  @Test
  void reportHtmlOfAFileThatIsNoReportSaysSo(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("other.json");
    Files.writeString(json, "{\"name\":\"not ours\"}");
    assertThat(run("report", "--html", json.toString())).isEqualTo(1);
    assertThat(err()).contains(json + " is not a connlens.report/v1 report");
    assertThat(run("report", "--html", dir.resolve("missing.json").toString())).isEqualTo(1);
    assertThat(err()).contains("no such file: " + dir.resolve("missing.json"));
  }

  @Test
  void reportTakesAPidOrHtmlNotBoth() {
    assertThat(run("report", "42", "--html", "r.json")).isEqualTo(2);
    assertThat(err()).contains("not both");
  }

  @Test
  void aPidThatIsNoNumberIsAUsageError() {
    assertThat(run("leases", "my-app")).isEqualTo(2);
    assertThat(err()).contains("my-app");
  }

  @Test
  void aProcessThatDoesNotExistIsAFailureThatSaysSo() {
    assertThat(run("leases", String.valueOf(Long.MAX_VALUE))).isEqualTo(1);
    assertThat(err()).contains("no process " + Long.MAX_VALUE);
  }

  @Test
  void attachRefusesAMistypedKeyBeforeItAttaches() {
    assertThat(run("attach", String.valueOf(ProcessHandle.current().pid()), "leak.treshold=5s")).isEqualTo(2);
    assertThat(err()).contains("leak.treshold").contains("nothing was attached");
  }

  @Test
  void attachingToItselfIsRefused() {
    assertThat(run("leases", String.valueOf(ProcessHandle.current().pid()))).isEqualTo(1);
    assertThat(err()).contains("this command itself");
  }

  @Test
  void watchRefusesANegativeFrameCount() {
    assertThat(run("watch", "1", "--count", "-1")).isEqualTo(2);
    assertThat(err()).contains("--count");
  }

  @Test
  void listShowsAJvmsMainClassWithoutItsArguments() {
    assertThat(ListCommand.mainOf("com.acme.Main jdbc:postgresql://db/orders?password=secret"))
        .isEqualTo("com.acme.Main ...");
    assertThat(ListCommand.mainOf("app.jar")).isEqualTo("app.jar");
    assertThat(ListCommand.mainOf("")).isEqualTo("?");
  }
}
