package io.connlens.it;

import static io.connlens.it.TestDatabase.H2;
import static io.connlens.it.TestDatabase.POSTGRESQL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Spring Boot app (Spring Data JPA on Hibernate 6, JdbcTemplate, Boot's HikariCP pool
 * "spring-jpa-pool") under the agent: the statement findings N_PLUS_ONE, UNBATCHED_WRITES and
 * IDLE_IN_TRANSACTION name the application line behind the Spring and Hibernate frames, and the
 * correct ways of doing the same work are no finding.
 */
@DisplayName("Spring Boot + JPA app")
class SpringJpaAppIT {
  private static final TestApp APP = TestApp.SPRING_JPA;
  /** The orders the app seeds, each with a customer of its own: one lazy load or query per order. */
  private static final int SEEDED_ORDERS = 20;
  /** The customers the import scenarios insert. */
  private static final int IMPORTED_CUSTOMERS = 50;
  private static final List<String> STATEMENT_FINDINGS =
      List.of("N_PLUS_ONE", "UNBATCHED_WRITES", "IDLE_IN_TRANSACTION");

  /**
   * H2 on every JDK from 17 on (Spring Boot 3 needs 17), PostgreSQL on the first of them only: a
   * Spring run under the agent takes 15 s or more on the 2-core CI machine, the SQL Hibernate writes
   * depends on the database rather than the JDK, and the whole matrix would add minutes to the suite.
   */
  static List<Target> h2OnEveryJdkAndPostgresqlOnOne() {
    List<Target> targets = new ArrayList<>();
    List<Jdk> jdks = Jdk.underTest().stream().filter(jdk -> jdk.feature() >= 17).toList();
    for (Jdk jdk : jdks) {
      targets.add(new Target(jdk, H2, null));
    }
    if (!jdks.isEmpty()) {
      targets.add(new Target(jdks.get(0), POSTGRESQL, null));
    }
    return targets;
  }

  /** H2 on every JDK from 17 on. */
  static List<Target> h2OnEveryJdk() {
    return h2OnEveryJdkAndPostgresqlOnOne().stream().filter(target -> target.database() == H2).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("h2OnEveryJdkAndPostgresqlOnOne")
  void lazyLoadingInALoopIsAnNPlusOneAtTheLoopLine(Target target) {
    // given: a transaction that loads every order, then reads each order's lazy customer
    // when
    AppRun run = launch(target, "jpa-n-plus-one").run();
    // then: the finding names the loop line, not the Hibernate proxy or the Spring frames above it
    assertCompleted(run, "jpa-n-plus-one");
    ReportFinding nPlusOne = run.onlyFinding("N_PLUS_ONE");
    String frame = APP.markedFrame("OrderReport", "customerNamesLoadedLazily", "// N+1:jpa-lazy-loop");
    assertThat(nPlusOne.executionFrame()).as(run.context()).isEqualTo(frame);
    assertThat(nPlusOne.sql()).as(run.context())
        .isEqualTo("select c1_0.id, c1_0.name from customer c1_0 where c1_0.id=?");
    assertThat(nPlusOne.executions()).as(run.context()).isEqualTo(SEEDED_ORDERS);
    assertThat(nPlusOne.sourceSql()).as(run.context()).contains("from purchase_order");
    // Hibernate 6 initialized one lazy Customer proxy at a time: the entity is named, and its fix
    assertThat(nPlusOne.entity()).as(run.context()).isEqualTo("Customer");
    assertThat(nPlusOne.association()).as(run.context()).isNull();
    assertThat(nPlusOne.message()).as(run.context()).endsWith("loading one Customer at a time");
    assertThat(nPlusOne.hint()).as(run.context()).contains("@BatchSize on Customer");
    assertThat(nPlusOne.siteApplicationFrame()).as(run.context()).isTrue();
    // known when the main thread's run ends, as the app exits: a record of Boot's log (stdout) when the
    // agent's thread writes it before the JVM begins to exit, else the [connlens] block on stderr
    assertThat(run.stdout() + run.stderr()).as("a warning naming N_PLUS_ONE\n%s", run.context())
        .containsPattern("(?m)^(\\[connlens\\] |.* connlens\\.finding\\.N_PLUS_ONE +: )WARNING N_PLUS_ONE: ");
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly("N_PLUS_ONE");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("h2OnEveryJdkAndPostgresqlOnOne")
  void jdbcTemplateQueryPerRowOutsideATransactionIsAnNPlusOneAtTheLoopLine(Target target) {
    // given: no transaction, so every JdbcTemplate query takes and returns its own pooled connection
    // when: one query per order after the query of the orders
    AppRun run = launch(target, "jdbc-template-n-plus-one").run();
    // then: the back-to-back run across those leases is one unit of work
    assertCompleted(run, "jdbc-template-n-plus-one");
    ReportFinding nPlusOne = run.onlyFinding("N_PLUS_ONE");
    String frame = APP.markedFrame("CustomerDirectory", "customerNamesOneQueryPerOrder", "// N+1:jdbc-template-loop");
    // JdbcTemplate, not JPA, ran these: the hint says so. One connection per query: the query before
    // the run is only the thread's last one, so the message claims no rows it did not see
    assertThat(nPlusOne.hint()).as(run.context()).contains("NamedParameterJdbcTemplate").doesNotContain("JPA");
    assertThat(nPlusOne.message()).as(run.context()).endsWith("times from one call site, back to back on one thread");
    assertThat(nPlusOne.executionFrame()).as(run.context()).isEqualTo(frame);
    assertThat(nPlusOne.sql()).as(run.context()).isEqualTo("select name from customer where id = ?");
    assertThat(nPlusOne.executions()).as(run.context()).isEqualTo(SEEDED_ORDERS);
    assertThat(nPlusOne.sourceSql()).as(run.context())
        .isEqualTo("select customer_id from purchase_order order by id");
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly("N_PLUS_ONE");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("h2OnEveryJdkAndPostgresqlOnOne")
  void savingEntitiesOneByOneIsUnbatchedWritesAtTheSaveLine(Target target) {
    // given: a transaction saving new entities with IDENTITY ids, which Hibernate cannot batch
    // when
    AppRun run = launch(target, "jpa-unbatched-inserts").run();
    // then
    assertCompleted(run, "jpa-unbatched-inserts");
    ReportFinding unbatched = run.onlyFinding("UNBATCHED_WRITES");
    String frame = APP.markedFrame("CustomerImport", "saveOneByOne", "// UNBATCHED:jpa-save-loop");
    assertThat(unbatched.executionFrame()).as(run.context()).isEqualTo(frame);
    // Hibernate 6 writes the IDENTITY insert in each dialect's own way
    assertThat(unbatched.sql()).as(run.context()).isEqualTo(target.database() == H2
        ? "insert into customer (name, id) values (?, default)"
        : "insert into customer (name) values (?)");
    assertThat(unbatched.executions()).as(run.context()).isEqualTo(IMPORTED_CUSTOMERS);
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly("UNBATCHED_WRITES");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("h2OnEveryJdkAndPostgresqlOnOne")
  void transactionLeftIdleAfterAnUpdateNamesTheUpdateLine(Target target) {
    // given: a @Transactional method that runs an UPDATE, then waits on a slow call before committing
    // when: in a QA-like run that captures every site, with a short idle threshold
    AppRun run = launch(target, "idle-transaction")
        .agentArgs("transaction.idle.threshold=300ms,site.capture=all").run();
    // then: the finding carries the UPDATE and the line that ran it
    assertCompleted(run, "idle-transaction");
    ReportFinding idle = run.onlyFinding("IDLE_IN_TRANSACTION");
    assertThat(idle.sql()).as(run.context()).isEqualTo("update purchase_order set total = total + ? where id = ?");
    String frame = APP.markedFrame("OrderRepricing", "repriceThenCallSlowService", "// IDLE:update-then-wait");
    assertThat(idle.lastStatementFrame()).as(run.context()).isEqualTo(frame);
    assertThat(run.report().findingTypes()).as(run.context()).containsExactly("IDLE_IN_TRANSACTION");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("h2OnEveryJdkAndPostgresqlOnOne")
  void correctCodeHasNoFindings(Target target) {
    // given: the fixes, one after the other in one JVM (a JVM per fix would cost a Spring start each):
    // a JOIN FETCH query, one query with WHERE id IN (:ids), JdbcTemplate.batchUpdate
    // (addBatch/executeBatch), and 8 pages read with LIMIT ? OFFSET ? from one call site
    // when
    AppRun run = launch(target, "correct").run();
    // then
    assertCompleted(run, "correct");
    assertThat(run.stdout()).as(run.context())
        .contains("jpa-join-fetch: ", "jdbc-template-in-list: ", "jdbc-batch-insert: ", "paging: ");
    assertNoFinding(run);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("h2OnEveryJdk")
  void statementTrackingTurnedOffReportsNoNPlusOne(Target target) {
    // given: the lazy-loading loop
    // when: statements=false
    AppRun run = launch(target, "jpa-n-plus-one").agentArgs("statements=false").run();
    // then
    assertCompleted(run, "jpa-n-plus-one");
    assertNoFinding(run);
  }

  private static void assertCompleted(AppRun run, String scenario) {
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).contains("SCENARIO " + scenario + " DONE");
  }

  private static void assertNoFinding(AppRun run) {
    assertThat(run.report().findingTypes()).as(run.context()).doesNotContainAnyElementsOf(STATEMENT_FINDINGS);
    assertThat(run.report().findings()).as(run.context()).isEmpty();
  }

  private static AppLauncher launch(Target target, String scenario) {
    return AppLauncher.of(APP, target).scenario(scenario);
  }
}
