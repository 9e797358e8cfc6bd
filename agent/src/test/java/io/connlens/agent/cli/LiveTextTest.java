package io.connlens.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.api.report.Report;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveTextTest {
  private static String lease(long id, long heldMillis, String frame, String activity) {
    return "{\"id\": " + id + ", \"beforeAttach\": false, \"pool\": \"orders-pool\", \"thread\": \"worker-" + id + "\","
        + " \"heldMillis\": " + heldMillis + ", \"statements\": 3, \"lastSql\": \"SELECT * FROM orders WHERE id = ?\","
        + " \"inTransaction\": true, \"site\": {\"captured\": true, \"applicationFrame\": true, \"frames\": [\"" + frame
        + "\", \"com.acme.Web.handle(Web.java:9)\"]}, \"holder\": {\"thread\": \"worker-" + id + "\", \"state\": \"WAITING\","
        + " \"activity\": \"" + activity + "\", \"frames\": [\"jdk.internal.misc.Unsafe.park(Native Method)\","
        + " \"com.acme.Export.await(Export.java:77)\"]}}";
  }

  private static final String BEFORE_ATTACH = "{\"beforeAttach\": true, \"pool\": \"orders-pool\","
      + " \"acquiredAt\": \"2026-12-02T05:00:00Z\", \"heldMillis\": 600000, \"inTransaction\": false,"
      + " \"site\": {\"captured\": false, \"frames\": []}}";

  private static Report report(List<String> leases) {
    return Report.parse("{\"schema\": \"connlens.report/v1\", \"summary\": {},"
        + " \"pools\": [{\"name\": \"orders-pool\", \"kind\": \"hikaricp\", \"leases\": {\"open\": 3}, \"maxSize\": 10,"
        + " \"active\": 3, \"idle\": 7, \"waiting\": 2, \"peakLeases\": 10, \"atMax\": {\"observedMillis\": 100000,"
        + " \"atMaxMillis\": 38000}, \"waits\": {\"overMillis\": 1, \"count\": 4, \"totalMillis\": 5000, \"longestMillis\": 2100},"
        + " \"sizing\": \"at maximum 38% of the time (peak 10 of 10); 4 borrows waited over 1 ms, up to 2.1 s\"}],"
        + " \"servers\": [{\"server\": \"db.acme:5432/orders\", \"physicalConnections\": {\"open\": 10, \"opened\": 12},"
        + " \"openByPool\": [{\"pool\": \"orders-pool\", \"open\": 9}], \"openDirect\": 1}],"
        + " \"leases\": [" + String.join(", ", leases) + "], \"leasesOmitted\": 0, \"findings\": []}");
  }

  @Test
  void aLeaseShowsItsSiteHolderStatementsAndLastSql() {
    String text = LiveText.leases(report(List.of(BEFORE_ATTACH,
        lease(7, 5_000, "com.acme.Export.run(Export.java:42)", "IDLE_IN_THREAD_POOL"))), 4242, false);
    assertThat(text).startsWith("pid 4242: 2 open leases (1 acquired before attach), longest held first")
        .contains("#7  held 5.0 s  pool orders-pool  thread worker-7")
        .contains("acquired at com.acme.Export.run(Export.java:42)")
        .contains("3 statements run, last: SELECT * FROM orders WHERE id = ? (in a transaction)")
        .contains("holder now: worker-7 (WAITING) idle in a thread pool")
        .contains("at com.acme.Export.await(Export.java:77)")
        .contains("before attach  held 10 min 0 s  pool orders-pool")
        .contains("acquired before attach: its site was never seen").contains("taken at 2026-12-02T05:00:00Z")
        .contains("db.acme:5432/orders").contains("10 open");
    assertThat(text.indexOf("before attach  held")).isLessThan(text.indexOf("#7"));
  }

  @Test
  void manyLeasesAreGroupedBySiteMostFirstAndOnlyTheLongestHeldListed() {
    List<String> leases = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      String frame = i % 3 == 0 ? "com.acme.Report.slow(Report.java:10)" : "com.acme.Export.run(Export.java:42)";
      leases.add(lease(i, 100_000 - i, frame, i % 2 == 0 ? "IN_JDBC_CALL" : "WAITING"));
    }
    String text = LiveText.leases(report(leases), 1, false);
    assertThat(text).contains("by acquire site:")
        .containsPattern("20  oldest [^\\n]* com.acme.Export.run\\(Export.java:42\\)")
        .containsPattern("10  oldest [^\\n]* com.acme.Report.slow\\(Report.java:10\\)")
        .contains("inside a JDBC call").contains("the 20 held longest");
    assertThat(text.indexOf("Export.run(Export.java:42)")).isLessThan(text.indexOf("Report.slow(Report.java:10)"));
    assertThat(text).contains("#20 ").doesNotContain("#21 ");
    assertThat(LiveText.leases(report(leases), 1, true)).contains("#30 ").doesNotContain("by acquire site:");
  }

  @Test
  void aLeaseFromBeforeTheAttachShowsWhatItsPoolRecorded() {
    String recorded = "{\"beforeAttach\": true, \"pool\": \"orders-pool\", \"thread\": \"stuck-export\","
        + " \"site\": {\"captured\": true, \"applicationFrame\": true, \"frames\": [\"com.acme.Export.run(Export.java:42)\"]}}";
    String text = LiveText.leases(report(List.of(recorded)), 1, false);
    assertThat(text).contains("before attach  held since before the attach  pool orders-pool  thread stuck-export")
        .contains("acquired at com.acme.Export.run(Export.java:42) (before attach, as the pool recorded it)");
  }

  @Test
  void aLeaseWithoutItsSiteSaysWhy() {
    String notCaptured = "{\"id\": 3, \"heldMillis\": 10, \"statements\": 0, \"site\": {\"captured\": false, \"frames\": []}}";
    assertThat(LiveText.leases(report(List.of(notCaptured)), 1, false)).contains("acquire site not captured");
  }

  @Test
  void aWatchFrameShowsPoolsServersAndTopSites() {
    String frame = LiveText.watchFrame(report(List.of(lease(1, 10, "com.acme.Export.run(Export.java:42)", "WAITING"))),
        99, "05:00:00", 5);
    assertThat(frame).contains("pid 99  05:00:00").contains("orders-pool").containsPattern("hikaricp +3 +7 +10 +2 +3")
        .contains("db.acme:5432/orders").contains("com.acme.Export.run(Export.java:42)");
  }

  @Test
  void nothingOpenSaysSo() {
    assertThat(LiveText.leases(report(List.of()), 5, false)).isEqualTo(
        "pid 5: 0 open leases\n\nphysical connections of this JVM, per database server:\n"
            + "  db.acme:5432/orders                      10 open (12 opened since connlens started)\n"
            + "    orders-pool 9, direct (no pool) 1\n");
  }

  @Test
  void aServerWhosePoolsCountMoreThanConnlensSawSaysSo() {
    Report report = Report.parse("{\"schema\": \"connlens.report/v1\", \"servers\": [{\"server\": \"h2:mem:app\","
        + " \"physicalConnections\": {\"open\": 0, \"opened\": 0}, \"openByPool\": [], \"openDirect\": 0,"
        + " \"poolReported\": [{\"pool\": \"orders-pool\", \"connections\": 5}]}]}");
    assertThat(LiveText.servers(report)).contains("h2:mem:app").contains("0 open")
        .contains("the pools count 5 (orders-pool 5): opened before connlens was attached, or not seen");
  }

  @Test
  void poolsShowsTheEvidenceForTheirSize() {
    String text = LiveText.poolEvidence(report(List.of()));
    assertThat(text).containsPattern("orders-pool +hikaricp +3 +7 +10 +2 +3")
        .contains("peak 10 of 10 in use at once; at its maximum 38% of 1 min 40 s observed")
        .contains("4 borrows waited over 1 ms, the longest 2.1 s, 5.0 s in all")
        .contains("sizing: at maximum 38% of the time (peak 10 of 10); 4 borrows waited over 1 ms, up to 2.1 s");
  }
}
