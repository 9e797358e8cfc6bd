package io.connlens.it;

import static io.connlens.it.TestDatabase.H2;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad agent configuration: the application still runs, and each problem is said once. */
@DisplayName("agent configuration")
class ConfigurationIT {

  static List<Target> everyJdk() {
    return Target.matrix(List.of(H2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void unknownKeyAndBadDurationAreReportedAndTheAppStillRuns(Target target) {
    // given: a misspelled key and a duration that does not parse
    // when
    AppRun run = AppLauncher.of(TestApp.PLAIN_JDBC, target).scenario("correct")
        .agentArgs("lek.threshold=5s,leak.threshold=abc").run();
    // then: the app ran as without the agent
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).contains("SCENARIO correct DONE");
    // and each problem is one console line naming its key, and one entry in the report
    assertThat(run.agentConsoleLines()).as(run.context())
        .filteredOn(line -> line.contains("lek.threshold")).hasSize(1);
    assertThat(run.agentConsoleLines()).as(run.context())
        .filteredOn(line -> line.contains("leak.threshold") && line.contains("abc")).hasSize(1);
    assertThat(run.report().configurationProblems()).as(run.context()).hasSize(2);
  }
}
