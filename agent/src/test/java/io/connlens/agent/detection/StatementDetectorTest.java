package io.connlens.agent.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.DataSourceInfo;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.OrmLoad;
import io.connlens.agent.registry.QueryBurst;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.sql.SqlDialect;
import io.connlens.agent.sql.SqlFingerprint;
import io.connlens.agent.testing.Frames;
import io.connlens.api.FindingType;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementDetectorTest {
  private static final CallSite LOOP = CallSite.of(List.of("com.example.OrderService.totals(OrderService.java:31)"));

  private final FindingStore store = new FindingStore(System::currentTimeMillis);
  private final StatementDetector detector = new StatementDetector(store);
  private final LeaseRegistry registry =
      new LeaseRegistry(new SiteCapture(SiteCapture.Mode.OFF, 1), Frames.STACK_FRAMES, Modules.pools(), System::currentTimeMillis);
  private final Lease lease =
      registry.open(new Object(), DataSourceInfo.DRIVER_MANAGER, "jdbc:h2:mem:x", Thread.currentThread());

  private List<Finding> burst(String sql, String previous) {
    detector.onBurst(new QueryBurst(SqlFingerprint.of(sql, SqlDialect.GENERIC), 12, previous == null ? null : SqlFingerprint.of(previous, SqlDialect.GENERIC),
        LOOP, lease.pool(), lease.database(), "main", false));
    detector.scan();
    return store.findings();
  }

  @Test
  void aRepeatedSelectIsAnNPlusOneWithItsSourceAndAHint() {
    List<Finding> findings = burst("select * from customer where id = ?", "select * from orders");
    assertThat(findings).hasSize(1);
    Finding f = findings.get(0);
    assertThat(f.type()).isEqualTo(FindingType.N_PLUS_ONE);
    assertThat(f.sql()).isEqualTo("select * from customer where id = ?");
    assertThat(f.executions()).isEqualTo(12);
    assertThat(f.sourceSql()).isEqualTo("select * from orders");
    assertThat(f.site()).isEqualTo(LOOP);
    assertThat(f.message()).endsWith("once per row of the query before it");
    // no JPA on the stack: the hint does not send a JDBC user to JPA
    assertThat(f.hint()).contains("IN (...)").doesNotContain("JPA").doesNotContain("JOIN FETCH");
    assertThat(f.ormLoad()).isNull();
  }

  private static final StackTraceElement[] THROUGH_HIBERNATE = {
    new StackTraceElement("org.h2.jdbc.JdbcPreparedStatement", "executeQuery", "JdbcPreparedStatement.java", 1),
    new StackTraceElement("org.hibernate.loader.ast.internal.CollectionLoaderSingleKey", "load", "C.java", 2),
    new StackTraceElement("com.example.OwnerController", "list", "OwnerController.java", 40),
  };

  private List<Finding> burst(QueryBurst b) {
    detector.onBurst(b);
    detector.scan();
    return store.findings();
  }

  private QueryBurst burstOf(String sql, String previous, CallSite site, boolean followsPrevious, OrmLoad load) {
    return new QueryBurst(SqlFingerprint.of(sql, SqlDialect.GENERIC), 12,
        previous == null ? null : SqlFingerprint.of(previous, SqlDialect.GENERIC), site, lease.pool(),
        lease.database(), "main", false, followsPrevious, load);
  }

  @Test
  void aCollectionHibernateLoadedOneOwnerAtATimeIsNamedInMessageHintAndFinding() {
    // given the repeats ran while Hibernate initialized Owner.pets
    OrmLoad pets = OrmLoad.collection("org.springframework.samples.petclinic.owner.Owner.pets",
        "org.springframework.samples.petclinic.owner.Owner");
    CallSite site = Frames.STACK_FRAMES.site(THROUGH_HIBERNATE);
    // when
    List<Finding> findings = burst(burstOf("select * from pets where owner_id = ?", "select * from owners", site,
        false, pets));
    // then
    Finding f = findings.get(0);
    assertThat(f.ormLoad().name()).isEqualTo("Owner.pets");
    assertThat(f.message()).contains("loading Owner.pets for one Owner at a time");
    assertThat(f.hint()).startsWith("Owner.pets: ").contains("@BatchSize on Owner.pets")
        .contains("JOIN FETCH").contains("hibernate.default_batch_fetch_size");
  }

  @Test
  void anEntityHibernateLoadedOneAtATimeIsNamed() {
    List<Finding> findings = burst(burstOf("select * from types where id = ?", null,
        Frames.STACK_FRAMES.site(THROUGH_HIBERNATE), false, OrmLoad.entity("org.example.PetType")));
    assertThat(findings.get(0).ormLoad().kind()).isEqualTo(OrmLoad.Kind.ENTITY);
    assertThat(findings.get(0).message()).contains("loading one PetType at a time");
    assertThat(findings.get(0).hint()).contains("@BatchSize on PetType");
  }

  @Test
  void aQueryThroughJpaWithoutANamedLoadGetsAJpaHint() {
    List<Finding> findings = burst(burstOf("select * from pets where owner_id = ?", "select * from owners",
        Frames.STACK_FRAMES.site(THROUGH_HIBERNATE), true, null));
    assertThat(findings.get(0).hint()).contains("JOIN FETCH").contains("@EntityGraph");
  }

  @Test
  void twoQueriesAlternatingInOneLoopSayOnlyWhatWasSeen() {
    // given a loop that runs A then B per iteration: B's "previous" is A, which ran as often as B
    List<Finding> findings = burst(burstOf("select * from customer where id = ?", "select * from orders where id = ?",
        LOOP, false, null));
    // then the finding claims no rows it did not see
    assertThat(findings.get(0).message())
        .isEqualTo("the same query executed 12 times from one call site in one unit of work")
        .doesNotContain("row");
  }

  @Test
  void repeatsRunByAnInitializerAreCountedNotReported() {
    // given Spring Boot's SQL initializer running data.sql one INSERT at a time, under main()
    StackTraceElement[] trace = {
      new StackTraceElement("org.h2.jdbc.JdbcStatement", "execute", "JdbcStatement.java", 1),
      new StackTraceElement("org.springframework.jdbc.datasource.init.ScriptUtils", "executeSqlScript", "S.java", 2),
      new StackTraceElement("org.springframework.boot.SpringApplication", "run", "SpringApplication.java", 3),
      new StackTraceElement("com.example.ShopApplication", "main", "ShopApplication.java", 12),
    };
    // when
    List<Finding> findings = burst(burstOf("insert into owners values (?, ?)", null,
        Frames.STACK_FRAMES.site(trace), false, null));
    // then
    assertThat(findings).isEmpty();
    assertThat(detector.skippedInitializerBursts()).isEqualTo(1);
  }

  @Test
  void writeHintsFollowWhatRanTheWrites() {
    StackTraceElement[] template = {
      new StackTraceElement("org.h2.jdbc.JdbcPreparedStatement", "executeUpdate", "J.java", 1),
      new StackTraceElement("org.springframework.jdbc.core.JdbcTemplate", "update", "JdbcTemplate.java", 2),
      new StackTraceElement("com.example.Import", "run", "Import.java", 7),
    };
    List<Finding> findings = burst(burstOf("insert into audit values (?)", null, Frames.STACK_FRAMES.site(template),
        false, null));
    assertThat(findings.get(0).hint()).contains("JdbcTemplate.batchUpdate").doesNotContain("hibernate");
    List<Finding> orm = burst(burstOf("update pets set name = ? where id = ?", null,
        Frames.STACK_FRAMES.site(THROUGH_HIBERNATE), false, null));
    assertThat(orm).filteredOn(f -> f.sql().startsWith("update")).first()
        .extracting(Finding::hint).asString().contains("hibernate.jdbc.batch_size");
  }

  @Test
  void aRepeatedWriteIsUnbatchedWrites() {
    List<Finding> findings = burst("insert into audit (id, what) values (?, ?)", null);
    assertThat(findings).extracting(Finding::type).containsExactly(FindingType.UNBATCHED_WRITES);
    assertThat(findings.get(0).hint()).contains("executeBatch");
  }

  @Test
  void pagingIsNotAnNPlusOne() {
    assertThat(burst("select * from orders order by id limit ? offset ?", null)).isEmpty();
  }

  @Test
  void batchFetchingWithSeveralIdsPerQueryIsNotAnNPlusOne() {
    assertThat(burst("select * from customer where id in (?, ?, ?, ?)", "select * from orders")).isEmpty();
  }

  @Test
  void aRunOverSeveralLeasesCountsOnlyAfterTheSelectWhoseRowsItWalks() {
    detector.onBurst(new QueryBurst(SqlFingerprint.of("select * from customer where id = ?", SqlDialect.GENERIC), 12,
        SqlFingerprint.of("insert into audit values (?)", SqlDialect.GENERIC), LOOP, lease.pool(), lease.database(), "main", true));
    detector.onBurst(new QueryBurst(SqlFingerprint.of("select * from customer where id = ?", SqlDialect.GENERIC), 9, null, LOOP, lease.pool(),
        lease.database(), "main", true));
    detector.scan();
    assertThat(store.findings()).isEmpty();

    detector.onBurst(new QueryBurst(SqlFingerprint.of("select * from customer where id = ?", SqlDialect.GENERIC), 9,
        SqlFingerprint.of("select * from orders", SqlDialect.GENERIC), LOOP, lease.pool(), lease.database(), "main", true));
    detector.scan();
    assertThat(store.findings()).extracting(Finding::type).containsExactly(FindingType.N_PLUS_ONE);
  }

  @Test
  void theSameBurstTwiceIsOneFindingWithCountTwo() {
    burst("select * from customer where id = ?", null);
    burst("select * from customer where id = ?", null);
    assertThat(store.findings()).hasSize(1);
    assertThat(store.findings().get(0).count()).isEqualTo(2);
  }
}
