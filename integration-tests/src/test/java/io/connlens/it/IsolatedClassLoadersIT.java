package io.connlens.it;

import static io.connlens.it.TestDatabase.H2;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JDBC code in class loaders that do not delegate to the boot loader, where connlens's hooks live: a
 * strict loader holding HikariCP and H2 (as HikariCP's own tests use), Apache Felix with its default
 * boot delegation (only {@code java.*}), and a JBoss Modules repository. Without boot delegation the
 * advice threw {@code NoClassDefFoundError} into the application; now the application runs as it
 * would without connlens, and its connections are tracked.
 */
@DisplayName("class loaders that do not delegate to the boot loader")
class IsolatedClassLoadersIT {
  private static final String MODULE = "inventory-bundle";
  private static final String SCENARIOS = "com.example.inventory.InventoryScenarios";
  /** The table set-up, then one lease per count. */
  private static final int CORRECT_LEASES = 1 + 10;

  static List<Arguments> everyLoaderOnEveryJdk() {
    List<Arguments> runs = new ArrayList<>();
    for (TestApp app : List.of(TestApp.STRICT_LOADER, TestApp.FELIX, TestApp.JBOSS_MODULES)) {
      for (Target target : Target.matrix(List.of(H2))) {
        runs.add(Arguments.of(app, target));
      }
    }
    return runs;
  }

  @ParameterizedTest(name = "{0} · {1}")
  @MethodSource("everyLoaderOnEveryJdk")
  void correctCodeRunsAsWithoutTheAgentAndEveryLeaseIsCounted(TestApp app, Target target) {
    // given code that closes every connection it takes, in a loader that cannot see the agent
    // when
    AppRun run = AppLauncher.of(app, target).scenario("correct").run();
    // then the application ran to its end, and every lease was seen exactly once
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).contains("correct: counted 60 stock rows over 10 connections")
        .contains("SCENARIO correct DONE");
    assertThat(run.stderr()).as(run.context()).doesNotContain("NoClassDefFoundError").doesNotContain("Exception");
    assertThat(run.report().findings()).as(run.context()).isEmpty();
    assertThat(run.report().leasesOpened()).as(run.context()).isEqualTo(CORRECT_LEASES);
    assertThat(run.report().leasesClosed()).as(run.context()).isEqualTo(CORRECT_LEASES);
  }

  @ParameterizedTest(name = "{0} · {1}")
  @MethodSource("everyLoaderOnEveryJdk")
  void aLeakAndAnNPlusOneInsideTheLoaderAreNamedAndFailTheRun(TestApp app, Target target) {
    // given code that keeps one connection and reads items one query at a time
    // when in a QA run
    AppRun run = AppLauncher.of(app, target).scenario("leak").agentArgs("fail.on=leak").run();
    // then both are found at the lines of the code in the isolated loader
    assertThat(run.stdout()).as(run.context()).contains("leak: read 6 items, one connection left open")
        .contains("SCENARIO leak DONE");
    assertThat(run.report().findingTypes()).as(run.context()).containsExactlyInAnyOrder("OPEN_AT_EXIT", "N_PLUS_ONE");
    assertThat(run.onlyFinding("OPEN_AT_EXIT").acquireFrame()).as(run.context())
        .isEqualTo(TestApp.frameIn(MODULE, SCENARIOS, "keepForever", "// ACQUIRE:inventory-kept"));
    ReportFinding nPlusOne = run.onlyFinding("N_PLUS_ONE");
    assertThat(nPlusOne.executionFrame()).as(run.context())
        .isEqualTo(TestApp.frameIn(MODULE, SCENARIOS, "readItemsOneByOne", "// N+1:inventory-loop"));
    assertThat(nPlusOne.executions()).as(run.context()).isEqualTo(6);
    // set-up, the N+1 lease and the kept one
    assertThat(run.report().leasesOpened()).as(run.context()).isEqualTo(3);
    assertThat(run.report().leasesClosed()).as(run.context()).isEqualTo(2);
    assertThat(run.report().leasesOpen()).as(run.context()).isEqualTo(1);
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(PlainJdbcAppIT.FAIL_EXIT_STATUS);
  }

  @ParameterizedTest(name = "{0} · {1}")
  @MethodSource("everyLoaderOnEveryJdk")
  void attachedToARunningJvmTheLoadersAreFixedBeforeTheirJdbcClasses(TestApp app, Target target) {
    // given the loader, the driver (and for the strict loader HikariCP) loaded and used before connlens
    RunningApp running = AppLauncher.of(app, target).scenario("leak-after-attach").withoutAgent().start()
        .awaitStdoutLine("READY");
    // when connlens is attached (every loaded class loader is retransformed before any JDBC class)
    AppRun run = running.attachAgent("report=" + running.reportPath() + ",fail.on=leak").signalAttached().awaitExit();
    // then the connections taken after the attach, inside the loader, are tracked and named
    assertThat(run.stdout()).as(run.context()).contains("leak-after-attach: read 6 items, one connection left open");
    assertThat(run.report().findingTypes()).as(run.context()).containsExactlyInAnyOrder("OPEN_AT_EXIT", "N_PLUS_ONE");
    assertThat(run.onlyFinding("OPEN_AT_EXIT").acquireFrame()).as(run.context())
        .isEqualTo(TestApp.frameIn(MODULE, SCENARIOS, "keepForever", "// ACQUIRE:inventory-kept"));
    assertThat(run.report().leasesOpened()).as(run.context()).isEqualTo(2);
    assertThat(run.report().leasesOpen()).as(run.context()).isEqualTo(1);
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(PlainJdbcAppIT.FAIL_EXIT_STATUS);
  }
}
