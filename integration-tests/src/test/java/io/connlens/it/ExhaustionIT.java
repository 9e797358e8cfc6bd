package io.connlens.it;

import static io.connlens.it.TestDatabase.H2;
import static io.connlens.it.TestDatabase.MARIADB;
import static io.connlens.it.TestDatabase.POSTGRESQL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every exhaustion explained by the code that caused it: the pools app pins all the connections of a
 * pool of two from one method, and a borrow from another method times out (every pool, each with a
 * short borrow timeout, as several wait for ever by default); the pool held at its maximum until the
 * agent calls it saturated (HikariCP); and, on the real PostgreSQL and MariaDB, a user the server lets
 * have two connections: first two direct DriverManager connections and a third the server refuses,
 * then HikariCP, whose borrow times out because the server refuses the pool a third connection.
 */
@DisplayName("exhaustion")
class ExhaustionIT {
  private static final TestApp APP = TestApp.POOLS;
  /** The user the servers let have two connections (created here, idempotently). */
  private static final String LIMITED_USER = "connlens_limited";
  private static final int LIMIT = 2;

  static List<Target> everyPool() {
    return Jdk.underTest(17).map(jdk -> Target.poolMatrix(jdk, H2, TestPool.with(pool -> true))).orElse(List.of());
  }

  static List<Target> hikari() {
    return Jdk.underTest(17).map(jdk -> Target.poolMatrix(jdk, H2, List.of(TestPool.HIKARI))).orElse(List.of());
  }

  static List<Target> hikariOnEachServer() {
    List<Target> targets = new ArrayList<>();
    Jdk.underTest(17).ifPresent(jdk -> {
      targets.addAll(Target.poolMatrix(jdk, POSTGRESQL, List.of(TestPool.HIKARI)));
      targets.addAll(Target.poolMatrix(jdk, MARIADB, List.of(TestPool.HIKARI)));
    });
    return targets;
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("everyPool")
  void aBorrowFromAFullPoolIsExplainedByTheCodeThatPinnedItsConnections(Target target) {
    // given: pinConnections holds both connections of a pool of two on its own thread
    // when: borrowOneMore times out, and the app catches the exception
    AppRun run = AppLauncher.of(APP, target).scenario("exhausted").agentArgs("site.capture=all").run();
    // then: one POOL_EXHAUSTED, headlined by the pinning line, its two holders, and the failed borrow apart
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly("POOL_EXHAUSTED");
    ReportFinding exhausted = run.onlyFinding("POOL_EXHAUSTED");
    String pinned = APP.acquireFrame("pinConnections", "pinned");
    assertThat(exhausted.acquireFrame()).as(run.context()).isEqualTo(pinned);
    assertThat(exhausted.pool()).as(run.context()).isEqualTo(target.pool().reportedName(target.database().url()));
    JsonNode holders = exhausted.field("holders");
    assertThat(holders.size()).as(run.context()).isEqualTo(1);
    assertThat(holders.get(0).path("site").path("frames").get(0).asText()).as(run.context()).isEqualTo(pinned);
    assertThat(holders.get(0).path("count").asInt()).as(run.context()).isEqualTo(2);
    assertThat(holders.get(0).path("threads").get(0).path("thread").asText()).as(run.context())
        .isEqualTo("pinning-worker");
    assertThat(exhausted.field("failedBorrow").path("thread").asText()).as(run.context()).isEqualTo("main");
    assertThat(exhausted.field("failedBorrow").path("site").path("frames").get(0).asText()).as(run.context())
        .isEqualTo(APP.acquireFrame("borrowOneMore", "exhausted-borrow"));
    assertThat(exhausted.field("maxSize").asInt()).as(run.context()).isEqualTo(2);
    // the warning is on stderr either way: a [connlens] block, or a record of the app's SLF4J Simple
    // (log.output=auto) once a pool that logs through SLF4J has initialized it
    assertThat(run.stderr()).as(run.context()).containsPattern("(\\[connlens\\]|connlens\\.finding\\.POOL_EXHAUSTED -) ERROR POOL_EXHAUSTED:")
        .contains("the borrow that failed: thread main");
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("hikari")
  void aPoolHeldAtItsMaximumIsSaturatedOnce(Target target) {
    // given: both connections of a pool of two pinned until the agent reports the saturation
    // when: saturation is judged after one second at 80% or more
    AppRun run = AppLauncher.of(APP, target).scenario("saturated")
        .agentArgs("site.capture=all,pool.saturation.duration=1s").run();
    // then: one POOL_SATURATION of one spell, headlined by the pinning line
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly("POOL_SATURATION");
    ReportFinding saturated = run.onlyFinding("POOL_SATURATION");
    assertThat(saturated.count()).as(run.context()).isEqualTo(1);
    assertThat(saturated.acquireFrame()).as(run.context()).isEqualTo(APP.acquireFrame("pinConnections", "pinned"));
    assertThat(saturated.field("active").asInt()).as(run.context()).isEqualTo(2);
    assertThat(saturated.field("maxSize").asInt()).as(run.context()).isEqualTo(2);
    assertThat(saturated.field("holders").get(0).path("count").asInt()).as(run.context()).isEqualTo(2);
    assertThat(saturated.message()).as(run.context()).contains("2 of 2 connections in use (100%");
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("hikariOnEachServer")
  void aServerOutOfSlotsIsExplainedByThisJvmsConnectionsToIt(Target target) throws SQLException {
    // given: a user the server lets have two connections
    String url = limitedUserUrl(target.database());
    // when: two direct connections and a third, refused; then a HikariCP pool of five whose third borrow
    // times out because the server refuses the pool a third connection
    AppRun run = AppLauncher.of(APP, target).scenario("server-limit").url(url).agentArgs("site.capture=all").run();
    // then: the direct refusal, at its line, with the two direct connections by their site
    assertThat(run.exitStatus()).as(run.context()).isZero();
    String server = "127.0.0.1:" + (target.database() == POSTGRESQL ? "5432" : "3306") + "/test";
    String refusedDirectly = APP.acquireFrame("connectOneMoreDirectly", "direct-refused");
    ReportFinding direct = run.onlyFindingAt("SERVER_CONNECTION_LIMIT", refusedDirectly);
    assertThat(direct.message()).as(run.context())
        .startsWith("the database server at " + server + " refused a new connection: ")
        .contains(target.database() == POSTGRESQL
            ? "too many connections for role \"" + LIMITED_USER + "\" (SQLState 53300)"
            : "'max_user_connections'");
    assertThat(direct.field("server").asText()).as(run.context()).isEqualTo(server);
    JsonNode directConnections = direct.field("serverConnections");
    assertThat(directConnections.path("direct").asInt()).as(run.context()).isEqualTo(LIMIT);
    assertThat(directConnections.path("directBySite").get(0).path("site").path("frames").get(0).asText())
        .as(run.context()).isEqualTo(APP.acquireFrame("holdDirectConnections", "direct-held"));
    assertThat(directConnections.path("directBySite").get(0).path("count").asInt()).as(run.context()).isEqualTo(LIMIT);
    // and the pool's timeout is the server's limit, not the pool's: no POOL_EXHAUSTED, the pool's two
    // connections counted, the borrow that failed named
    assertThat(run.report().findings("POOL_EXHAUSTED")).as(run.context()).isEmpty();
    ReportFinding pooled = run.onlyFindingAt("SERVER_CONNECTION_LIMIT", APP.acquireFrame("borrowOneMore",
        "exhausted-borrow"));
    assertThat(pooled.pool()).as(run.context()).isEqualTo(TestPool.POOL_NAME);
    assertThat(pooled.message()).as(run.context())
        .startsWith("the database server at " + server + " refused a new connection: ")
        .doesNotContain("Connection is not available");
    assertThat(pooled.field("serverConnections").path("pools").path(TestPool.POOL_NAME).asInt()).as(run.context())
        .isEqualTo(LIMIT);
    assertThat(pooled.field("serverConnections").path("direct").asInt()).as(run.context()).isZero();
  }

  /** The URL of {@code database} as {@value #LIMITED_USER}, made (once, idempotently) a user of {@value #LIMIT} connections. */
  private static String limitedUserUrl(TestDatabase database) throws SQLException {
    String adminUrl = database.url();
    String password = parameter(adminUrl, "password");
    try (Connection admin = DriverManager.getConnection(adminUrl); Statement statement = admin.createStatement()) {
      if (database == POSTGRESQL) {
        statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + LIMITED_USER
            + "') THEN CREATE ROLE " + LIMITED_USER + " LOGIN CONNECTION LIMIT " + LIMIT + "; END IF; END $$");
        statement.execute("ALTER ROLE " + LIMITED_USER + " CONNECTION LIMIT " + LIMIT
            + (password == null ? "" : " PASSWORD '" + password + "'"));
      } else {
        statement.execute("CREATE USER IF NOT EXISTS '" + LIMITED_USER + "'@'%' WITH MAX_USER_CONNECTIONS " + LIMIT);
        statement.execute("ALTER USER '" + LIMITED_USER + "'@'%' IDENTIFIED BY '" + (password == null ? "" : password)
            + "' WITH MAX_USER_CONNECTIONS " + LIMIT);
        statement.execute("GRANT ALL ON test.* TO '" + LIMITED_USER + "'@'%'");
      }
    }
    return Urls.withParameter(adminUrl, "user", LIMITED_USER);
  }

  private static String parameter(String url, String name) {
    Matcher m = Pattern.compile("[?&;]" + Pattern.quote(name) + "=([^&;]*)").matcher(url);
    return m.find() ? m.group(1) : null;
  }
}
