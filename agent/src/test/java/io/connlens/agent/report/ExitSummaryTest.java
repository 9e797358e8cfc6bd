package io.connlens.agent.report;

import static io.connlens.agent.report.WatchedApplication.SITE;
import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.detection.Occurrence;
import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.registry.StackFrames;
import io.connlens.api.FindingType;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExitSummaryTest {
  private final ReportSnapshotBuilder builder = new ReportSnapshotBuilder();
  @RegisterExtension
  final WatchedApplications apps = new WatchedApplications();

  /** An application with every site captured, watched into the builder's store. */
  private WatchedApplication app() {
    return apps.add(new WatchedApplication(builder.store()));
  }


  @Test
  void listsTotalsThenOneLinePerFinding() {
    // given a leak seen three times and an N+1 outside any pool
    WatchedApplication app = app();
    app.leak("HikariPool-1");
    app.leak("HikariPool-1");
    app.leak("HikariPool-1");
    app.nPlusOne(null);

    // when
    List<String> lines = lines(ExitSummary.format(builder.build(), null));

    // then
    assertThat(lines).containsExactly(
        "[connlens] summary: leases opened 120, closed 117, open 3; 2 findings (4 occurrences)",
        "[connlens]   3x LEAK_SUSPECTED  HikariPool-1  " + SITE.get(0),
        "[connlens]   1x N_PLUS_ONE  " + SITE.get(0));
  }

  @Test
  void saysHowEachPoolWasSizedAfterTheFindings() {
    // given a leak and two pools: one far larger than its need, one at its maximum part of the time
    app().leak("orders");
    builder.pools(List.of(
        new ReportSnapshot.Pool("billing", "dbcp2", null, new ReportSnapshot.Counts(40, 40, 0, 0),
            new ReportSnapshot.Counts(8, 0, 8, 0), 8, 8, 0, new ReportSnapshot.Sizing(8, 20_000, 5_000, 3, 2_000, 1_200)),
        new ReportSnapshot.Pool("orders", "hikaricp", null, new ReportSnapshot.Counts(80, 79, 1, 0),
            new ReportSnapshot.Counts(25, 0, 25, 0), 25, 1, 24, new ReportSnapshot.Sizing(4, 20_000, 0, 0, 0, 0))));

    // when
    List<String> lines = lines(ExitSummary.format(builder.build(), null));

    // then one line per pool, after the findings
    assertThat(lines).containsSubsequence(
        "[connlens]   1x LEAK_SUSPECTED  orders  " + SITE.get(0),
        "[connlens] pool billing: at maximum 25% of the time (peak 8 of 8); 3 borrows waited over 1 ms, up to 1.2 s"
            + " (2.0 s in all)",
        "[connlens] pool orders: peak 4 of 25; 21 idle connections hold server slots");
  }

  @Test
  void namesAnUncapturedSite() {
    // given
    WatchedApplication app = new WatchedApplication(builder.store(), SiteCapture.Mode.OFF, 2,
        WatchedApplication.WORKER);
    apps.add(app);
    app.openAtExit(null);

    // when
    List<String> lines = lines(ExitSummary.format(builder.build(), null));

    // then
    assertThat(lines.get(1)).isEqualTo("[connlens]   1x OPEN_AT_EXIT  (site not captured)");
  }

  @Test
  void listsTwentyFindingsThenCountsTheRest() {
    // given 25 findings
    WatchedApplication app = app();
    for (int i = 0; i < 25; i++) {
      app.openAtExit("pool-" + i);
    }

    // when
    List<String> lines = lines(ExitSummary.format(builder.build(), null));

    // then
    assertThat(lines.stream().filter(l -> l.startsWith("[connlens]   1x "))).hasSize(20);
    assertThat(lines).last().isEqualTo("[connlens]   ... 5 more");
  }

  @Test
  void saysWhereTheReportIs() {
    // given
    app().leak("p");

    // when
    List<String> lines = lines(ExitSummary.format(builder.build(), "/tmp/build/connlens-report.json"));

    // then
    assertThat(lines).last().isEqualTo("[connlens] report: /tmp/build/connlens-report.json");
  }

  @Test
  void endsWithTheFailedLineNamingTheTypesFoundAndTheExitStatus() {
    // given a run that fails on leaks and found LEAK_SUSPECTED and OPEN_AT_EXIT
    WatchedApplication app = app();
    app.openAtExit("HikariPool-1");
    app.leak("HikariPool-1");
    ReportSnapshot snapshot = builder.failed(FindingType.leaks(), 86).build();

    // when
    List<String> lines = lines(ExitSummary.format(snapshot, "report.json"));

    // then
    assertThat(lines).last().isEqualTo(
        "[connlens] FAILED: findings of type LEAK_SUSPECTED, OPEN_AT_EXIT (fail.on); exit status 86");
  }

  @Test
  void failedLineLeavesOutSuspectedLeaksThatWereReturned() {
    // given a suspected leak whose connection came back after all, and a connection open at exit
    WatchedApplication app = app();
    app.openAtExit("HikariPool-1");
    app.leakThenReturn("HikariPool-1", Duration.ofSeconds(40));
    ReportSnapshot snapshot = builder.failed(FindingType.leaks(), 86).build();
    assertThat(snapshot.findings).extracting(f -> f.type() + " " + f.outstanding())
        .contains("LEAK_SUSPECTED 0", "OPEN_AT_EXIT 1");

    // when
    List<String> lines = lines(ExitSummary.format(snapshot, null));

    // then only the type still outstanding is named
    assertThat(lines).last().isEqualTo(
        "[connlens] FAILED: findings of type OPEN_AT_EXIT (fail.on); exit status 86");
  }

  @Test
  void failedLineOmitsTheExitStatusWhenThereIsNone() {
    // given
    app().leak("HikariPool-1");
    ReportSnapshot snapshot = builder.failed(EnumSet.of(FindingType.LEAK_SUSPECTED), null).build();

    // when
    List<String> lines = lines(ExitSummary.format(snapshot, null));

    // then
    assertThat(lines).last().isEqualTo("[connlens] FAILED: findings of type LEAK_SUSPECTED (fail.on)");
  }

  @Test
  void hasNoFailedLineWhenTheRunDidNotFail() {
    // given fail.on set, but no finding of those types
    app().nPlusOne(null);
    ReportSnapshot snapshot = builder.failOn(FindingType.leaks()).build();

    // when
    String text = ExitSummary.format(snapshot, null);

    // then
    assertThat(snapshot.findings).hasSize(1);
    assertThat(text).doesNotContain("FAILED");
  }

  @Test
  void mentionsSuppressedErrors() {
    // given
    ReportSnapshot snapshot = builder.suppressedErrors(2).build();

    // when
    List<String> lines = lines(ExitSummary.format(snapshot, null));

    // then
    assertThat(lines).contains("[connlens] 2 internal errors suppressed in connlens; the application was not affected");
  }

  @Test
  void namesEachBoundThatDroppedSomething() {
    // given a run that filled the finding store and a unit of work, and dropped nothing else
    java.util.Map<String, Long> dropped = new java.util.LinkedHashMap<>();
    dropped.put("findings", 3L);
    dropped.put("longHolds", 0L);
    dropped.put("unitQueries", 44L);
    ReportSnapshot snapshot = builder.dropped(dropped).build();

    // when
    List<String> lines = lines(ExitSummary.format(snapshot, null));

    // then
    assertThat(lines).contains("[connlens] bounds reached, not kept (summary.dropped): findings 3, unitQueries 44");
  }

  @Test
  void saysNothingOfBoundsWhenNothingWasDropped() {
    app().leak("p");
    ReportSnapshot snapshot = builder.dropped(java.util.Map.of("findings", 0L, "unitQueries", 0L)).build();

    assertThat(ExitSummary.format(snapshot, null)).doesNotContain("bounds");
  }

  @Test
  void saysNothingAboutSuppressedErrorsWhenThereWereNone() {
    // given
    app().leak("p");
    ReportSnapshot snapshot = builder.build();

    // when
    String text = ExitSummary.format(snapshot, null);

    // then
    assertThat(snapshot.findings).hasSize(1);
    assertThat(text).doesNotContain("suppressed");
  }

  @Test
  void prefixesAndEndsEveryLine() {
    // given
    app().leak("HikariPool-1");
    ReportSnapshot snapshot = builder.suppressedErrors(1).failed(FindingType.leaks(), 86).build();

    // when
    String text = ExitSummary.format(snapshot, "report.json");

    // then
    assertThat(text).endsWith("\n");
    assertThat(lines(text)).hasSize(5).allMatch(line -> line.startsWith("[connlens] "));
  }

  @Test
  void poolNamesFramesAndTheReportPathCannotForgeALine() {
    // given a pool name with a line break, a site in a generated class whose name has one (the JVM
    // allows it), and a report path with one
    app().leak("pool\n[connlens] FAILED: forged");
    String frame = StackFrames.format(new StackTraceElement(
        "com.example.Generated\r\n[connlens] forged\u001b[2J", "run", "Generated.java", 7));
    // (no detector makes such a frame from this test's code, so the occurrence is put together here)
    builder.store().record(new Occurrence(FindingType.OPEN_AT_EXIT, "(message not under test)",
        CallSite.of(List.of(frame)), WatchedApplication.WORKER, null, null, 1, null));

    // when
    String text = ExitSummary.format(builder.build(), "/tmp/r\u2028[connlens] forged.json");

    // then the summary, two findings and the report path: four lines, nothing raw
    assertThat(text.split("\n", -1)).containsExactly(
        "[connlens] summary: leases opened 120, closed 117, open 3; 2 findings (2 occurrences)",
        "[connlens]   1x LEAK_SUSPECTED  pool\\u000a[connlens] FAILED: forged  " + SITE.get(0),
        "[connlens]   1x OPEN_AT_EXIT  com.example.Generated\\u000d\\u000a[connlens]"
            + " forged\\u001b[2J.run(Generated.java:7)",
        "[connlens] report: /tmp/r\\u2028[connlens] forged.json",
        "");
  }

  private static List<String> lines(String text) {
    return Arrays.asList(text.split("\n"));
  }
}
