package io.connlens.it;

import static io.connlens.it.TestDatabase.H2;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the agent must never do to an application, and the health checks every other test relies on:
 * faults in drivers and in the agent's own hooks, classes it cannot instrument, exit statuses and
 * shutdown hooks, threads and class loaders it must let go of, and attaching to a running JVM.
 */
@DisplayName("agent safety")
class AgentSafetyIT {
  private static final TestApp APP = TestApp.PLAIN_JDBC;
  /** The status the plain app's exit-status scenario passes to System.exit. */
  private static final int APPLICATION_EXIT_STATUS = 3;

  static List<Target> everyJdk() {
    return Target.matrix(List.of(H2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void aDriverThatRefusesOrWhoseCloseThrowsBehavesExactlyAsWithoutTheAgent(Target target) {
    // given a driver that refuses one connection and two whose close() throws (one closed, one still open)
    AppRun without = launch(target, "throwing-driver").withoutAgent().expect(AgentHealth.NO_REPORT).run();
    // when the same app runs under the agent
    AppRun run = launch(target, "throwing-driver").agentArgs("site.capture=all").run();
    // then the application saw exactly what it sees without the agent
    assertThat(run.exitStatus()).as(run.context()).isZero().isEqualTo(without.exitStatus());
    assertThat(run.stdout()).as(run.context()).isEqualTo(without.stdout())
        .contains("throwing-driver: refused 08001 connection refused by the faulty driver\n")
        .contains("throwing-driver: close failed after closing, closed true\n")
        .contains("throwing-driver: close failed, connection still open, closed false\n");
    // and the lease whose close failed is still open: the table set-up and the one closed after all are closed
    assertThat(run.report().leasesOpened()).as(run.context()).isEqualTo(3);
    assertThat(run.report().leasesClosed()).as(run.context()).isEqualTo(2);
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly("OPEN_AT_EXIT");
    assertThat(run.onlyFinding("OPEN_AT_EXIT").acquireFrame()).as(run.context())
        .isEqualTo(APP.acquireFrame("failingDriver", "close-fails"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void anErrorInsideAHookIsCountedOnceAndNeverReachesTheApplication(Target target) {
    // given connection properties whose getProperty("user") throws: the driver never reads them, connlens does
    // when
    AppRun run = launch(target, "throwing-properties").expect(AgentHealth.suppressed(1)).run();
    // then the application ran as it would without connlens
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).contains("throwing-properties: connected, queried and closed");
    // and the error was shown once, counted in the summary, and the leases were still counted
    assertThat(run.agentConsoleLines()).as(run.context())
        .filteredOn(line -> line.contains("internal error, suppressed")).hasSize(1);
    assertThat(run.stderr()).as(run.context()).contains("java.lang.IllegalStateException: these properties refuse to be read")
        .contains("[connlens] 1 internal error suppressed in connlens; the application was not affected");
    assertThat(run.report().leasesOpened()).as(run.context()).isEqualTo(2);
    assertThat(run.report().leasesClosed()).as(run.context()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void aClassTheAgentCannotInstrumentIsRecordedAndLoadsUnchanged(Target target) {
    // given a Connection class whose close() is too close to the 64 KiB method limit for any advice
    // when
    AppRun run = launch(target, "huge-method")
        .expect(AgentHealth.instrumentationErrors("HugeCloseConnection: ")).run();
    // then it is defined as it was written, and the report says which class is not tracked and why
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context())
        .contains("huge-method: defined io.connlens.testapp.plain.generated.HugeCloseConnection");
    assertThat(run.report().instrumentationErrors().get(0)).as(run.context()).contains("MethodTooLargeException");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void abortEndsALeaseAsCloseDoes(Target target) {
    AppRun run = launch(target, "abort").agentArgs("fail.on=leak").run();
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).contains("abort: connection aborted");
    assertThat(run.report().findings()).as(run.context()).isEmpty();
    assertThat(run.report().leasesOpened()).as(run.context()).isEqualTo(2);
    assertThat(run.report().leasesClosed()).as(run.context()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void theApplicationsOwnNonZeroExitStatusIsKeptInAFailedRun(Target target) {
    // given a QA run of an app that leaks and ends with System.exit(3)
    // when
    AppRun run = launch(target, "exit-status").agentArgs("fail.on=leak").run();
    // then the run is reported failed, and the exit status is still the application's own
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(APPLICATION_EXIT_STATUS);
    assertThat(run.report().failed()).as(run.context()).isTrue();
    assertThat(run.report().exitStatus()).as(run.context()).isNull();
    assertThat(run.onlyFinding("OPEN_AT_EXIT").acquireFrame()).as(run.context())
        .isEqualTo(APP.acquireFrame("keepForever", "keep-forever"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void aCustomFailExitStatusIsTheOneTheJvmEndsWith(Target target) {
    AppRun run = launch(target, "held-open-at-exit").agentArgs("fail.on=leak,fail.exit.status=42").run();
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(42);
    assertThat(run.report().exitStatus()).as(run.context()).isEqualTo(42);
    assertThat(run.stderr()).as(run.context()).contains("[connlens] FAILED: findings of type OPEN_AT_EXIT (fail.on); exit status 42");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void theApplicationsSlowShutdownHookFinishesBeforeTheStatusIsForced(Target target) {
    // given a leaking app whose own shutdown hook takes a second to flush
    // when the QA run fails it
    AppRun run = launch(target, "slow-shutdown-hook").agentArgs("fail.on=leak").run();
    // then the hook finished its work before the JVM ended with connlens's status
    assertThat(run.stdout()).as(run.context()).contains("slow-shutdown-hook: flushed");
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(PlainJdbcAppIT.FAIL_EXIT_STATUS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void enabledFalseInstrumentsNothingReportsNothingAndFailsNothing(Target target) {
    // given a QA configuration, switched off
    AppRun without = launch(target, "held-open-at-exit").withoutAgent().expect(AgentHealth.NO_REPORT).run();
    // when
    AppRun run = launch(target, "held-open-at-exit").agentArgs("enabled=false,fail.on=leak")
        .expect(AgentHealth.NO_REPORT).run();
    // then the app ran as without the agent, and the agent said it is off, once
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).isEqualTo(without.stdout());
    assertThat(run.agentConsoleLines()).as(run.context())
        .containsExactly("[connlens] disabled (enabled=false): nothing is instrumented");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void endedThreadsAreNotKeptReachablePlatformAndVirtual(Target target) {
    // given 2,000 short-lived platform threads (and, on Java 21+, 2,000 virtual ones) that each take a
    // connection and run statements; one in ten leaves its connection open, held by the application
    // when
    AppRun run = launch(target, "thread-churn").agentArgs("site.capture=all").run();
    // then none of the ended threads stays reachable through the agent's state
    assertThat(run.stdout()).as(run.context()).contains("platform threads still reachable: 0 of 2000");
    boolean virtual = target.jdk().feature() >= 21;
    assertThat(run.stdout()).as(run.context()).contains(virtual ? "virtual threads still reachable: 0 of 2000"
        : "virtual threads: not available on Java " + target.jdk().feature());
    // and every lease was counted once: the table set-up, then one per thread
    int threads = virtual ? 4000 : 2000;
    int kept = threads / 10;
    assertThat(run.report().leasesOpened()).as(run.context()).isEqualTo(1 + threads);
    assertThat(run.report().leasesClosed()).as(run.context()).isEqualTo(1 + threads - kept);
    String frame = APP.markedFrame("Reachability", "useConnection", "// ACQUIRE:short-lived-thread");
    List<ReportFinding> open = run.report().findings("OPEN_AT_EXIT");
    assertThat(open).as(run.context()).isNotEmpty().allSatisfy(f -> assertThat(f.acquireFrame()).isEqualTo(frame));
    assertThat(open.stream().mapToLong(ReportFinding::count).sum()).as(run.context()).isEqualTo(kept);
    assertThat(run.report().dropped("threadRuns")).as(run.context()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void classLoadersWhoseJdbcClassesWereInstrumentedAreLetGo(Target target) {
    // given 20 class loaders, each loading H2, using it through its data source once, then dropped
    // when
    AppRun run = launch(target, "loader-churn").agentArgs("site.capture=all").run();
    // then none stays reachable (a redeployed web application's loader must not leak through the agent)
    assertThat(run.stdout()).as(run.context()).contains("class loaders still reachable: 0 of 20");
    assertThat(run.report().leasesOpened()).as(run.context()).isEqualTo(22);
    assertThat(run.report().leasesClosed()).as(run.context()).isEqualTo(22);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void attachingRetransformsClassesLoadedBeforeAndASecondAttachIsIgnored(Target target) {
    // given an app started without the agent that has already used DriverManager and H2
    RunningApp app = launch(target, "wait-for-attach").withoutAgent().start().awaitStdoutLine("READY");
    // when connlens is attached, twice
    String options = "report=" + app.reportPath() + ",site.capture=all";
    AppRun run = app.attachAgent(options).attachAgent(options).signalAttached().awaitExit();
    // then the connection taken after the attach, through classes loaded before it, is tracked and named
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly("OPEN_AT_EXIT");
    assertThat(run.onlyFinding("OPEN_AT_EXIT").acquireFrame()).as(run.context())
        .isEqualTo(APP.acquireFrame("waitForAttach", "after-attach"));
    // and the connection taken before the attach is not a lease (its close is not one either)
    assertThat(run.report().leasesOpened()).as(run.context()).isEqualTo(1);
    assertThat(run.report().leasesClosed()).as(run.context()).isZero();
    // and the second attach changed nothing, and said so
    assertThat(run.agentConsoleLines()).as(run.context())
        .filteredOn(line -> line.contains("attached; connections opened before now are not tracked")).hasSize(1);
    assertThat(run.agentConsoleLines()).as(run.context())
        .filteredOn(line -> line.contains("already running in this JVM; ignoring the second start")).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void applicationTextCannotForgeAConsoleLine(Target target) {
    // given an N+1 whose SQL (a quoted identifier) and thread name hold a line break, a line that
    // looks like a finding, and terminal escape sequences
    // when
    AppRun run = launch(target, "forged-console").run();
    // then (premise) the finding was printed, with its SQL
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly("N_PLUS_ONE");
    assertThat(run.report().findings("N_PLUS_ONE").get(0).sql()).as(run.context()).contains("forged");
    assertThat(run.agentConsoleLines()).as(run.context()).anyMatch(line -> line.contains("sql: SELECT ?"));
    // and nothing of it made a line of its own, or reached the terminal raw
    assertThat(run.stderr().lines()).as(run.context())
        .noneMatch(line -> line.startsWith("[connlens] WARNING LEAK_SUSPECTED: forged"))
        .allMatch(line -> line.chars().noneMatch(c -> c == 0x1b || c == 0x07 || c == 0x202e));
    assertThat(run.agentConsoleLines()).as(run.context()).anyMatch(line -> line.contains("\\u000a[connlens] WARNING"));
  }

  private static AppLauncher launch(Target target, String scenario) {
    return AppLauncher.of(APP, target).scenario(scenario);
  }
}
