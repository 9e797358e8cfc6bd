package io.connlens.agent.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.DataSourceInfo;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.QueryBurst;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.sql.SqlDialect;
import io.connlens.agent.sql.SqlFingerprint;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementDetectorTest {
  private static final CallSite LOOP = CallSite.of(List.of("com.example.OrderService.totals(OrderService.java:31)"));

  private final FindingStore store = new FindingStore(System::currentTimeMillis);
  private final StatementDetector detector = new StatementDetector(store);
  private final LeaseRegistry registry =
      new LeaseRegistry(new SiteCapture(SiteCapture.Mode.OFF, 1), 16, System::currentTimeMillis);
  private final Lease lease =
      registry.open(new Object(), DataSourceInfo.DRIVER_MANAGER, "jdbc:h2:mem:x", Thread.currentThread());

  private List<Finding> burst(String sql, String previous) {
    detector.onBurst(new QueryBurst(SqlFingerprint.of(sql, SqlDialect.GENERIC), 12, previous == null ? null : SqlFingerprint.of(previous, SqlDialect.GENERIC),
        LOOP, lease, "main"));
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
    assertThat(f.hint()).contains("JOIN FETCH");
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
