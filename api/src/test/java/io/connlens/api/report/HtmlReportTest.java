package io.connlens.api.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  private static final String REPORT = "{\"schema\":\"connlens.report/v1\","
      + "\"summary\":{\"agentVersion\":\"0.1.0\",\"pid\":4242,\"java\":\"17.0.15\",\"generatedAt\":\"2026-12-03T14:00:00Z\","
      + "\"failOn\":[\"N_PLUS_ONE\"],\"failed\":true,\"occurrences\":{\"N_PLUS_ONE\":3},"
      + "\"leases\":{\"opened\":9,\"closed\":8,\"open\":1,\"unclosed\":0},\"suppressedErrors\":0},"
      + "\"pools\":[{\"name\":\"shop-pool\",\"kind\":\"hikaricp\",\"maxSize\":4,\"active\":1,\"idle\":3,\"waiting\":0,"
      + "\"peakLeases\":2}],"
      + "\"timeline\":{\"pools\":[{\"pool\":\"shop-pool\",\"intervalMillis\":1000,"
      + "\"samples\":[[1000,0,4,4,0],[2000,3,1,4,2],[3000,1,3,4,0]]}]},"
      + "\"tests\":[{\"test\":\"com.example.OrderTest.items()\",\"type\":\"N_PLUS_ONE\","
      + "\"site\":\"com.example.Orders.items(Orders.java:20)\",\"sql\":\"select * from items where order_id = ?\"}],"
      + "\"findings\":[{\"type\":\"N_PLUS_ONE\",\"severity\":\"WARNING\",\"count\":3,\"pool\":\"shop-pool\","
      + "\"message\":\"the same query <executed> 12 times\",\"sql\":\"select * from items where order_id = ?\","
      + "\"hint\":\"load the rows in one query\",\"site\":{\"captured\":true,\"frames\":["
      + "\"com.example.Orders.items(Orders.java:20)\",\"com.example.OrderTest.items(OrderTest.java:9)\"]}}]}";

  @Test
  void thePageShowsTheVerdictTheFindingWithItsFramesTheTestAndThePoolsTimeline() {
    String html = HtmlReport.render(List.of(new HtmlReport.Source("connlens-4242.json", Report.parse(REPORT))));

    assertThat(html).startsWith("<!DOCTYPE html>")
        .contains("<span class=\"verdict failed\">FAILED: N_PLUS_ONE</span>")
        .contains("<h3 id=\"N_PLUS_ONE\">N_PLUS_ONE <span class=\"muted\">3 occurrences")
        .contains("<li>com.example.Orders.items(Orders.java:20)</li><li>com.example.OrderTest.items(OrderTest.java:9)</li>")
        .contains("<pre>select * from items where order_id = ?</pre>")
        .contains("test <b>com.example.OrderTest.items()</b>")
        .contains("fix: load the rows in one query")
        .contains("<h3>shop-pool over time</h3>")
        .contains("<polyline fill=\"none\" stroke=\"#c62828\"");
    // self-contained: no script, nothing fetched
    assertThat(html).doesNotContain("<script").doesNotContain("http://").doesNotContain("https://").doesNotContain("src=");
  }

  @Test
  void textFromTheApplicationIsEscaped() {
    String html = HtmlReport.render(List.of(new HtmlReport.Source("r.json", Report.parse(REPORT))));
    assertThat(html).contains("the same query &lt;executed&gt; 12 times").doesNotContain("<executed>");
    assertThat(HtmlReport.esc("<a href=\"x\">'&'</a>")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  }

  @Test
  void aCleanRunPasses() {
    String html = HtmlReport.render(List.of(new HtmlReport.Source("r.json",
        Report.parse("{\"schema\":\"connlens.report/v1\",\"summary\":{\"failed\":false}}"))));
    assertThat(html).contains("<span class=\"verdict passed\">passed</span>").contains("<p class=\"muted\">None.</p>");
  }
}
