package io.connlens.it;

import static io.connlens.it.TestDatabase.H2;
import static io.connlens.it.TestDatabase.MARIADB;
import static io.connlens.it.TestDatabase.POSTGRESQL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Literals and comments in every form each real database reads (MariaDB's backslash escapes,
 * double-quoted strings and {@code #} comments; PostgreSQL's jsonb subscripts after a space, escape
 * strings, dollar quotes and nested comments; H2's {@code //} comments), run against that database
 * until they are findings with their SQL: no character of them may reach the console, the report or
 * JMX. The dialect is read from the connection's URL.
 */
@DisplayName("literals never leave the JVM")
class LiteralsIT {
  /** What every literal and comment of the hostile-literals scenario holds, and nothing else does. */
  private static final String MARKER = "zqx";

  static List<Target> everyJdkAndDatabase() {
    return Target.matrix(List.of(H2, POSTGRESQL, MARIADB));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdkAndDatabase")
  void noCharacterOfALiteralOrACommentLeavesTheJvm(Target target) {
    // given statements whose literals and comments hold the marker, each run in a loop, the first one
    // also the last statement of a connection left open
    // when
    AppRun run = AppLauncher.of(TestApp.PLAIN_JDBC, target).scenario("hostile-literals")
        .agentArgs("site.capture=all").run();
    // then (premise) they became findings that carry SQL: normalized, with their literals as ?
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).contains("hostile-literals: agent over JMX: ");
    List<ReportFinding> repeated = run.report().findings("N_PLUS_ONE");
    assertThat(repeated).as(run.context()).isNotEmpty()
        .allSatisfy(finding -> assertThat(finding.sql()).contains("?"));
    assertThat(run.onlyFinding("OPEN_AT_EXIT").lastSql()).as(run.context()).contains("?");
    // and none of the marker is anywhere a user or a pipeline sees
    assertThat(run.reportText()).as(run.context()).doesNotContainIgnoringCase(MARKER);
    assertThat(run.stderr()).as(run.context()).doesNotContainIgnoringCase(MARKER);
    assertThat(run.stdout()).as(run.context()).doesNotContainIgnoringCase(MARKER);
  }
}
