package io.connlens.it;

import static io.connlens.it.TestDatabase.H2;
import static io.connlens.it.TestDatabase.POSTGRESQL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The plain JDBC app (DriverManager, no pool) under the agent, on every JDK and database. */
@DisplayName("plain JDBC app (DriverManager)")
class PlainJdbcAppIT {
  /** The documented default of {@code fail.exit.status}. */
  static final int FAIL_EXIT_STATUS = 86;

  static List<Target> everyJdkAndDatabase() {
    return Target.matrix(List.of(H2, POSTGRESQL));
  }

  static List<Target> everyJdkOnPostgresql() {
    return Target.matrix(List.of(POSTGRESQL));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkAndDatabase")
  void correctCodeHasNoFindings(Target target) {
    // given: an app that closes every connection it takes, one of them on another thread
    // when
    AppRun run = launch(target, "correct").run();
    // then
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).contains("SCENARIO correct DONE");
    assertThat(run.report().findings()).as(run.context()).isEmpty();
    // the table set-up, 20 in a row, one closed on another thread
    assertThat(run.report().leasesOpened()).as("leases opened\n%s", run.context()).isEqualTo(22);
    assertThat(run.report().leasesClosed()).as("leases closed\n%s", run.context()).isEqualTo(22);
  }

  static List<Target> everyJdkOnH2() {
    return Target.matrix(List.of(H2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkOnH2")
  void withoutMicrometerOpenTelemetryOrSlf4jNoBridgeIsLoaded(Target target) {
    // given: an app with none of the libraries connlens exports through
    // when: it runs under the agent, the JVM listing every class it loads
    AppRun run = launch(target, "correct").jvmOptions("-verbose:class").run();
    assertThat(run.stdout()).as(run.context()).contains("SCENARIO correct DONE");
    // then: the agent's exports were wired (the listing can see the agent's classes) ...
    assertThat(run.stdout()).as("-verbose:class lists the agent's dispatcher of exports")
        .contains("io.connlens.agent.runtime.Exports ")
        .contains("io.connlens.agent.export.otel.OpenTelemetryExport ");
    // ... and no exporter's bridge was loaded, nor anything of Micrometer, OpenTelemetry or SLF4J:
    // OpenTelemetry costs each lease one volatile read, and nothing else
    assertThat(run.stdout().lines().filter(line -> line.contains("io.connlens.agent.export.micrometer.")
        || line.matches(".*io\\.connlens\\.agent\\.export\\.[a-z0-9]+\\.bridge\\..*")
        || line.contains("io.micrometer.") || line.contains("io.opentelemetry.") || line.contains("org.slf4j."))
        .toList()).as("classes of a library export loaded").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkAndDatabase")
  void connectionLeftOnAnExceptionPathIsNamedAndFailsTheRun(Target target) {
    // given: a method whose query throws before close(), in a QA run
    // when
    AppRun run = launch(target, "exception-path").agentArgs("fail.on=leak").run();
    // then: the leak names the method and line that took the connection, and the run fails
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly("LEAK_UNCLOSED");
    ReportFinding leak = run.onlyFinding("LEAK_UNCLOSED");
    assertThat(leak.acquireFrame()).as(run.context())
        .isEqualTo(TestApp.PLAIN_JDBC.acquireFrame("leakOnExceptionPath", "exception-path"));
    assertThat(leak.database()).as(run.context())
        .startsWith(target.database().urlScheme())
        .doesNotContainIgnoringCase("password");
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(FAIL_EXIT_STATUS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkOnPostgresql")
  void passwordInTheUrlAppearsNowhere(Target target) {
    // given: a URL with a password (trust authentication ignores it)
    String url = Urls.withParameter(target.database().url(), "password", DatabaseServer.CONTAINER_PASSWORD);
    // when: a leak makes the agent report the database
    AppRun run = launch(target, "exception-path").agentArgs("fail.on=leak").url(url).run();
    // then
    assertThat(run.onlyFinding("LEAK_UNCLOSED").database()).as(run.context()).startsWith("jdbc:postgresql:");
    assertThat(run.reportText()).as(run.context()).doesNotContain(DatabaseServer.CONTAINER_PASSWORD);
    assertThat(run.stdout()).as(run.context()).doesNotContain(DatabaseServer.CONTAINER_PASSWORD);
    assertThat(run.stderr()).as(run.context()).doesNotContain(DatabaseServer.CONTAINER_PASSWORD);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkAndDatabase")
  void connectionHeldAtExitIsReportedWithoutFailingTheRun(Target target) {
    // given: a connection kept in a static field, the app exiting long before leak.threshold (30 s)
    // when: no fail.on is set (site.capture=all: without fail.on the default samples acquire sites,
    // and this one-off lease would go unnamed)
    AppRun run = launch(target, "held-open-at-exit").agentArgs("site.capture=all").run();
    // then
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly("OPEN_AT_EXIT");
    assertThat(run.onlyFinding("OPEN_AT_EXIT").acquireFrame()).as(run.context())
        .isEqualTo(keepForeverFrame());
    assertThat(run.exitStatus()).as(run.context()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkAndDatabase")
  void connectionHeldAtExitFailsAQaRun(Target target) {
    // given: a connection kept in a static field
    // when: fail.on=leak
    AppRun run = launch(target, "held-open-at-exit").agentArgs("fail.on=leak").run();
    // then
    assertThat(run.onlyFinding("OPEN_AT_EXIT").acquireFrame()).as(run.context()).isEqualTo(keepForeverFrame());
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(FAIL_EXIT_STATUS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkAndDatabase")
  void systemExitStillWritesTheReportAndFailsTheRun(Target target) {
    // given: a connection kept open, then System.exit(0)
    // when
    AppRun run = launch(target, "system-exit").agentArgs("fail.on=leak").run();
    // then: the report was written at exit, and the exit status says the run failed
    assertThat(run.stdout()).as(run.context()).contains("SCENARIO system-exit DONE");
    assertThat(run.onlyFinding("OPEN_AT_EXIT").acquireFrame()).as(run.context()).isEqualTo(keepForeverFrame());
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(FAIL_EXIT_STATUS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkAndDatabase")
  void sigtermStillWritesTheReportAndFailsTheRun(Target target) {
    // given: an app blocked forever while holding a connection
    RunningApp app = launch(target, "wait-for-signal").agentArgs("fail.on=leak").start()
        .awaitStdoutLine("READY");
    // when: it is stopped as a container runtime would stop it
    AppRun run = app.terminate().awaitExit();
    // then
    assertThat(run.onlyFinding("OPEN_AT_EXIT").acquireFrame()).as(run.context()).isEqualTo(keepForeverFrame());
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(FAIL_EXIT_STATUS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkAndDatabase")
  void queryPerRowOnOneConnectionIsAnNPlusOneAtTheLoopLine(Target target) {
    // given: a query of 10 ids, then one prepared query per id on the same connection
    // when
    AppRun run = launch(target, "n-plus-one").run();
    // then
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly("N_PLUS_ONE");
    ReportFinding nPlusOne = run.onlyFinding("N_PLUS_ONE");
    assertThat(nPlusOne.executionFrame()).as(run.context())
        .isEqualTo(TestApp.PLAIN_JDBC.markedFrame("PlainJdbcApp", "readLinesOneByOne", "// N+1:plain-jdbc-loop"));
    assertThat(nPlusOne.sql()).as(run.context()).isEqualTo("SELECT item FROM connlens_lines WHERE id = ?");
    assertThat(nPlusOne.executions()).as(run.context()).isEqualTo(10);
    assertThat(nPlusOne.sourceSql()).as(run.context()).isEqualTo("SELECT id FROM connlens_lines ORDER BY id");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkAndDatabase")
  void insertsOneAtATimeAreUnbatchedWritesAtTheInsertLine(Target target) {
    // given: 50 rows, one executeUpdate each
    // when
    AppRun run = launch(target, "unbatched-insert").run();
    // then
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly("UNBATCHED_WRITES");
    ReportFinding unbatched = run.onlyFinding("UNBATCHED_WRITES");
    assertThat(unbatched.executionFrame()).as(run.context()).isEqualTo(
        TestApp.PLAIN_JDBC.markedFrame("PlainJdbcApp", "insertLinesOneByOne", "// UNBATCHED:plain-insert-loop"));
    assertThat(unbatched.sql()).as(run.context()).isEqualTo("INSERT INTO connlens_lines (id, item) VALUES (?, ?)");
    assertThat(unbatched.executions()).as(run.context()).isEqualTo(50);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkAndDatabase")
  void jdbcBatchIsNoFinding(Target target) {
    // given: the same 50 rows with addBatch and one executeBatch
    // when
    AppRun run = launch(target, "batch-insert").run();
    // then
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).contains("SCENARIO batch-insert DONE");
    assertThat(run.report().findings()).as(run.context()).isEmpty();
  }

  private static String keepForeverFrame() {
    return TestApp.PLAIN_JDBC.acquireFrame("keepForever", "keep-forever");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkAndDatabase")
  void aConnectionOpenedPerRequestWithoutAPoolIsReportedWithItsSiteAndRate(Target target) {
    // given: a service that opens its own DriverManager connection for each of 300 requests, in one method
    // when: with production defaults (site.capture=sampled), and fail.on=leak, which does not cover it
    AppRun run = launch(target, "unpooled").agentArgs("fail.on=leak,site.capture=sampled").run();
    // then: the run does not fail, and one finding names the method's line and the rate
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).contains("SCENARIO unpooled DONE");
    assertThat(run.report().summary().path("siteCapture").asText()).as(run.context()).isEqualTo("sampled");
    ReportFinding unpooled = run.onlyFinding("UNPOOLED_CONNECTIONS");
    String frame = TestApp.PLAIN_JDBC.acquireFrame("findOrder", "unpooled");
    assertThat(unpooled.acquireFrame()).as(run.context()).isEqualTo(frame);
    assertThat(unpooled.severity()).as(run.context()).isEqualTo("warning");
    assertThat(unpooled.pool()).as(run.context()).isNull();
    assertThat(unpooled.unpooled("connections")).as(run.context()).isBetween(100L, 300L);
    assertThat(unpooled.unpooled("windowMillis")).as(run.context()).isEqualTo(10_000);
    assertThat(unpooled.unpooled("perSecond")).as(run.context()).isGreaterThanOrEqualTo(10);
    assertThat(unpooled.unpooled("meanHeldMicros")).as(run.context()).isPositive();
    assertThat(unpooled.message()).as(run.context()).startsWith("no connection pooling: ")
        .endsWith("on average; use a pool such as HikariCP");
    // and the console said so, naming the line
    assertThat(run.agentConsoleLines()).as(run.context())
        .anyMatch(line -> line.startsWith("[connlens] WARNING UNPOOLED_CONNECTIONS: no connection pooling: "))
        .anyMatch(line -> line.contains("at " + frame));
    // and nothing else was reported: the table set-up's connection is one, from another line
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly("UNPOOLED_CONNECTIONS");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkAndDatabase")
  void unpooledConnectionsFailARunWithFailOnAny(Target target) {
    // when
    AppRun run = launch(target, "unpooled").agentArgs("fail.on=any").run();
    // then
    assertThat(run.onlyFinding("UNPOOLED_CONNECTIONS").acquireFrame()).as(run.context())
        .isEqualTo(TestApp.PLAIN_JDBC.acquireFrame("findOrder", "unpooled"));
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(FAIL_EXIT_STATUS);
  }

  private static AppLauncher launch(Target target, String scenario) {
    return AppLauncher.of(TestApp.PLAIN_JDBC, target).scenario(scenario);
  }
}
