package io.connlens.agent.report;

import static io.connlens.agent.report.ReportSnapshotBuilder.CONTROLLER_FRAME;
import static io.connlens.agent.report.ReportSnapshotBuilder.SERVICE_FRAME;
import static io.connlens.agent.report.ReportSnapshotBuilder.bare;
import static io.connlens.agent.report.ReportSnapshotBuilder.leak;
import static io.connlens.agent.report.ReportSnapshotBuilder.siteAtLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.connlens.agent.detection.FindingStore;
import io.connlens.agent.detection.FindingType;
import io.connlens.agent.detection.Holder;
import io.connlens.agent.detection.HolderActivity;
import io.connlens.agent.detection.Occurrence;
import io.connlens.agent.registry.CallSite;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConsoleSinkTest {
  private static final String SAMPLED_NOTE =
      "site.capture=sampled captures one lease in 16; connlens now captures every lease from this pool";

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
  private long now = 1_700_000_000_000L;
  private final FindingStore store = new FindingStore(() -> now);

  private ConsoleSink sink(int limitPerMinute) {
    ConsoleSink sink = new ConsoleSink(out, limitPerMinute, () -> now, SAMPLED_NOTE);
    store.addListener(sink);
    return sink;
  }

  @Test
  void printsOneWarningWithPoolDatabaseThreadSiteAndHolder() {
    // given
    sink(20);

    // when
    store.record(leak("HikariPool-1", List.of(SERVICE_FRAME, CONTROLLER_FRAME)));

    // then
    assertThat(lines()).containsExactly(
        "[connlens] WARNING LEAK_SUSPECTED: connection held for 31.2 s and still open (leak.threshold 30 s)",
        "[connlens]   pool: HikariPool-1   database: jdbc:postgresql://127.0.0.1:5432/test   thread: worker-3",
        "[connlens]   acquired at:",
        "[connlens]     at " + SERVICE_FRAME,
        "[connlens]     at " + CONTROLLER_FRAME,
        "[connlens]   holder now: pool-1-thread-1 (WAITING), idle in a thread pool: the task that took"
            + " the connection has ended, the connection was forgotten",
        "[connlens]     at java.base/jdk.internal.misc.Unsafe.park(Native Method)",
        "[connlens]     at java.base/java.util.concurrent.ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1070)");
  }

  @Test
  void announcesAFindingOnceHoweverOftenItRecurs() {
    // given
    sink(20);

    // when
    store.record(leak("HikariPool-1", siteAtLine(42)));
    store.record(leak("HikariPool-1", siteAtLine(42)));

    // then
    assertThat(warnings()).hasSize(1);
  }

  @Test
  void leavesOutAbsentFields() {
    // given
    sink(20);

    // when a finding has no pool, database, thread or holder
    store.record(bare(FindingType.LEAK_UNCLOSED, "connection garbage-collected without close()",
        CallSite.of(List.of(SERVICE_FRAME))));

    // then
    assertThat(lines()).containsExactly(
        "[connlens] ERROR LEAK_UNCLOSED: connection garbage-collected without close()",
        "[connlens]   acquired at:",
        "[connlens]     at " + SERVICE_FRAME);
  }

  @Test
  void printsOnlyTheFieldsThatArePresent() {
    // given
    sink(20);

    // when only the thread is known
    store.record(new Occurrence(FindingType.OPEN_AT_EXIT, "open at exit", CallSite.of(List.of(SERVICE_FRAME)),
        "main", null, null, 5_000, null));

    // then
    assertThat(lines()).element(1).isEqualTo("[connlens]   thread: main");
  }

  @Test
  void showsEightFramesThenCountsTheRest() {
    // given
    sink(20);
    List<String> frames = new ArrayList<>();
    for (int i = 1; i <= 11; i++) {
      frames.add("com.example.Deep.level" + i + "(Deep.java:" + i + ")");
    }

    // when
    store.record(bare(FindingType.LEAK_SUSPECTED, "held", CallSite.of(frames)));

    // then
    List<String> lines = lines();
    assertThat(lines.stream().filter(l -> l.startsWith("[connlens]     at "))).hasSize(8);
    assertThat(lines).contains("[connlens]     at com.example.Deep.level8(Deep.java:8)");
    assertThat(lines).doesNotContain("[connlens]     at com.example.Deep.level9(Deep.java:9)");
    assertThat(lines).last().isEqualTo("[connlens]     ... 3 more");
  }

  @Test
  void explainsAnUncapturedSiteWithTheRuntimesNote() {
    // given
    sink(20);

    // when
    store.record(bare(FindingType.LEAK_SUSPECTED, "held", CallSite.UNKNOWN));

    // then
    assertThat(lines()).contains("[connlens]   acquired at: (not captured: " + SAMPLED_NOTE + ")");
  }

  @Test
  void saysNotCapturedWhenTheRuntimeGaveNoNote() {
    // given
    store.addListener(new ConsoleSink(out, 20, () -> now, null));

    // when
    store.record(bare(FindingType.LEAK_SUSPECTED, "held", CallSite.UNKNOWN));

    // then
    assertThat(lines()).contains("[connlens]   acquired at: (not captured)");
  }

  @Test
  void labelsTheSiteOfAQueryFindingAsWhereItRan() {
    // given
    sink(20);

    // when
    store.record(bare(FindingType.N_PLUS_ONE, "the same query 12 times", CallSite.of(List.of(SERVICE_FRAME))));

    // then
    assertThat(lines()).contains("[connlens]   executed at:").doesNotContain("[connlens]   acquired at:");
  }

  @Test
  void holderOfADeadThreadHasNoFrames() {
    // given
    sink(20);

    // when
    store.record(new Occurrence(FindingType.LEAK_SUSPECTED, "held", CallSite.of(List.of(SERVICE_FRAME)),
        "worker-1", null, null, 31_000,
        new Holder("worker-1", "TERMINATED", HolderActivity.DEAD, List.of())));

    // then
    assertThat(lines()).last().isEqualTo("[connlens]   holder now: worker-1 (TERMINATED), the thread has"
        + " ended: nobody can close the connection any more");
  }

  @Test
  void printsAtMostTheLimitInOneMinuteAndCountsTheRest() {
    // given a limit of 20
    ConsoleSink sink = sink(20);

    // when 25 new findings arrive within one minute
    for (int i = 0; i < 25; i++) {
      now += 2_000;
      store.record(leak("HikariPool-1", siteAtLine(i)));
    }

    // then 20 are printed and 5 are counted, not yet mentioned
    assertThat(warnings()).hasSize(20);
    assertThat(sink.notShown()).isEqualTo(5);
    assertThat(text()).doesNotContain("not shown");
  }

  @Test
  void nextWarningAfterTheMinuteSaysHowManyWereNotShown() {
    // given 25 findings in one minute with a limit of 20
    ConsoleSink sink = sink(20);
    for (int i = 0; i < 25; i++) {
      store.record(leak("HikariPool-1", siteAtLine(i)));
    }

    // when one more arrives a minute later
    now += 60_000;
    store.record(leak("HikariPool-1", siteAtLine(100)));

    // then it is printed, right after the note about the 5 held back
    List<String> lines = lines();
    assertThat(warnings()).hasSize(21);
    int note = lines.indexOf("[connlens] 5 more findings not shown (console.limit); see the report");
    assertThat(note).isPositive();
    assertThat(lines.get(note + 1)).startsWith("[connlens] WARNING LEAK_SUSPECTED");
    assertThat(sink.notShown()).isZero();
  }

  @Test
  void theMinuteRollsFromEachPrintedWarning() {
    // given a limit of 2, reached by warnings at 0 s and 30 s
    sink(2);
    long start = now;
    store.record(leak("p", siteAtLine(1)));
    now = start + 30_000;
    store.record(leak("p", siteAtLine(2)));

    // when findings arrive just before and just after a minute from the first warning
    now = start + 59_999;
    store.record(leak("p", siteAtLine(3)));
    now = start + 60_000;
    store.record(leak("p", siteAtLine(4)));
    now = start + 60_001;
    store.record(leak("p", siteAtLine(5)));

    // then only the one after the first warning's minute is printed; the 30 s one still counts
    assertThat(warnings()).hasSize(3);
    assertThat(text()).contains("OrderService.java:4)").doesNotContain("OrderService.java:3)", "OrderService.java:5)");
  }

  @Test
  void exitSaysHowManyWereNotShownThenPrintsTheSummary() {
    // given 3 findings with a limit of 1
    ConsoleSink sink = sink(1);
    for (int i = 0; i < 3; i++) {
      store.record(leak("HikariPool-1", siteAtLine(i)));
    }
    ReportSnapshot snapshot = new ReportSnapshotBuilder().build(store.findings());
    printed.reset();

    // when
    sink.printAtExit(snapshot, "target/connlens.json");

    // then
    List<String> lines = lines();
    assertThat(lines.get(0)).isEqualTo("[connlens] 2 more findings not shown (console.limit); see the report");
    assertThat(lines.get(1)).startsWith("[connlens] summary:");
    assertThat(lines).contains("[connlens] report: target/connlens.json");
  }

  @Test
  void exitPrintsNothingForACleanRun() {
    // given
    ConsoleSink sink = sink(20);

    // when
    sink.printAtExit(new ReportSnapshotBuilder().build(), "target/connlens.json");

    // then
    assertThat(text()).isEmpty();
  }

  @Test
  void aLimitOfZeroPrintsNoWarningButCountsThem() {
    // given
    ConsoleSink sink = sink(0);

    // when
    store.record(leak("p", siteAtLine(1)));

    // then
    assertThat(text()).isEmpty();
    assertThat(sink.notShown()).isEqualTo(1);
  }

  @Test
  void neverThrowsWhenTheStreamFails() {
    // given a stream that throws on every write
    PrintStream broken = new PrintStream(OutputStream.nullOutputStream()) {
      @Override
      public void print(Object obj) {
        throw new IllegalStateException("broken stream");
      }
    };
    ConsoleSink sink = new ConsoleSink(broken, 20, () -> now, SAMPLED_NOTE);
    store.addListener(sink);

    // when / then
    assertThatCode(() -> store.record(leak("p", siteAtLine(1)))).doesNotThrowAnyException();
    assertThatCode(() -> sink.printAtExit(new ReportSnapshotBuilder().build(store.findings()), null))
        .doesNotThrowAnyException();
  }

  @Test
  void everyLineIsPrefixed() {
    // given
    sink(1);

    // when warnings, a held-back one and the note are printed
    store.record(leak("HikariPool-1", siteAtLine(1)));
    store.record(leak("HikariPool-1", siteAtLine(2)));
    now += 60_000;
    store.record(bare(FindingType.LEAK_SUSPECTED, "held", CallSite.UNKNOWN));

    // then
    assertThat(lines()).isNotEmpty().allMatch(line -> line.startsWith("[connlens] "));
  }

  private String text() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  private List<String> lines() {
    return Arrays.stream(text().split("\n")).filter(l -> !l.isEmpty()).collect(Collectors.toList());
  }

  private List<String> warnings() {
    return lines().stream().filter(l -> l.matches("\\[connlens] (INFO|WARNING|ERROR) [A-Z_]+: .*"))
        .collect(Collectors.toList());
  }
}
