package io.connlens.it;

import static io.connlens.it.PlainJdbcAppIT.FAIL_EXIT_STATUS;
import static io.connlens.it.TestDatabase.H2;
import static io.connlens.it.TestDatabase.POSTGRESQL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pools app under the agent on each major connection pool (HikariCP, DBCP2, Tomcat DBCP, Tomcat
 * JDBC, c3p0, Agroal, Vibur; see {@link TestPool} for what each does with the connections it hands out).
 * Every scenario runs on every pool on JDK 17 and H2; the exception-path leak also on the newest other
 * JDK under test and on PostgreSQL, as a smoke: what differs between pools is the pool's code, which
 * the JDK and the database change little, and the whole axis everywhere would add minutes. Leak runs
 * set {@code fail.on=leak} so every lease carries its acquire site, as in a QA run.
 */
@DisplayName("pools app")
class PoolsAppIT {
  private static final TestApp APP = TestApp.POOLS;
  /** ScenarioConsole.USAGE_EXIT_STATUS: the app refused its command line. */
  private static final int USAGE_EXIT_STATUS = 2;
  /** The table set-up, 50 borrows, one closed on another thread, one on an executor. */
  private static final int CORRECT_LEASES = 53;
  /** The table set-up and 100 borrows, each invalidated through the pool. */
  private static final int INVALIDATE_LEASES = 101;

  static List<Target> everyPool() {
    return onJdk17(H2, TestPool.with(pool -> true));
  }

  /** The pools with a name property that generate a name of their own when it is unset. */
  static List<Target> poolsThatNameThemselves() {
    return onJdk17(H2, List.of(TestPool.TOMCAT_JDBC, TestPool.C3P0, TestPool.VIBUR));
  }

  static List<Target> c3p0() {
    return onJdk17(H2, List.of(TestPool.C3P0));
  }

  static List<Target> everyPoolThatInvalidates() {
    return onJdk17(H2, TestPool.with(TestPool::invalidates));
  }

  static List<Target> everyPoolThatRemovesAbandonedConnections() {
    return onJdk17(H2, TestPool.with(TestPool::removesAbandoned));
  }

  static List<Target> everyPoolWithoutAbandonedConnectionRemoval() {
    return onJdk17(H2, TestPool.with(pool -> !pool.removesAbandoned()));
  }

  /** Every pool on the newest JDK under test after 17 (JDK 25 by default and in CI), on H2. */
  static List<Target> everyPoolOnTheNewestJdk() {
    Optional<Jdk> newest = Jdk.underTest().stream().filter(jdk -> jdk.feature() > 17)
        .max(Comparator.comparingInt(Jdk::feature));
    return newest.map(jdk -> Target.poolMatrix(jdk, H2, TestPool.with(pool -> true))).orElse(List.of());
  }

  static List<Target> everyPoolOnPostgresql() {
    return onJdk17(POSTGRESQL, TestPool.with(pool -> true));
  }

  /** The pools on JDK 17, or none when it is not under test (-Dconnlens.it.jdks leaves it out). */
  private static List<Target> onJdk17(TestDatabase database, List<TestPool> pools) {
    return Jdk.underTest(17).map(jdk -> Target.poolMatrix(jdk, database, pools)).orElse(List.of());
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("everyPool")
  void correctCodeHasNoFindingsAndThePoolHasEveryLease(Target target) {
    // given: borrow/return with try-with-resources, a close on another thread, a task on an executor, then the pool's close()
    // when
    AppRun run = launch(target, "correct").run();
    // then
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).contains("SCENARIO correct DONE");
    assertThat(run.report().findings()).as(run.context()).isEmpty();
    assertThat(run.report().leasesOpened()).as("leases opened\n%s", run.context()).isEqualTo(CORRECT_LEASES);
    assertThat(run.report().leasesClosed()).as("leases closed\n%s", run.context()).isEqualTo(CORRECT_LEASES);
    // and the pool, the app's only source of connections, has them all under its name: every lease,
    // and the physical connections it opened (at most its 5, c3p0's helper threads' included) and
    // closed at its close()
    String name = target.pool().reportedName(target.database().url());
    assertThat(run.report().pools()).as(run.context()).containsOnlyKeys(name);
    ReportPool pool = run.report().pool(name);
    assertThat(pool.database()).as(run.context()).startsWith(target.database().urlScheme());
    assertThat(pool.leases()).as(run.context()).isEqualTo(leases(CORRECT_LEASES));
    assertThat(pool.physicalConnections()).as(run.context())
        .isEqualTo(run.report().summary().path("physicalConnections"));
    assertThat(pool.physicalConnections().path("opened").asLong()).as(run.context()).isBetween(1L, 5L);
    assertThat(pool.physicalConnections().path("open").asLong()).as(run.context()).isZero();
    assertThat(pool.maxSize()).as(run.context()).isEqualTo(5);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("everyPool")
  void thePoolsOwnThreadsAreNoLeasesEvenPastALowLeakThreshold(Target target) {
    // given: the correct code, on a pool whose own threads open and hold its physical connections
    // (c3p0's helper threads through its internal DriverManagerDataSource) for the whole run
    // when: connections held past 200 ms are suspected, and any leak fails the run
    AppRun run = launch(target, "correct").agentArgs("leak.threshold=200ms,fail.on=leak").run();
    // then: no finding of the pool's threads. The table set-up, the run's first lease, is where the
    // driver's classes are loaded and instrumented: on a loaded machine that lease alone may be held
    // past 200 ms, the application's own hold, so a finding there is left alone
    String setUp = APP.acquireFrame("createTable", "set-up");
    assertThat(run.report().findings()).as(run.context()).allMatch(finding -> setUp.equals(finding.acquireFrame()));
    assertThat(run.report().leasesOpened()).as("leases opened\n%s", run.context()).isEqualTo(CORRECT_LEASES);
    // (a suspected lease that is closed later is a LONG_HOLD, which fails no run)
    assertThat(run.exitStatus()).as(run.context()).isZero();
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("c3p0")
  void withItsModuleSwitchedOffC3p0sOwnConnectionsAreCountedAsLeasesAgain(Target target) {
    // given: the correct code on c3p0, its module switched off (instrumentation.c3p0.enabled=false)
    // when
    AppRun run = launch(target, "correct").agentArgs("instrumentation.c3p0.enabled=false").run();
    // then: the generic DataSource hook alone takes the connections c3p0's helper threads open through
    // its DriverManagerDataSource for leases, as before the module: the key switches the module off,
    // and the module is what tells them apart
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.report().leasesOpened()).as("leases opened\n%s", run.context()).isGreaterThan(CORRECT_LEASES);
    assertThat(run.report().summary().path("configurationProblems")).as(run.context()).isEmpty();
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("everyPool")
  void connectionLeftOnAnExceptionPathIsNamed(Target target) {
    assertExceptionPathLeakIsNamed(target);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("everyPoolOnTheNewestJdk")
  void connectionLeftOnAnExceptionPathIsNamedOnTheNewestJdk(Target target) {
    assertExceptionPathLeakIsNamed(target);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("everyPoolOnPostgresql")
  void connectionLeftOnAnExceptionPathIsNamedOnPostgresql(Target target) {
    assertExceptionPathLeakIsNamed(target);
  }

  private static void assertExceptionPathLeakIsNamed(Target target) {
    // given: a pooled connection whose query throws before close()
    // when
    AppRun run = launch(target, "exception-path").agentArgs("fail.on=leak").run();
    // then: one leak, of the type the pool allows (c3p0 keeps the proxy it handed out: it is never
    // collected and still checked out at exit), named by its line and its pool
    String type = target.pool().droppedConnectionFinding();
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly(type);
    ReportFinding leak = run.onlyFinding(type);
    assertThat(leak.acquireFrame()).as(run.context())
        .isEqualTo(APP.acquireFrame("leakOnExceptionPath", "exception-path"));
    assertThat(leak.pool()).as(run.context()).isEqualTo(target.pool().reportedName(target.database().url()));
    assertThat(leak.database()).as(run.context()).startsWith(target.database().urlScheme());
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(FAIL_EXIT_STATUS);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("everyPool")
  void droppedConnectionIsNamed(Target target) {
    // given: a method that borrows, queries and returns without close()
    // when
    AppRun run = launch(target, "dropped-reference").agentArgs("fail.on=leak").run();
    // then: as on the exception path, the type depends on whether the pool lets the connection be collected
    String type = target.pool().droppedConnectionFinding();
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly(type);
    ReportFinding leak = run.onlyFinding(type);
    assertThat(leak.acquireFrame()).as(run.context())
        .isEqualTo(APP.acquireFrame("forgetToClose", "dropped-reference"));
    assertThat(leak.pool()).as(run.context()).isEqualTo(target.pool().reportedName(target.database().url()));
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(FAIL_EXIT_STATUS);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("poolsThatNameThemselves")
  void aPoolLeftUnnamedIsReportedByItsKindAndDatabase(Target target) {
    // given: the correct code on a pool whose name property is left unset
    // when
    AppRun run = launch(target, "correct-unnamed").run();
    // then: not the name the pool generates (Tomcat JDBC's "Tomcat Connection Pool[1-...]", c3p0's
    // identity token), but <kind>:<database>
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.report().findings()).as(run.context()).isEmpty();
    assertThat(run.report().leasesOpened()).as("leases opened\n%s", run.context()).isEqualTo(CORRECT_LEASES);
    assertThat(run.report().pools()).as(run.context())
        .containsOnlyKeys(target.pool().derivedName(target.database().url()));
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("everyPool")
  void queryPerRowThroughThePoolIsAnNPlusOneAtTheLoopLine(Target target) {
    // given: 10 order lines read by one query, then one query per line, on one borrowed connection
    // when
    AppRun run = launch(target, "nplusone").run();
    // then
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly("N_PLUS_ONE");
    ReportFinding nPlusOne = run.onlyFinding("N_PLUS_ONE");
    assertThat(nPlusOne.executionFrame()).as(run.context())
        .isEqualTo(APP.markedFrame("PoolsApp", "readLinesOneByOne", "// N+1:pools-loop"));
    assertThat(nPlusOne.sql()).as(run.context()).isEqualTo("SELECT item FROM connlens_lines WHERE id = ?");
    assertThat(nPlusOne.executions()).as(run.context()).isEqualTo(10);
    assertThat(nPlusOne.pool()).as(run.context()).isEqualTo(target.pool().reportedName(target.database().url()));
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("everyPoolThatInvalidates")
  void aConnectionInvalidatedThroughThePoolIsNoLeak(Target target) {
    // given: 100 borrows, each given back with the pool's documented invalidate (DBCP2's
    // invalidateConnection, HikariCP's evictConnection) instead of close()
    // when
    AppRun run = launch(target, "invalidate").agentArgs("fail.on=leak").run();
    // then: correct code, and the pool ended every lease
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).contains("SCENARIO invalidate DONE");
    assertThat(run.report().findings()).as(run.context()).isEmpty();
    assertThat(run.report().leasesOpened()).as("leases opened\n%s", run.context()).isEqualTo(INVALIDATE_LEASES);
    assertThat(run.report().leasesClosed()).as("leases closed\n%s", run.context()).isEqualTo(INVALIDATE_LEASES);
    String name = target.pool().reportedName(target.database().url());
    assertThat(run.report().pool(name)).as(run.context()).isNotNull();
    assertThat(run.report().pool(name).leases()).as(run.context()).isEqualTo(leases(INVALIDATE_LEASES));
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("everyPoolThatRemovesAbandonedConnections")
  void aLeakThePoolTakesBackIsReportedOnceAsEndedByThePool(Target target) {
    // given: a connection taken and kept, never closed, that the pool's abandoned-connection removal
    // takes back after 1 s (the app waits on the pool's counters until it has)
    // when
    AppRun run = launch(target, "abandoned").agentArgs("fail.on=leak").run();
    // then: the leak is reported once, as ended by the pool rather than open at exit
    assertThat(run.stdout()).as(run.context()).contains("abandoned: " + target.pool() + " took back the leaked connection");
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly("LEAK_UNCLOSED");
    ReportFinding leak = run.onlyFinding("LEAK_UNCLOSED");
    assertThat(leak.acquireFrame()).as(run.context())
        .isEqualTo(APP.acquireFrame("keepUntilThePoolTakesItBack", "abandoned"));
    assertThat(leak.endedBy()).as(run.context()).isEqualTo("POOL");
    assertThat(leak.pool()).as(run.context()).isEqualTo(target.pool().reportedName(target.database().url()));
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(FAIL_EXIT_STATUS);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("everyPoolWithoutAbandonedConnectionRemoval")
  void aPoolWithoutAbandonedConnectionRemovalRefusesThatScenario(Target target) {
    // given: HikariCP or Agroal, whose leak detection only reports
    // when
    AppRun run = launch(target, "abandoned").run();
    // then
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(USAGE_EXIT_STATUS);
    assertThat(run.stderr()).as(run.context()).contains(target.pool() + " has no abandoned-connection removal");
    assertThat(run.report().leasesOpened()).as(run.context()).isZero();
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("everyPool")
  void aConnectionCheckedOutWhenThePoolClosesIsEndedByThePoolOrOpenAtExit(Target target) {
    // given: a connection taken and kept, never closed, while the application closes the pool
    // when
    AppRun run = launch(target, "shutdown-leak").agentArgs("fail.on=leak").run();
    // then
    String frame = APP.acquireFrame("keepPastShutdown", "shutdown-leak");
    assertThat(run.stdout()).as(run.context()).contains("SCENARIO shutdown-leak DONE");
    if (target.pool().atClose() == TestPool.AtClose.ENDS) {
      // HikariCP aborts it, c3p0 and Agroal close it: the pool ended the lease, the application never did
      assertThat(run.stdout()).as(run.context()).containsAnyOf("close() found the connection checked out and closed it",
          "close() found the connection checked out and aborted it");
      assertThat(run.report().findingTypes()).as(run.context()).containsExactly("LEAK_UNCLOSED");
      ReportFinding leak = run.onlyFinding("LEAK_UNCLOSED");
      assertThat(leak.acquireFrame()).as(run.context()).isEqualTo(frame);
      assertThat(leak.endedBy()).as(run.context()).isEqualTo("POOL_SHUTDOWN");
    } else {
      // DBCP2, Tomcat DBCP, Tomcat JDBC and Vibur close idle connections only: this one is still open at exit
      assertThat(run.stdout()).as(run.context()).contains("close() found the connection checked out and left it open");
      assertThat(run.report().findingTypes()).as(run.context()).containsExactly("OPEN_AT_EXIT");
      assertThat(run.onlyFinding("OPEN_AT_EXIT").acquireFrame()).as(run.context()).isEqualTo(frame);
    }
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(FAIL_EXIT_STATUS);
  }

  /** A pool entry's {@code leases}: all {@code count} opened and closed by the application. */
  private static String leases(int count) {
    return "{\"opened\":" + count + ",\"closed\":" + count + ",\"open\":0,\"unclosed\":0}";
  }

  private static AppLauncher launch(Target target, String scenario) {
    return AppLauncher.of(APP, target).scenario(scenario);
  }
}
