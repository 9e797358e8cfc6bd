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

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void theApplicationsPackagesAreInferredFromTheMainClassOrTakenFromAppPackages(Target target) {
    // given: an app launched java -cp ... io.connlens.testapp.plain.PlainJdbcApp, keeping a connection
    // when: nothing is configured
    AppRun inferred = AppLauncher.of(TestApp.PLAIN_JDBC, target).scenario("held-open-at-exit")
        .agentArgs("site.capture=all").run();
    // then: the main class's package is the application's, and the leak's frame 0 is its line
    assertThat(inferred.report().summary().path("applicationPackages").path("source").asText())
        .as(inferred.context()).isEqualTo("inferred: main class io.connlens.testapp.plain.PlainJdbcApp");
    ReportFinding leak = inferred.onlyFinding("OPEN_AT_EXIT");
    assertThat(leak.acquireFrame()).as(inferred.context()).startsWith("io.connlens.testapp.plain.PlainJdbcApp.");
    assertThat(leak.siteApplicationFrame()).as(inferred.context()).isTrue();

    // when: the app's own package is excluded, as an in-house framework would be
    AppRun excluded = AppLauncher.of(TestApp.PLAIN_JDBC, target).scenario("held-open-at-exit")
        .agentArgs("site.capture=all,app.packages=com.example.none,app.packages.exclude=io.connlens.testapp").run();
    // then: no frame is the application's, and the finding says so rather than naming one
    assertThat(excluded.report().summary().path("applicationPackages").path("source").asText())
        .as(excluded.context()).isEqualTo("app.packages");
    ReportFinding framework = excluded.onlyFinding("OPEN_AT_EXIT");
    assertThat(framework.siteApplicationFrame()).as(excluded.context()).isFalse();
    assertThat(excluded.agentConsoleLines()).as(excluded.context())
        .anyMatch(line -> line.contains("no application frame"));
    assertThat(excluded.report().configurationProblems()).as(excluded.context()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void aBadPackageNameIsOneProblemAndTheInferenceStands(Target target) {
    AppRun run = AppLauncher.of(TestApp.PLAIN_JDBC, target).scenario("correct")
        .agentArgs("app.packages=com..acme").run();
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.agentConsoleLines()).as(run.context())
        .filteredOn(line -> line.contains("app.packages") && line.contains("com..acme")).hasSize(1);
    assertThat(run.report().summary().path("applicationPackages").path("source").asText())
        .as(run.context()).startsWith("inferred: main class ");
  }
}
