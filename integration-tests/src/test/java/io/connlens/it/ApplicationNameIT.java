package io.connlens.it;

import static io.connlens.it.TestDatabase.POSTGRESQL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code tag.application_name=true} on the real PostgreSQL: while the application holds a pooled
 * connection, {@code pg_stat_activity} names the line that took it; once it is closed, the backend
 * shows the driver's own name again, so an idle pooled backend never blames code that let it go.
 */
@DisplayName("application_name tag")
class ApplicationNameIT {
  private static final TestApp APP = TestApp.POOLS_APPLICATION_NAME;
  /** pgjdbc's ApplicationName when none is set. */
  private static final String DRIVER_DEFAULT = "PostgreSQL JDBC Driver";

  static List<Target> hikariOnPostgresql() {
    return Jdk.underTest(17).map(jdk -> Target.poolMatrix(jdk, POSTGRESQL, List.of(TestPool.HIKARI))).orElse(List.of());
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("hikariOnPostgresql")
  void pgStatActivityNamesTheHoldingLineAndForgetsItAtClose(Target target) {
    AppRun run = AppLauncher.of(APP, target).scenario("application-name").agentArgs("tag.application_name=true").run();
    assertThat(run.exitStatus()).as(run.context()).isZero();
    String frame = APP.markedFrame("ApplicationNameApp", "holdForExport", "tagged");
    String tag = frame.substring(frame.indexOf("ApplicationNameApp."));
    assertThat(run.stdout()).as(run.context()).contains("while held: " + tag).contains("after close: " + DRIVER_DEFAULT);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("hikariOnPostgresql")
  void withoutTheKeyTheApplicationNameIsLeftAlone(Target target) {
    AppRun run = AppLauncher.of(APP, target).scenario("application-name").run();
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).contains("while held: " + DRIVER_DEFAULT);
  }
}
