package io.connlens.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.api.report.Report;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckSummaryTest {
  private static final String SITE = "com.example.shop.OrderRepository.customerOfLeaking(OrderRepository.java:32)";

  private static CheckSummary.Read report(String name, boolean failed, String findings, String tests) {
    return new CheckSummary.Read(Path.of("target/connlens/" + name), Report.parse("{\"schema\":\"connlens.report/v1\","
        + "\"summary\":{\"failOn\":[\"LEAK_SUSPECTED\",\"LEAK_UNCLOSED\",\"OPEN_AT_EXIT\",\"N_PLUS_ONE\"],\"failed\":" + failed
        + ",\"occurrences\":{\"OPEN_AT_EXIT\":1}},\"findings\":[" + findings + "],\"tests\":[" + tests + "]}"));
  }

  @Test
  void aFindingNamesTheTestThatCausedItAndTheFailingReportIsNamed() {
    CheckSummary summary = new CheckSummary(List.of(
        report("connlens-1.json", false, "", ""),
        report("connlens-2.json", true,
            "{\"type\":\"OPEN_AT_EXIT\",\"count\":1,\"pool\":\"shop-pool\",\"site\":{\"captured\":true,\"frames\":[\""
                + SITE + "\"]}}",
            "{\"test\":\"com.example.shop.OrderRepositoryTest.leaks()\",\"type\":\"OPEN_AT_TEST_END\",\"site\":\""
                + SITE + "\",\"sql\":\"SELECT customer FROM orders WHERE id = ?\"}")));

    assertThat(summary.lines()).containsExactly(
        "connlens: 2 reports, 1 finding",
        "  tests failed by connlens:",
        "    com.example.shop.OrderRepositoryTest.leaks()  OPEN_AT_TEST_END  at " + SITE
            + "  SELECT customer FROM orders WHERE id = ?",
        "  findings:",
        "    1x OPEN_AT_EXIT  shop-pool  " + SITE + "  test com.example.shop.OrderRepositoryTest.leaks()");
    assertThat(summary.failures()).containsOnlyKeys(Path.of("target/connlens/connlens-2.json"));
    assertThat(summary.failures().get(Path.of("target/connlens/connlens-2.json"))).containsExactly("OPEN_AT_EXIT");
  }

  @Test
  void cleanReportsFailNothing() {
    CheckSummary summary = new CheckSummary(List.of(report("connlens-1.json", false, "", "")));
    assertThat(summary.lines()).containsExactly("connlens: 1 report, 0 findings");
    assertThat(summary.failures()).isEmpty();
  }
}
