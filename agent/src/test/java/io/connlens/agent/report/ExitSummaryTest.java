package io.connlens.agent.report;

import static io.connlens.agent.report.ReportSnapshotBuilder.bare;
import static io.connlens.agent.report.ReportSnapshotBuilder.leak;
import static io.connlens.agent.report.ReportSnapshotBuilder.siteAtLine;
import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.detection.FindingType;
import io.connlens.agent.detection.ReturnedLeaks;
import io.connlens.agent.registry.CallSite;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExitSummaryTest {

  @Test
  void listsTotalsThenOneLinePerFinding() {
    // given a leak seen three times and an N+1 outside any pool
    ReportSnapshot snapshot = new ReportSnapshotBuilder()
        .record(leak("HikariPool-1", siteAtLine(42)))
        .record(leak("HikariPool-1", siteAtLine(42)))
        .record(leak("HikariPool-1", siteAtLine(42)))
        .record(bare(FindingType.N_PLUS_ONE, "the same query 12 times", CallSite.of(siteAtLine(7))))
        .build();

    // when
    List<String> lines = lines(ExitSummary.format(snapshot, null));

    // then
    assertThat(lines).containsExactly(
        "[connlens] summary: leases opened 120, closed 117, open 3; 2 findings (4 occurrences)",
        "[connlens]   3x LEAK_SUSPECTED  HikariPool-1  com.example.OrderService.export(OrderService.java:42)",
        "[connlens]   1x N_PLUS_ONE  com.example.OrderService.export(OrderService.java:7)");
  }

  @Test
  void namesAnUncapturedSite() {
    // given
    ReportSnapshot snapshot = new ReportSnapshotBuilder()
        .record(bare(FindingType.OPEN_AT_EXIT, "open at exit", CallSite.UNKNOWN)).build();

    // when
    List<String> lines = lines(ExitSummary.format(snapshot, null));

    // then
    assertThat(lines.get(1)).isEqualTo("[connlens]   1x OPEN_AT_EXIT  (site not captured)");
  }

  @Test
  void listsTwentyFindingsThenCountsTheRest() {
    // given 25 findings
    ReportSnapshotBuilder builder = new ReportSnapshotBuilder();
    for (int i = 0; i < 25; i++) {
      builder.record(leak("HikariPool-1", siteAtLine(i)));
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
    ReportSnapshot snapshot = new ReportSnapshotBuilder().record(leak("p", siteAtLine(1))).build();

    // when
    List<String> lines = lines(ExitSummary.format(snapshot, "/tmp/build/connlens-report.json"));

    // then
    assertThat(lines).last().isEqualTo("[connlens] report: /tmp/build/connlens-report.json");
  }

  @Test
  void endsWithTheFailedLineNamingTheTypesFoundAndTheExitStatus() {
    // given a run that fails on leaks and found LEAK_SUSPECTED and OPEN_AT_EXIT
    ReportSnapshot snapshot = new ReportSnapshotBuilder()
        .record(bare(FindingType.OPEN_AT_EXIT, "open at exit", CallSite.of(siteAtLine(2))))
        .record(leak("HikariPool-1", siteAtLine(1)))
        .failed(FindingType.leaks(), 86)
        .build();

    // when
    List<String> lines = lines(ExitSummary.format(snapshot, "report.json"));

    // then
    assertThat(lines).last().isEqualTo(
        "[connlens] FAILED: findings of type LEAK_SUSPECTED, OPEN_AT_EXIT (fail.on); exit status 86");
  }

  @Test
  void failedLineLeavesOutSuspectedLeaksThatWereReturned() {
    // given a suspected leak whose connection came back after all, and a connection open at exit
    ReportSnapshotBuilder builder = new ReportSnapshotBuilder()
        .record(bare(FindingType.OPEN_AT_EXIT, "open at exit", CallSite.of(siteAtLine(2))));
    ReturnedLeaks.markReturned(builder.store().record(leak("HikariPool-1", siteAtLine(1))));
    ReportSnapshot snapshot = builder.failed(FindingType.leaks(), 86).build();

    // when
    List<String> lines = lines(ExitSummary.format(snapshot, null));

    // then only the type still outstanding is named
    assertThat(lines).last().isEqualTo(
        "[connlens] FAILED: findings of type OPEN_AT_EXIT (fail.on); exit status 86");
  }

  @Test
  void failedLineOmitsTheExitStatusWhenThereIsNone() {
    // given
    ReportSnapshot snapshot = new ReportSnapshotBuilder()
        .record(leak("HikariPool-1", siteAtLine(1)))
        .failed(EnumSet.of(FindingType.LEAK_SUSPECTED), null)
        .build();

    // when
    List<String> lines = lines(ExitSummary.format(snapshot, null));

    // then
    assertThat(lines).last().isEqualTo("[connlens] FAILED: findings of type LEAK_SUSPECTED (fail.on)");
  }

  @Test
  void hasNoFailedLineWhenTheRunDidNotFail() {
    // given fail.on set, but no finding of those types
    ReportSnapshot snapshot = new ReportSnapshotBuilder()
        .record(bare(FindingType.N_PLUS_ONE, "the same query 12 times", CallSite.of(siteAtLine(7))))
        .failOn(FindingType.leaks())
        .build();

    // when
    String text = ExitSummary.format(snapshot, null);

    // then
    assertThat(text).doesNotContain("FAILED");
  }

  @Test
  void mentionsSuppressedErrors() {
    // given
    ReportSnapshot snapshot = new ReportSnapshotBuilder().suppressedErrors(2).build();

    // when
    List<String> lines = lines(ExitSummary.format(snapshot, null));

    // then
    assertThat(lines).contains("[connlens] 2 internal errors suppressed in connlens; the application was not affected");
  }

  @Test
  void saysNothingAboutSuppressedErrorsWhenThereWereNone() {
    // given
    ReportSnapshot snapshot = new ReportSnapshotBuilder().record(leak("p", siteAtLine(1))).build();

    // when
    String text = ExitSummary.format(snapshot, null);

    // then
    assertThat(text).doesNotContain("suppressed");
  }

  @Test
  void prefixesAndEndsEveryLine() {
    // given
    ReportSnapshot snapshot = new ReportSnapshotBuilder()
        .record(leak("HikariPool-1", siteAtLine(1)))
        .suppressedErrors(1)
        .failed(FindingType.leaks(), 86)
        .build();

    // when
    String text = ExitSummary.format(snapshot, "report.json");

    // then
    assertThat(text).endsWith("\n");
    assertThat(lines(text)).hasSize(5).allMatch(line -> line.startsWith("[connlens] "));
  }

  private static List<String> lines(String text) {
    return Arrays.asList(text.split("\n"));
  }
}
