package io.connlens.it;

import static io.connlens.it.PlainJdbcAppIT.FAIL_EXIT_STATUS;
import static io.connlens.it.TestDatabase.H2;
import static io.connlens.it.TestDatabase.POSTGRESQL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HikariCP app (pool "orders-pool") under the agent, on every JDK and database, with HikariCP 5
 * and 7. Leak runs set {@code fail.on=leak} or {@code site.capture=all} so every lease carries its
 * acquire site, as in a QA run.
 */
@DisplayName("HikariCP app")
class HikariAppIT {
  private static final String POOL = "orders-pool";
  private static final TestApp APP = TestApp.HIKARI;

  static List<Target> everyJdkDatabaseAndHikari() {
    return Target.hikariMatrix(List.of(H2, POSTGRESQL));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkDatabaseAndHikari")
  void correctCodeHasNoFindings(Target target) {
    // given: borrow/return with try-with-resources, a close on another thread, a task on an executor
    // when
    AppRun run = launch(target, "correct").run();
    // then
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).contains("SCENARIO correct DONE");
    assertThat(run.report().findings()).as(run.context()).isEmpty();
    // the table set-up, 50 borrows, one closed on another thread, one on an executor
    assertThat(run.report().leasesOpened()).as("leases opened\n%s", run.context()).isEqualTo(53);
    assertThat(run.report().leasesClosed()).as("leases closed\n%s", run.context()).isEqualTo(53);
    // and the pool, the app's only source of connections, has them all: every lease, and the
    // physical connections it opened (at most its 5; it fills in the background) and closed at its close()
    assertThat(run.report().pools()).as(run.context()).containsOnlyKeys(POOL);
    JsonNode pool = run.report().pools().get(POOL);
    assertThat(pool.path("database").asText()).as(run.context()).startsWith(target.database().urlScheme());
    assertThat(pool.path("leases").toString()).as(run.context())
        .isEqualTo("{\"opened\":53,\"closed\":53,\"open\":0,\"unclosed\":0}");
    assertThat(pool.path("physicalConnections")).as(run.context())
        .isEqualTo(run.report().summary().path("physicalConnections"));
    assertThat(pool.path("physicalConnections").path("opened").asLong()).as(run.context()).isBetween(1L, 5L);
    assertThat(pool.path("physicalConnections").path("open").asLong()).as(run.context()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkDatabaseAndHikari")
  void connectionLeftOnAnExceptionPathIsNamed(Target target) {
    // given: a pooled connection whose query throws before close()
    // when
    AppRun run = launch(target, "exception-path").agentArgs("fail.on=leak").run();
    // then
    ReportFinding leak = run.onlyFinding("LEAK_UNCLOSED");
    assertThat(leak.acquireFrame()).as(run.context())
        .isEqualTo(APP.acquireFrame("leakOnExceptionPath", "exception-path"));
    assertThat(leak.pool()).as(run.context()).isEqualTo(POOL);
    assertThat(leak.database()).as(run.context()).startsWith(target.database().urlScheme());
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(FAIL_EXIT_STATUS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkDatabaseAndHikari")
  void droppedConnectionIsNamedInTheReportAndInTheApplicationsLog(Target target) {
    // given: a method that borrows, queries and returns without close()
    // when
    AppRun run = launch(target, "dropped-reference").agentArgs("fail.on=leak").run();
    // then
    String frame = APP.acquireFrame("forgetToClose", "dropped-reference");
    ReportFinding leak = run.onlyFinding("LEAK_UNCLOSED");
    assertThat(leak.acquireFrame()).as(run.context()).isEqualTo(frame);
    assertThat(leak.pool()).as(run.context()).isEqualTo(POOL);
    // the warning names the line on stderr: a record of the app's SLF4J Simple (log.output=auto), or the
    // [connlens] block when connlens's thread got to it only as the JVM exited
    assertThat(run.stderr()).as("a warning of LEAK_UNCLOSED naming %s\n%s", frame, run.context())
        .containsPattern("(?m)^(\\[connlens\\] |.* connlens\\.finding\\.LEAK_UNCLOSED - )ERROR LEAK_UNCLOSED: connection never closed")
        .contains("    at " + frame + "\n");
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(FAIL_EXIT_STATUS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkDatabaseAndHikari")
  void connectionKeptByAFinishedTaskIsSuspectedWithAnIdleHolder(Target target) {
    // given: an export task that keeps its connection; its worker thread goes idle in the pool
    // when
    AppRun run = launch(target, "async-leak").agentArgs("leak.threshold=300ms,fail.on=leak").run();
    // then
    String frame = APP.acquireFrame("exportAsync", "async-leak");
    ReportFinding suspected = run.onlyFindingAt("LEAK_SUSPECTED", frame);
    assertThat(suspected.pool()).as(run.context()).isEqualTo(POOL);
    assertThat(suspected.holderActivity()).as(run.context()).isEqualTo("IDLE_IN_THREAD_POOL");
    assertThat(suspected.holderThread()).as(run.context()).startsWith("export-worker");
    run.onlyFindingAt("OPEN_AT_EXIT", frame);
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(FAIL_EXIT_STATUS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkDatabaseAndHikari")
  void connectionHeldAcrossASlowCallIsSuspectedThenReportedAsLongHold(Target target) {
    // given: a connection held across a slow call longer than leak.threshold, then closed
    // when
    AppRun run = launch(target, "long-hold").agentArgs("leak.threshold=300ms,site.capture=all").run();
    // then
    String frame = APP.acquireFrame("holdAcrossSlowCall", "long-hold");
    ReportFinding suspected = run.onlyFindingAt("LEAK_SUSPECTED", frame);
    assertThat(suspected.holderThread()).as(run.context()).isEqualTo("main");
    assertThat(suspected.holderActivity()).as(run.context()).isIn("RUNNING_APPLICATION_CODE", "WAITING");
    ReportFinding longHold = run.onlyFindingAt("LONG_HOLD", frame);
    assertThat(longHold.heldMillis()).as(run.context()).isGreaterThanOrEqualTo(300);
    assertThat(run.exitStatus()).as(run.context()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkDatabaseAndHikari")
  void repeatedLeakFromOneSiteIsOneFindingCountedEachTime(Target target) {
    // given: a request handler that leaks its connection, called 30 times
    // when
    AppRun run = launch(target, "repeated-leak").agentArgs("site.capture=all").run();
    // then
    ReportFinding leak = run.onlyFinding("LEAK_UNCLOSED");
    assertThat(leak.acquireFrame()).as(run.context())
        .isEqualTo(APP.acquireFrame("handleRequest", "repeated-leak"));
    assertThat(leak.count()).as(run.context()).isEqualTo(30);
    assertThat(run.exitStatus()).as(run.context()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkDatabaseAndHikari")
  void repeatedLeakIsNamedFromItsSecondSightingWithProductionDefaults(Target target) {
    // given: production defaults (site.capture=sampled), a handler that leaks on every call; the first
    // leak is garbage-collected and reported before the other 29 calls
    // when
    AppRun run = launch(target, "repeated-leak").run();
    // then every leak is counted, and all but at most the first name the handler's line
    List<ReportFinding> leaks = run.report().findings("LEAK_UNCLOSED");
    assertThat(leaks.stream().mapToLong(ReportFinding::count).sum()).as(run.context()).isEqualTo(30);
    String frame = APP.acquireFrame("handleRequest", "repeated-leak");
    assertThat(leaks).as(run.context())
        .anySatisfy(leak -> {
          assertThat(leak.acquireFrame()).isEqualTo(frame);
          assertThat(leak.count()).isGreaterThanOrEqualTo(29);
        });
    assertThat(run.report().summary().get("siteCapture").asText()).as(run.context()).isEqualTo("sampled");
  }

  static List<Target> everyJdkAndHikariOnPostgresql() {
    return Target.hikariMatrix(List.of(POSTGRESQL));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkAndHikariOnPostgresql")
  void theServerEndingEveryConnectionMidRunChangesNoCount(Target target) {
    // given 50 borrows, then PostgreSQL ending every connection of the pool (as a restart does), then 50 more
    // when
    AppRun run = launch(target, "server-restart").run();
    // then the app recovered as it does without the agent, and every lease was counted exactly once
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context())
        .contains("server-restart: the server ended the pool's connections; 100 borrows, every one closed");
    assertThat(run.report().findings()).as(run.context()).isEmpty();
    // the table set-up, 100 borrows, and the DriverManager connection that ended the others
    assertThat(run.report().leasesOpened()).as(run.context()).isEqualTo(102);
    assertThat(run.report().leasesClosed()).as(run.context()).isEqualTo(102);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkDatabaseAndHikari")
  void aPoolsPeakWaitsAndSizingLineAreMeasured(Target target) {
    // given: a pool of 10 holding its 10 connections, from which 3 threads hold one each at once, 50 rounds
    // (150 borrows in a few seconds: many connections a second, but a pool's, so never unpooled); then a
    // pool of one on which a borrow waits until another thread returns the connection
    // when
    AppRun run = launch(target, "sizing").run();
    // then
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).contains("SCENARIO sizing DONE");
    assertThat(run.report().findings()).as(run.context()).isEmpty();
    ReportPool pool = run.report().pool(POOL);
    assertThat(pool.maxSize()).as(run.context()).isEqualTo(10);
    assertThat(pool.peakLeases()).as(run.context()).isEqualTo(3);
    assertThat(pool.sizing()).as(run.context()).startsWith("peak 3 of 10; 7 idle connections hold server slots");
    ReportPool tight = run.report().pool("tight-pool");
    assertThat(tight.peakLeases()).as(run.context()).isEqualTo(1);
    assertThat(tight.waits().path("overMillis").asLong()).as(run.context()).isEqualTo(1);
    assertThat(tight.waits().path("count").asLong()).as(run.context()).isPositive();
    assertThat(tight.waits().path("longestMillis").asLong()).as(run.context()).isPositive();
    assertThat(tight.waits().path("totalMillis").asLong()).as(run.context())
        .isGreaterThanOrEqualTo(tight.waits().path("longestMillis").asLong());
    assertThat(tight.sizing()).as(run.context()).contains(" waited over 1 ms, up to ");
    // and the exit summary has each pool's line, as the report does
    assertThat(run.agentConsoleLines()).as(run.context())
        .contains("[connlens] pool " + POOL + ": " + pool.sizing(), "[connlens] pool tight-pool: " + tight.sizing());
    // and each server's open connections are split by the pool holding them
    JsonNode server = run.report().servers().get(0);
    assertThat(server.path("openByPool").toString()).as(run.context())
        .isEqualTo("[{\"pool\":\"orders-pool\",\"open\":10},{\"pool\":\"tight-pool\",\"open\":1}]");
    assertThat(server.path("openDirect").asLong()).as(run.context()).isZero();
  }

  private static AppLauncher launch(Target target, String scenario) {
    return AppLauncher.of(APP, target).scenario(scenario);
  }
}
