package io.connlens.it;

import static io.connlens.it.TestDatabase.H2;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DBCP2's {@code PoolingDriver}, the pool an application reaches through {@code DriverManager}
 * ({@code jdbc:apache:commons:dbcp:orders}): each connection is a lease from the pool registered as
 * {@code orders}, never a connection opened outside a pool, and a dropped one is a leak from that pool
 * at the line that took it. DBCP2's own suite found connlens reading it as unpooled connections.
 */
@DisplayName("DBCP2 PoolingDriver")
class PoolingDriverIT {
  private static final TestApp APP = TestApp.POOLS_POOLING_DRIVER;
  /** The set-up borrow, 50 borrows closed, and the dropped one. */
  private static final long LEASES = 52;

  static List<Target> dbcp2() {
    return Jdk.underTest(17).map(jdk -> Target.poolMatrix(jdk, H2, List.of(TestPool.DBCP2))).orElse(List.of());
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("dbcp2")
  void connectionsFromDriverManagerAreLeasesOfTheRegisteredPool(Target target) {
    // when: correct borrows through DriverManager, then one dropped without close(), in a QA run
    AppRun run = AppLauncher.of(APP, target).scenario("pooling-driver").agentArgs("fail.on=leak").run();
    // then: the dropped one is the only finding (no UNPOOLED_CONNECTIONS), named at its line and pool
    assertThat(run.stdout()).as(run.context()).contains("SCENARIO pooling-driver DONE");
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly("LEAK_UNCLOSED");
    ReportFinding leak = run.onlyFinding("LEAK_UNCLOSED");
    assertThat(leak.acquireFrame()).as(run.context())
        .isEqualTo(APP.markedFrame("PoolingDriverApp", "forgetToClose", "// ACQUIRE:pooling-driver-dropped"));
    assertThat(leak.pool()).as(run.context()).isEqualTo("orders");
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(PlainJdbcAppIT.FAIL_EXIT_STATUS);
    // and the pool has every lease under its registered name, over the one physical connection it opened
    assertThat(run.report().pools()).as(run.context()).containsOnlyKeys("orders");
    ReportPool pool = run.report().pool("orders");
    assertThat(pool.database()).as(run.context()).startsWith(target.database().urlScheme());
    assertThat(run.report().leasesOpened()).as(run.context()).isEqualTo(LEASES);
    assertThat(pool.physicalConnections().path("opened").asLong()).as(run.context()).isEqualTo(1L);
    assertThat(run.report().summary().path("physicalConnections").path("opened").asLong()).as(run.context())
        .isEqualTo(1L);
    // GenericObjectPool's default maxTotal, read from the object pool itself
    assertThat(pool.maxSize()).as(run.context()).isEqualTo(8);
  }
}
