package io.connlens.agent.report;

import static io.connlens.agent.report.WatchedApplication.DATABASE;
import static io.connlens.agent.report.WatchedApplication.SITE;
import static io.connlens.agent.report.WatchedApplication.WORKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.connlens.agent.detection.Finding;
import io.connlens.agent.detection.FindingStore;
import io.connlens.agent.detection.Holder;
import io.connlens.agent.detection.HolderActivity;
import io.connlens.agent.detection.Occurrence;
import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.registry.StackFrames;
import io.connlens.api.FindingType;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConsoleSinkTest {
  private static final String SAMPLED_NOTE =
      "site.capture=sampled captures one lease in 16; connlens now captures every lease from this pool";

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
  private long now = 1_700_000_000_000L;
  private final FindingStore store = new FindingStore(() -> now);
  @RegisterExtension
  final WatchedApplications apps = new WatchedApplications();

  private ConsoleSink sink(int limitPerMinute) {
    ConsoleSink sink = new ConsoleSink(out, limitPerMinute, () -> now, SAMPLED_NOTE);
    store.addListener(sink);
    return sink;
  }

  /** An application with every site captured, watched into {@link #store}. */
  private WatchedApplication app() {
    return apps.add(new WatchedApplication(store));
  }



  @Test
  void printsOneWarningWithPoolDatabaseThreadSiteAndHolder() {
    // given
    sink(20);

    // when a connection is leaked by a task of a thread pool, whose worker now waits for the next
    app().leak("HikariPool-1");

    // then
    List<String> holderFrames = store.findings().get(0).holder().frames();
    List<String> expected = new ArrayList<>(List.of(
        "[connlens] WARNING LEAK_SUSPECTED: connection held for 31.2 s and still open (leak.threshold 30.0 s)",
        "[connlens]   pool: HikariPool-1   database: " + DATABASE + "   thread: " + WORKER,
        "[connlens]   acquired at:",
        "[connlens]     at " + SITE.get(0),
        "[connlens]     at " + SITE.get(1),
        "[connlens]   holder now: " + WORKER + " (WAITING), idle in a thread pool: the task that took"
            + " the connection has ended, the connection was forgotten"));
    expected.addAll(frameLines(holderFrames));
    assertThat(lines()).containsExactlyElementsOf(expected);
    // the holder's frames are the JDK's, as StackFrames writes them: no module prefix
    assertThat(lines().get(6)).isEqualTo("[connlens]     at jdk.internal.misc.Unsafe.park(Native Method)");
    assertThat(text()).doesNotContain("java.base/");
  }

  @Test
  void namesTheApplicationFramesOfTheSite() {
    // (the premise of every site assertion here: the site is the application's code, as the agent writes it)
    assertThat(SITE).hasSize(2);
    assertThat(SITE.get(0)).matches("com\\.example\\.OrderService\\.export\\(OrderService\\.java:\\d+\\)");
    assertThat(SITE.get(1)).matches("com\\.example\\.OrderController\\.get\\(OrderController\\.java:\\d+\\)");
  }

  @Test
  void announcesAFindingOnceHoweverOftenItRecurs() {
    // given
    sink(20);
    WatchedApplication app = app();

    // when the same code leaks from the same pool twice
    app.leak("HikariPool-1");
    app.leak("HikariPool-1");

    // then one finding seen twice, printed once
    assertThat(store.findings()).singleElement().extracting(Finding::count).isEqualTo(2L);
    assertThat(warnings()).hasSize(1);
  }

  @Test
  void saysHowManyStatementsALeakedConnectionRanAndTheLastOne() {
    // given
    sink(20);

    // when the leaked connection ran two queries first
    app().leak("HikariPool-1",
        "select * from export_batch where id = 41", "select * from export_batch where id = 42");

    // then
    assertThat(lines()).element(2)
        .isEqualTo("[connlens]   last sql (2 statements run on it): select * from export_batch where id = ?");
  }

  @Test
  void leavesOutThePoolOfADriverManagerConnectionAndTheHolderOfAFindingWithoutOne() {
    // given
    sink(20);

    // when a DriverManager connection is still open at exit
    app().openAtExit(null);

    // then
    assertThat(lines()).containsExactly(
        "[connlens] WARNING OPEN_AT_EXIT: connection still open when the JVM exited, held for 5.0 s",
        "[connlens]   database: " + DATABASE + "   thread: " + WORKER,
        "[connlens]   acquired at:",
        "[connlens]     at " + SITE.get(0),
        "[connlens]     at " + SITE.get(1));
  }

  @Test
  void leavesOutADatabaseConnlensDoesNotKnow() {
    // given
    sink(20);

    // when the pool does not tell its URL
    app().pool("reports", null).openAtExit("reports");

    // then
    assertThat(lines()).element(1).isEqualTo("[connlens]   pool: reports   thread: " + WORKER);
  }

  @Test
  void showsEightFramesThenCountsTheRest() {
    // given a site of 11 frames
    sink(20);
    apps.add(new WatchedApplication(store, SiteCapture.Mode.ALL, 11, WORKER)).openAtExitInSteps(null, 11);
    assertThat(store.findings().get(0).site().frames()).hasSize(11);

    // then
    List<String> lines = lines();
    assertThat(lines.stream().filter(l -> l.startsWith("[connlens]     at "))).hasSize(8);
    assertThat(lines).last().isEqualTo("[connlens]     ... 3 more");
  }

  @Test
  void explainsAnUncapturedSiteWithTheRuntimesNote() {
    // given
    sink(20);

    // when
    apps.add(new WatchedApplication(store, SiteCapture.Mode.OFF, 2, WORKER)).leak("HikariPool-1");

    // then
    assertThat(lines()).contains("[connlens]   acquired at: (not captured: " + SAMPLED_NOTE + ")");
  }

  @Test
  void saysNotCapturedWhenTheRuntimeGaveNoNote() {
    // given
    store.addListener(new ConsoleSink(out, 20, () -> now, null));

    // when
    apps.add(new WatchedApplication(store, SiteCapture.Mode.OFF, 2, WORKER)).leak("HikariPool-1");

    // then
    assertThat(lines()).contains("[connlens]   acquired at: (not captured)");
  }

  @Test
  void printsAnNPlusOneWithItsQueryTheQueryBeforeItAndTheFix() {
    // given
    sink(20);

    // when
    app().nPlusOne(null);

    // then the site is where the statements ran, not where a connection was taken
    String hint = store.findings().get(0).hint();
    assertThat(hint).startsWith("load the rows in one query");
    assertThat(lines()).containsExactly(
        "[connlens] WARNING N_PLUS_ONE: the same query executed 12 times from one call site, once per"
            + " row of the query before it",
        "[connlens]   database: " + DATABASE + "   thread: " + WORKER,
        "[connlens]   sql: select * from customer where id = ?",
        "[connlens]   after: select * from orders where status = ?",
        "[connlens]   fix: " + hint,
        "[connlens]   executed at:",
        "[connlens]     at " + SITE.get(0),
        "[connlens]     at " + SITE.get(1));
  }

  @Test
  void printsAnIdleTransactionWithItsLastStatementAndWhereItRan() {
    // given
    sink(20);

    // when
    app().idleTransaction("HikariPool-1");

    // then
    assertThat(lines()).containsSubsequence(
        "[connlens] WARNING IDLE_IN_TRANSACTION: transaction idle for 12.0 s after its last statement"
            + " (transaction.idle.threshold 10.0 s): it holds its locks and a server connection",
        "[connlens]   pool: HikariPool-1   database: " + DATABASE + "   thread: " + WORKER,
        "[connlens]   sql: update account set balance = balance - ? where id = ?",
        "[connlens]   fix: commit or roll back before slow work, or do the slow work before the"
            + " transaction begins",
        "[connlens]   acquired at:",
        "[connlens]     at " + SITE.get(0),
        "[connlens]     at " + SITE.get(1),
        "[connlens]   last statement at:",
        "[connlens]     at " + SITE.get(0),
        "[connlens]     at " + SITE.get(1),
        "[connlens]   holder now: " + WORKER + " (WAITING), idle in a thread pool: the task that took"
            + " the connection has ended, the connection was forgotten");
  }

  @Test
  void holderOfADeadThreadHasNoFrames() {
    // given
    sink(20);

    // when the thread that took the connection has ended
    app().leakFromEndedThread("HikariPool-1", "worker-1");

    // then
    assertThat(lines()).last().isEqualTo("[connlens]   holder now: worker-1 (TERMINATED), the thread has"
        + " ended: nobody can close the connection any more");
  }

  @Test
  void printsAtMostTheLimitInOneMinuteAndCountsTheRest() {
    // given a limit of 20
    ConsoleSink sink = sink(20);
    WatchedApplication app = app();

    // when 25 new findings arrive within one minute
    for (int i = 0; i < 25; i++) {
      now += 2_000;
      app.openAtExit("pool-" + i);
    }

    // then 20 are printed and 5 are counted, not yet mentioned
    assertThat(store.findings()).hasSize(25);
    assertThat(warnings()).hasSize(20);
    assertThat(sink.notShown()).isEqualTo(5);
    assertThat(text()).doesNotContain("not shown");
  }

  @Test
  void nextWarningAfterTheMinuteSaysHowManyWereNotShown() {
    // given 25 findings in one minute with a limit of 20
    ConsoleSink sink = sink(20);
    WatchedApplication app = app();
    for (int i = 0; i < 25; i++) {
      app.openAtExit("pool-" + i);
    }

    // when one more arrives a minute later
    now += 60_000;
    app.openAtExit("pool-100");

    // then it is printed, right after the note about the 5 held back
    List<String> lines = lines();
    assertThat(warnings()).hasSize(21);
    int note = lines.indexOf("[connlens] 5 more findings not shown (console.limit); see the report");
    assertThat(note).isPositive();
    assertThat(lines.get(note + 1)).startsWith("[connlens] WARNING OPEN_AT_EXIT");
    assertThat(lines.get(note + 2)).startsWith("[connlens]   pool: pool-100   ");
    assertThat(sink.notShown()).isZero();
  }

  @Test
  void theMinuteRollsFromEachPrintedWarning() {
    // given a limit of 2, reached by warnings at 0 s and 30 s
    sink(2);
    WatchedApplication app = app();
    long start = now;
    app.openAtExit("p1");
    now = start + 30_000;
    app.openAtExit("p2");

    // when findings arrive just before and just after a minute from the first warning
    now = start + 59_999;
    app.openAtExit("p3");
    now = start + 60_000;
    app.openAtExit("p4");
    now = start + 60_001;
    app.openAtExit("p5");

    // then only the one after the first warning's minute is printed; the 30 s one still counts
    assertThat(warnings()).hasSize(3);
    assertThat(text()).contains("pool: p4   ").doesNotContain("pool: p3   ", "pool: p5   ");
  }

  @Test
  void exitSaysHowManyWereNotShownThenPrintsTheSummary() {
    // given 3 findings with a limit of 1
    ConsoleSink sink = sink(1);
    WatchedApplication app = app();
    for (int i = 0; i < 3; i++) {
      app.openAtExit("pool-" + i);
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
  void exitPrintsOnlyThePoolLinesForACleanRunWithAPool() {
    // given a clean run on one pool
    ConsoleSink sink = sink(20);
    ReportSnapshot snapshot = new ReportSnapshotBuilder().pools(List.of(new ReportSnapshot.Pool("orders", "hikaricp",
        null, new ReportSnapshot.Counts(30, 30, 0, 0), new ReportSnapshot.Counts(10, 0, 10, 0), 10, 0, 10,
        new ReportSnapshot.Sizing(3, 5_000, 0, 0, 0, 0)))).build();

    // when
    sink.printAtExit(snapshot, "target/connlens.json");

    // then
    assertThat(lines()).containsExactly("[connlens] pool orders: peak 3 of 10; 7 idle connections hold server slots");
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
    app().openAtExit("p");

    // then
    assertThat(store.findings()).hasSize(1);
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
    assertThatCode(() -> app().openAtExit("p")).doesNotThrowAnyException();
    assertThat(store.findings()).hasSize(1);
    assertThatCode(() -> sink.printAtExit(new ReportSnapshotBuilder().build(store.findings()), null))
        .doesNotThrowAnyException();
  }

  @Test
  void everyLineIsPrefixed() {
    // given
    sink(1);
    WatchedApplication app = app();

    // when warnings, a held-back one and the note are printed
    app.leak("HikariPool-1");
    app.nPlusOne("HikariPool-1");
    now += 60_000;
    app.idleTransaction("HikariPool-1");

    // then
    assertThat(text()).contains("1 more finding not shown");
    assertThat(lines()).hasSizeGreaterThan(10).allMatch(line -> line.startsWith("[connlens] "));
  }

  @Test
  void textFromTheApplicationCannotForgeALine() {
    // given a pool, its URL, a worker thread and a query whose quoted identifier hold line breaks,
    // a forged warning and terminal escapes (clear screen, red)
    sink(20);
    String pool = "pool\r\n[connlens] WARNING N_PLUS_ONE: forged";
    String worker = "worker\n[connlens] ERROR LEAK_UNCLOSED: forged\u2028";
    WatchedApplication app = apps.add(new WatchedApplication(store, SiteCapture.Mode.ALL, 2, worker))
        .pool(pool, "jdbc:h2:mem:x\n[connlens] forged\u0085\u202e");
    String sql = "select \"a\n[connlens] WARNING LEAK_SUSPECTED: forged\u001b[2J\u001b[31m\" from t where id = 1";

    // when its connection leaks after running the query, and the query runs once per row of another
    app.leak(pool, sql);
    app.repeatedQuery(pool, "select \"\u001b]0;title\u0007\" from orders", sql);

    // then the agent found the text as it was (the premise)...
    Finding leak = store.findings().stream().filter(f -> f.type() == FindingType.LEAK_SUSPECTED)
        .findFirst().orElseThrow();
    assertThat(leak.lastSql()).contains("\n[connlens] WARNING LEAK_SUSPECTED: forged\u001b[2J");
    assertThat(leak.thread()).isEqualTo(worker);
    assertThat(leak.pool()).isEqualTo(pool);
    // ...and the console has the agent's lines only: two warnings, each line prefixed, none raw
    int leakLines = 7 + frameLines(leak.holder().frames()).size();
    int nPlusOneLines = 8;
    // (split at line feeds only: a raw CR, NEL or U+2028 left in a line is caught below)
    List<String> split = Arrays.asList(text().split("\n", -1));
    assertThat(split).hasSize(leakLines + nPlusOneLines + 1).last().isEqualTo("");
    List<String> printedLines = split.subList(0, split.size() - 1);
    assertThat(printedLines).allMatch(line -> line.startsWith("[connlens] "));
    assertThat(printedLines).noneMatch(ConsoleSinkTest::hasRawControlCharacter);
    assertThat(warnings()).hasSize(2);
    assertThat(printedLines).contains(
        "[connlens]   pool: pool\\u000d\\u000a[connlens] WARNING N_PLUS_ONE: forged"
            + "   database: jdbc:h2:mem:x\\u000a[connlens] forged\\u0085\\u202e"
            + "   thread: worker\\u000a[connlens] ERROR LEAK_UNCLOSED: forged\\u2028",
        "[connlens]   last sql (1 statement run on it): select \"a\\u000a[connlens] WARNING"
            + " LEAK_SUSPECTED: forged\\u001b[2J\\u001b[31m\" from t where id = ?",
        "[connlens]   after: select \"\\u001b]0;title\\u0007\" from orders");
    assertThat(printedLines).anyMatch(line -> line.startsWith(
        "[connlens]   holder now: worker\\u000a[connlens] ERROR LEAK_UNCLOSED: forged\\u2028 (WAITING)"));
  }

  @Test
  void framesCannotForgeALine() {
    // given frames of a class whose name holds a line break: the JVM allows it in generated classes
    sink(20);
    String frame = StackFrames.format(new StackTraceElement(
        "com.example.Generated\n[connlens] WARNING LEAK_SUSPECTED: forged\u001b[0m", "run", "Generated.java", 7));
    CallSite site = CallSite.of(List.of(frame));
    Holder holder = new Holder(WORKER, "WAITING", HolderActivity.WAITING, List.of(frame, frame));

    // when they are a finding's site, its statement site and its holder's stack (no detector
    // makes such frames from this test's code, so the occurrence is put together here)
    store.record(new Occurrence(FindingType.IDLE_IN_TRANSACTION, "(message not under test)", site,
        WORKER, null, null, 1, holder).withStatementSite(site));

    // then each frame is one line
    String shown = "[connlens]     at com.example.Generated\\u000a[connlens] WARNING LEAK_SUSPECTED:"
        + " forged\\u001b[0m.run(Generated.java:7)";
    List<String> lines = lines();
    assertThat(lines.get(0)).startsWith("[connlens] WARNING IDLE_IN_TRANSACTION: ");
    assertThat(lines.subList(1, lines.size())).containsExactly(
        "[connlens]   thread: " + WORKER,
        "[connlens]   acquired at:",
        shown,
        "[connlens]   last statement at:",
        shown,
        "[connlens]   holder now: " + WORKER + " (WAITING), " + HolderActivity.WAITING.description(),
        shown,
        shown);
  }

  /**
   * Whether {@code line} holds a character that may end a line or drive a terminal, by the list
   * the console promises to escape: C0, DEL, C1, U+2028/9, bidirectional controls, lone surrogates.
   */
  private static boolean hasRawControlCharacter(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0x061c
          || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
        return true;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= line.length() || !Character.isLowSurrogate(line.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /** The lines a holder's or a site's frames take: the first eight, then how many more. */
  private static List<String> frameLines(List<String> frames) {
    List<String> lines = new ArrayList<>();
    for (String frame : frames.subList(0, Math.min(8, frames.size()))) {
      lines.add("[connlens]     at " + frame);
    }
    if (frames.size() > 8) {
      lines.add("[connlens]     ... " + (frames.size() - 8) + " more");
    }
    return lines;
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
