package io.connlens.it;

import static io.connlens.it.TestDatabase.H2;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Findings in the application's own log ({@code log.output}). The Spring Boot app logs through SLF4J
 * to Logback, whose console appender writes to stdout: by default a finding raised while the app runs
 * is a WARN record there under the logger {@code connlens.finding.TYPE}, not a {@code [connlens]}
 * block on stderr; {@code log.output=stderr} keeps the stderr block. Without SLF4J, {@code
 * log.output=app} writes to {@code System.Logger}; what is raised at exit, when the application's logging
 * is shut down, goes to stderr with the exit summary.
 */
@DisplayName("findings in the application's log")
class ApplicationLogIT {
  private static final TestApp APP = TestApp.SPRING_JPA;
  /** The transaction waits until the agent reports it idle: the finding is raised mid-run. */
  private static final String IDLE = "idle-transaction";
  private static final String IDLE_ARGS = "transaction.idle.threshold=300ms,site.capture=all";
  /** Logback's first line of the warning in Boot's console pattern: level, logger, then the text. */
  private static final String LOGBACK_IDLE_WARNING =
      ".* WARN .* connlens\\.finding\\.IDLE_IN_TRANSACTION +: WARNING IDLE_IN_TRANSACTION: .*";
  private static final String STDERR_IDLE_WARNING = "[connlens] WARNING IDLE_IN_TRANSACTION: ";

  /** H2 on every JDK from 17 on (Spring Boot 3 needs 17): where the warning goes does not depend on the database. */
  static List<Target> h2OnEveryJdk() {
    return Jdk.underTest().stream().filter(jdk -> jdk.feature() >= 17).map(jdk -> new Target(jdk, H2, null)).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("h2OnEveryJdk")
  void byDefaultAFindingIsAWarnRecordOfTheApplicationsLogbackUnderItsTypesLogger(Target target) {
    // given a Spring Boot app with Logback, and no log.output
    // when a transaction is left idle while the app runs
    AppRun run = AppLauncher.of(APP, target).scenario(IDLE).agentArgs(IDLE_ARGS).run();
    // then the warning is in the application's log (Boot's console: stdout), with the console's text
    assertCompleted(run, IDLE);
    String frame = APP.markedFrame("OrderRepricing", "repriceThenCallSlowService", "// IDLE:update-then-wait");
    List<String> log = run.stdout().lines().toList();
    int warning = indexOfMatch(log, LOGBACK_IDLE_WARNING);
    assertThat(warning).as("a Logback WARN record of connlens.finding.IDLE_IN_TRANSACTION\n%s", run.context())
        .isNotNegative();
    // its later lines are the console's, without the [connlens] prefix
    assertThat(log.subList(warning + 1, log.size())).as(run.context())
        .contains("  last statement at:", "    at " + frame)
        .contains("  sql: update purchase_order set total = total + ? where id = ?");
    // and it is not on stderr, which has the exit summary only
    assertThat(run.agentConsoleLines()).as(run.context())
        .noneMatch(line -> line.startsWith(STDERR_IDLE_WARNING))
        .anyMatch(line -> line.startsWith("[connlens] summary: "));
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly("IDLE_IN_TRANSACTION");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("h2OnEveryJdk")
  void logOutputStderrKeepsTheWarningOnStandardErrorAndOutOfTheLog(Target target) {
    // given the same app and scenario with log.output=stderr
    // when
    AppRun run = AppLauncher.of(APP, target).scenario(IDLE).agentArgs(IDLE_ARGS + ",log.output=stderr").run();
    // then the warning is the [connlens] block on stderr, as before log.output existed
    assertCompleted(run, IDLE);
    String frame = APP.markedFrame("OrderRepricing", "repriceThenCallSlowService", "// IDLE:update-then-wait");
    assertThat(run.agentConsoleLines()).as(run.context())
        .anyMatch(line -> line.startsWith(STDERR_IDLE_WARNING))
        .contains("[connlens]   last statement at:", "[connlens]     at " + frame);
    assertThat(run.stdout()).as(run.context()).doesNotContain("connlens.finding");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("h2OnEveryJdk")
  void logOutputAppWithoutSlf4jWritesToSystemLogger(Target target) {
    // given the plain JDBC app, which has no SLF4J, with log.output=app, holding a connection
    RunningApp app = AppLauncher.of(TestApp.PLAIN_JDBC, target).scenario("wait-for-signal")
        .agentArgs("log.output=app,leak.threshold=300ms").start().awaitStdoutLine("READY");
    // when the held connection is reported while the app runs: a record of System.Logger, that is
    // java.util.logging's console handler on stderr, whose lines are the console's without the prefix
    String frame = TestApp.PLAIN_JDBC.acquireFrame("keepForever", "keep-forever");
    app.awaitStderrLineStartingWith("    at " + frame);
    AppRun run = app.terminate().awaitExit();
    // then (a loaded machine may also report the app's slow set-up connection: left alone)
    assertThat(run.stderr().lines()).as(run.context())
        .anyMatch(line -> line.startsWith("WARNING: WARNING LEAK_SUSPECTED: connection held for "));
    assertThat(run.agentConsoleLines()).as(run.context())
        .noneMatch(line -> line.startsWith("[connlens] WARNING LEAK_SUSPECTED:"))
        // and the connection still open at exit is on stderr: java.util.logging is shut down by then
        .anyMatch(line -> line.startsWith("[connlens] WARNING OPEN_AT_EXIT:"));
  }

  private static int indexOfMatch(List<String> lines, String regex) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches(regex)) {
        return i;
      }
    }
    return -1;
  }

  private static void assertCompleted(AppRun run, String scenario) {
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).contains("SCENARIO " + scenario + " DONE");
  }
}
