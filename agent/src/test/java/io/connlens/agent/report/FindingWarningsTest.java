package io.connlens.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.detection.FindingStore;
import io.connlens.api.Severity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FindingWarningsTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(printed, true, StandardCharsets.UTF_8);
  private long now = 1_700_000_000_000L;
  private final FindingStore store = new FindingStore(() -> now);
  @RegisterExtension
  final WatchedApplications apps = new WatchedApplications();
  private final RecordingLog slf4j = new RecordingLog();
  private final RecordingLog systemLogger = new RecordingLog();
  private final List<Runnable> onAgentThread = new ArrayList<>();
  private boolean exiting;

  /** The warnings as the agent wires them, with the agent's thread run by {@link #runAgentThread}. */
  private FindingWarnings warnings(String output, boolean console, int limitPerMinute) {
    WarningLimit limit = new WarningLimit(limitPerMinute);
    ConsoleSink stderr = console ? new ConsoleSink(err, limit, () -> now, null, () -> null) : null;
    FindingWarnings warnings = new FindingWarnings(LogOutput.of(output), stderr, limit, () -> now, null,
        onAgentThread::add, () -> systemLogger, () -> exiting);
    store.addListener(warnings);
    return warnings;
  }

  private void runAgentThread() {
    List<Runnable> tasks = new ArrayList<>(onAgentThread);
    onAgentThread.clear();
    tasks.forEach(Runnable::run);
  }

  @Test
  void autoPrintsOnStandardErrorWhileTheApplicationHasNoSlf4j() {
    // given
    warnings("auto", true, 20);

    // when
    apps.add(new WatchedApplication(store)).leak("HikariPool-1");
    runAgentThread();

    // then
    assertThat(lines()).first().asString().startsWith("[connlens] WARNING LEAK_SUSPECTED: connection held for");
    assertThat(slf4j.records).isEmpty();
    assertThat(systemLogger.records).isEmpty();
  }

  @Test
  void autoWritesToTheApplicationsSlf4jOnceReadyWithTheTextOfStandardError() {
    // given the same finding printed on standard error by a console sink of its own
    warnings("auto", true, 20).slf4jFound(slf4j);
    slf4j.ready = true;
    FindingStore alone = new FindingStore(() -> now);
    ByteArrayOutputStream consoleOnly = new ByteArrayOutputStream();
    alone.addListener(new ConsoleSink(new PrintStream(consoleOnly, true, StandardCharsets.UTF_8), 20, () -> now, null));

    // when
    apps.add(new WatchedApplication(store)).leak("HikariPool-1");
    apps.add(new WatchedApplication(alone)).leak("HikariPool-1");
    runAgentThread();

    // then one record, under the finding type's logger, at its severity, with the console's lines unprefixed
    assertThat(text()).isEmpty();
    assertThat(slf4j.records).hasSize(1);
    Record record = slf4j.records.get(0);
    assertThat(record.logger).isEqualTo("connlens.finding.LEAK_SUSPECTED");
    assertThat(record.severity).isEqualTo(Severity.WARNING);
    String console = consoleOnly.toString(StandardCharsets.UTF_8);
    assertThat(record.text).isEqualTo(console.replace(ConsoleSink.PREFIX, "").stripTrailing());
  }

  @Test
  void autoStaysOnStandardErrorWhenSlf4jIsNotReady() {
    // given SLF4J loaded, but not initialized, or with no provider
    warnings("auto", true, 20).slf4jFound(slf4j);

    // when
    apps.add(new WatchedApplication(store)).leak("HikariPool-1");
    runAgentThread();

    // then
    assertThat(warningLines()).hasSize(1);
    assertThat(slf4j.records).isEmpty();
  }

  @Test
  void stderrNeverWritesToTheApplicationsLogAndPrintsOnTheCallersThread() {
    // given
    warnings("stderr", true, 20).slf4jFound(slf4j);
    slf4j.ready = true;

    // when
    apps.add(new WatchedApplication(store)).leak("HikariPool-1");

    // then printed at once, as before log.output existed
    assertThat(onAgentThread).isEmpty();
    assertThat(warningLines()).hasSize(1);
    assertThat(slf4j.records).isEmpty();
  }

  @Test
  void bothWritesEachWarningToBothAndCountsItOnceAgainstTheLimit() {
    // given a limit of 1
    warnings("both", true, 1).slf4jFound(slf4j);
    slf4j.ready = true;
    WatchedApplication app = apps.add(new WatchedApplication(store));

    // when two findings arrive in one minute, then a third a minute later
    app.openAtExit("p1");
    app.openAtExit("p2");
    now += 60_000;
    app.openAtExit("p3");
    runAgentThread();

    // then the first and the third are on both outputs, and both say one was held back
    assertThat(warningLines()).hasSize(2);
    assertThat(text()).contains("pool: p1   ", "pool: p3   ").doesNotContain("pool: p2   ");
    assertThat(lines()).contains("[connlens] 1 more finding not shown (console.limit); see the report");
    assertThat(slf4j.records).extracting(r -> r.logger).containsExactly(
        "connlens.finding.OPEN_AT_EXIT", "connlens.finding", "connlens.finding.OPEN_AT_EXIT");
    assertThat(slf4j.records.get(1).text).isEqualTo("1 more finding not shown (console.limit); see the report");
    assertThat(slf4j.records.get(2).text).contains("pool: p3   ");
  }

  @Test
  void appMovesToSlf4jOnceItIsFound() {
    // given
    FindingWarnings warnings = warnings("app", true, 20);
    WatchedApplication app = apps.add(new WatchedApplication(store));
    app.openAtExit("p1");
    runAgentThread();

    // when SLF4J is found ready, and another finding comes
    warnings.slf4jFound(slf4j);
    slf4j.ready = true;
    app.openAtExit("p2");
    runAgentThread();

    // then
    assertThat(systemLogger.records).extracting(r -> r.text.contains("pool: p1   ")).containsExactly(true);
    assertThat(slf4j.records).extracting(r -> r.text.contains("pool: p2   ")).containsExactly(true);
    assertThat(text()).isEmpty();
  }

  @Test
  void consoleFalsePrintsNothingOnStandardErrorWhateverTheOutput() {
    for (String output : List.of("auto", "app", "stderr", "both")) {
      // given
      printed.reset();
      FindingStore ownStore = new FindingStore(() -> now);
      WarningLimit limit = new WarningLimit(20);
      RecordingLog log = new RecordingLog();
      log.ready = true;
      FindingWarnings warnings = new FindingWarnings(LogOutput.of(output), null, limit, () -> now, null,
          Runnable::run, () -> systemLogger, () -> false);
      warnings.slf4jFound(log);
      ownStore.addListener(warnings);

      // when
      apps.add(new WatchedApplication(ownStore)).openAtExit("p1");
      warnings.onExit(new ReportSnapshotBuilder().build(ownStore.findings()));

      // then
      assertThat(text()).as(output).isEmpty();
      assertThat(log.records).as(output).hasSize(output.equals("stderr") ? 0 : 1);
    }
  }

  @Test
  void printsOnStandardErrorWhenTheAgentsThreadHasStopped() {
    // given the JVM exiting: the loop's thread takes no more work
    WarningLimit limit = new WarningLimit(20);
    Executor stopped = task -> {
      throw new RejectedExecutionException("shut down");
    };
    FindingWarnings warnings = new FindingWarnings(LogOutput.AUTO,
        new ConsoleSink(err, limit, () -> now, null, () -> null), limit, () -> now, null, stopped, () -> systemLogger, () -> false);
    warnings.slf4jFound(slf4j);
    slf4j.ready = true;
    store.addListener(warnings);

    // when
    apps.add(new WatchedApplication(store)).openAtExit("p1");

    // then
    assertThat(warningLines()).hasSize(1);
    assertThat(slf4j.records).isEmpty();
  }

  @Test
  void theExitPrintsOnStandardErrorTheWarningsTheAgentsThreadHadNotWritten() {
    // given SLF4J ready, and a warning queued for the agent's thread, which stops before running it
    FindingWarnings warnings = warnings("auto", true, 20);
    warnings.slf4jFound(slf4j);
    slf4j.ready = true;
    apps.add(new WatchedApplication(store)).openAtExit("p1");

    // when
    warnings.onExit(new ReportSnapshotBuilder().build(store.findings()));
    runAgentThread();

    // then the warning is printed once, before the summary, and never logged
    assertThat(warningLines()).hasSize(1);
    assertThat(lines().indexOf(warningLines().get(0)))
        .isLessThan(lines().indexOf(lines().stream().filter(l -> l.startsWith("[connlens] summary:")).findFirst().orElseThrow()));
    assertThat(slf4j.records).isEmpty();
  }

  @Test
  void onceTheJvmIsExitingAWarningGoesToStandardErrorNotToALogBeingShutDown() {
    // given SLF4J ready, and System.Logger for app
    for (String output : List.of("auto", "app", "both")) {
      printed.reset();
      slf4j.records.clear();
      FindingStore ownStore = new FindingStore(() -> now);
      WarningLimit limit = new WarningLimit(20);
      FindingWarnings warnings = new FindingWarnings(LogOutput.of(output),
          new ConsoleSink(err, limit, () -> now, null, () -> null), limit, () -> now, null, Runnable::run,
          () -> systemLogger, () -> true);
      warnings.slf4jFound(slf4j);
      slf4j.ready = true;
      ownStore.addListener(warnings);

      // when a finding comes while the shutdown hooks run
      apps.add(new WatchedApplication(ownStore)).openAtExit("p1");

      // then
      assertThat(warningLines()).as(output).hasSize(1);
      assertThat(slf4j.records).as(output).isEmpty();
      assertThat(systemLogger.records).as(output).isEmpty();
    }
  }

  @Test
  void aBrokenBridgeFallsBackToStandardError() {
    // given an SLF4J bridge whose readiness check fails
    warnings("auto", true, 20).slf4jFound(new RecordingLog() {
      @Override
      public boolean ready() {
        throw new IllegalStateException("broken");
      }
    });

    // when
    apps.add(new WatchedApplication(store)).openAtExit("p1");
    runAgentThread();

    // then
    assertThat(warningLines()).hasSize(1);
  }

  @Test
  void theExitSummaryStaysOnStandardError() {
    // given
    FindingWarnings warnings = warnings("auto", true, 20);
    warnings.slf4jFound(slf4j);
    slf4j.ready = true;
    apps.add(new WatchedApplication(store)).openAtExit("p1");
    runAgentThread();

    // when
    warnings.onExit(new ReportSnapshotBuilder().build(store.findings()));

    // then
    assertThat(lines()).anyMatch(l -> l.startsWith("[connlens] summary:"));
    assertThat(slf4j.records).hasSize(1);
  }

  private String text() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  private List<String> lines() {
    return Arrays.stream(text().split("\n")).filter(l -> !l.isEmpty()).collect(Collectors.toList());
  }

  private List<String> warningLines() {
    return lines().stream().filter(l -> l.matches("\\[connlens] (INFO|WARNING|ERROR) [A-Z_]+: .*"))
        .collect(Collectors.toList());
  }

  private static final class Record {
    final String logger;
    final Severity severity;
    final String text;

    Record(String logger, Severity severity, String text) {
      this.logger = logger;
      this.severity = severity;
      this.text = text;
    }
  }

  private static class RecordingLog implements FindingLog {
    volatile boolean ready;
    final List<Record> records = new ArrayList<>();

    @Override
    public boolean ready() {
      return ready;
    }

    @Override
    public void log(String loggerName, Severity severity, String text) {
      records.add(new Record(loggerName, severity, text));
    }
  }
}
