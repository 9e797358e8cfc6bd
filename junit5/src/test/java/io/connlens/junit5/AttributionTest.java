package io.connlens.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.api.report.Report;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttributionTest {
  private static final String SITE =
      "{\"captured\":true,\"frames\":[\"com.example.shop.OrderRepository.findOpen(OrderRepository.java:31)\","
          + "\"com.example.shop.OrderRepositoryTest.leaks(OrderRepositoryTest.java:22)\"]}";

  private static String lease(long id, String thread) {
    return "{\"id\":" + id + ",\"pool\":\"orders\",\"database\":\"jdbc:h2:mem:shop\",\"thread\":\"" + thread
        + "\",\"heldMillis\":3,\"statements\":1,\"lastSql\":\"select * from orders where id = ?\",\"site\":" + SITE + "}";
  }

  private static String finding(String type, long count, String thread) {
    return "{\"type\":\"" + type + "\",\"severity\":\"WARNING\",\"message\":\"the same query executed again and again\","
        + "\"count\":" + count + ",\"pool\":\"orders\",\"thread\":\"" + thread
        + "\",\"sql\":\"select * from items where order_id = ?\",\"site\":" + SITE + "}";
  }

  private static Report report(String findings, String leases) {
    return Report.parse("{\"schema\":\"connlens.report/v1\",\"summary\":{\"occurrences\":{}},\"findings\":["
        + findings + "],\"leases\":[" + leases + "]}");
  }

  @Test
  void onlyLeasesAcquiredAfterTheWatermarkAreTheTests() {
    Report now = report("", lease(3, "main") + "," + lease(7, "main") + "," + lease(9, "worker-2"));
    assertThat(Attribution.openLeasesSince(now, 5, null)).extracting(Report.Lease::id).containsExactly(7L, 9L);
    // in parallel execution, only the test's own thread
    assertThat(Attribution.openLeasesSince(now, 5, "main")).extracting(Report.Lease::id).containsExactly(7L);
  }

  @Test
  void aFindingCountsForTheTestByTheOccurrencesItAdded() {
    Report before = report(finding("N_PLUS_ONE", 2, "main"), "");
    Report now = report(finding("N_PLUS_ONE", 5, "main") + "," + finding("UNBATCHED_WRITES", 1, "main"), "");

    List<Attribution.NewFinding> raised = Attribution.findingsSince(before, now, Set.of("N_PLUS_ONE"), null);

    assertThat(raised).hasSize(1);
    assertThat(raised.get(0).occurrences).isEqualTo(3);
    assertThat(Attribution.findingsSince(now, now, Set.of("N_PLUS_ONE"), null)).isEmpty();
    assertThat(Attribution.findingsSince(before, now, Set.of("N_PLUS_ONE"), "worker-1")).isEmpty();
  }

  @Test
  void leakTypesFailThroughTheOpenLeaseNotTheirFinding() {
    assertThat(Attribution.findingTypesThatFailATest(Set.of("LEAK_SUSPECTED", "OPEN_AT_EXIT", "N_PLUS_ONE")))
        .containsExactly("N_PLUS_ONE");
    assertThat(Attribution.openLeasesFail(Set.of())).isTrue();
    assertThat(Attribution.openLeasesFail(Set.of("LEAK_UNCLOSED"))).isTrue();
    assertThat(Attribution.openLeasesFail(Set.of("N_PLUS_ONE"))).isFalse();
  }

  @Test
  void countsAreComparedForTheTypesAskedOnly() {
    assertThat(Attribution.sameCounts(Map.of("N_PLUS_ONE", 2L), Map.of("N_PLUS_ONE", 2L, "LONG_HOLD", 9L),
        Set.of("N_PLUS_ONE"))).isTrue();
    assertThat(Attribution.sameCounts(Map.of(), Map.of("N_PLUS_ONE", 1L), Set.of("N_PLUS_ONE"))).isFalse();
  }

  @Test
  void framesAreShownDownToTheTestMethodNotThroughJUnit() {
    Report now = Report.parse("{\"schema\":\"connlens.report/v1\",\"leases\":[{\"id\":1,\"thread\":\"main\","
        + "\"heldMillis\":1,\"statements\":0,\"site\":{\"captured\":true,\"frames\":[\"a.Repo.find(Repo.java:3)\","
        + "\"a.RepoTest.leaks(RepoTest.java:9)\",\"org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:787)\","
        + "\"org.junit.jupiter.engine.execution.MethodInvocation.proceed(MethodInvocation.java:60)\"]}}]}");
    assertThat(Attribution.message("this test", now.leases(), List.of())).endsWith(
        "    acquired at a.Repo.find(Repo.java:3)\n"
            + "                a.RepoTest.leaks(RepoTest.java:9)\n"
            + "                ... 2 more in the report");
  }

  @Test
  void theMessageNamesTheLeaseItsSqlAndTheCodeThatTookIt() {
    Report now = report(finding("N_PLUS_ONE", 4, "main"), lease(7, "main"));
    String message = Attribution.message("this test", now.leases(),
        List.of(new Attribution.NewFinding(now.findings().get(0), 4)));

    assertThat(message).isEqualTo("connlens: this test left 1 connection open\n"
        + "  lease 7 from pool orders (jdbc:h2:mem:shop), taken on thread main, held 3 ms, 1 statement\n"
        + "    last SQL: select * from orders where id = ?\n"
        + "    acquired at com.example.shop.OrderRepository.findOpen(OrderRepository.java:31)\n"
        + "                com.example.shop.OrderRepositoryTest.leaks(OrderRepositoryTest.java:22)\n"
        + "connlens: N_PLUS_ONE during this test (fail.on), 4 times: the same query executed again and again\n"
        + "    SQL: select * from items where order_id = ?\n"
        + "    at com.example.shop.OrderRepository.findOpen(OrderRepository.java:31)\n"
        + "       com.example.shop.OrderRepositoryTest.leaks(OrderRepositoryTest.java:22)");
  }
}
