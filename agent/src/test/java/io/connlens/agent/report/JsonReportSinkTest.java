package io.connlens.agent.report;

import static io.connlens.agent.report.ReportSnapshotBuilder.STARTED_AT;
import static io.connlens.agent.report.WatchedApplication.DATABASE;
import static io.connlens.agent.report.WatchedApplication.SITE;
import static io.connlens.agent.report.WatchedApplication.WORKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connlens.agent.application.ApplicationPackages;
import io.connlens.agent.config.AgentConfig;
import io.connlens.agent.detection.Finding;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.api.FindingType;
import io.connlens.api.report.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class JsonReportSinkTest {
  private final JsonReportSink sink = new JsonReportSink();
  private final ObjectMapper jackson = new ObjectMapper();
  private final ReportSnapshotBuilder builder = new ReportSnapshotBuilder();
  @RegisterExtension
  final WatchedApplications apps = new WatchedApplications();

  @TempDir
  Path dir;

  /** An application with every site captured, watched into the builder's store. */
  private WatchedApplication app() {
    return apps.add(new WatchedApplication(builder.store()));
  }



  @Test
  void reportHasSchemaSummaryAndFindings() throws Exception {
    // given
    app().leak("HikariPool-1");

    // when
    JsonNode report = parse(builder.build());

    // then
    assertThat(fieldNames(report)).containsExactly("schema", "summary", "pools", "servers", "tests", "timeline",
        "findings");
    assertThat(report.get("schema").asText()).isEqualTo("connlens.report/v1");
    assertThat(report.get("findings").size()).isEqualTo(1);
  }

  @Test
  void theTestsATestHarnessFailedAreListedWithTheirSite() throws Exception {
    // given the JUnit extension's word: one test left a connection open, one ran an N+1
    TestFailures tests = new TestFailures();
    tests.record("com.example.OrderTest.leaks()", "OPEN_AT_TEST_END", "com.example.Orders.find(Orders.java:9)", null);
    tests.record("com.example.OrderTest.items()", "N_PLUS_ONE", "com.example.Orders.items(Orders.java:20)",
        "select * from items where order_id = ?");

    // when
    JsonNode report = parse(new ReportSnapshotBuilder().tests(tests.list()).build());

    // then, in the order told; an unknown SQL is left out
    assertThat(report.get("tests").toString()).isEqualTo("[{\"test\":\"com.example.OrderTest.leaks()\","
        + "\"type\":\"OPEN_AT_TEST_END\",\"site\":\"com.example.Orders.find(Orders.java:9)\"},"
        + "{\"test\":\"com.example.OrderTest.items()\",\"type\":\"N_PLUS_ONE\","
        + "\"site\":\"com.example.Orders.items(Orders.java:20)\",\"sql\":\"select * from items where order_id = ?\"}]");
  }

  @Test
  void droppedCountsAreOneObjectInTheRuntimesOrder() throws Exception {
    // given a run whose bounds refused three findings and 44 executions in one unit of work
    java.util.Map<String, Long> dropped = new java.util.LinkedHashMap<>();
    dropped.put("findings", 3L);
    dropped.put("longHolds", 0L);
    dropped.put("unitQueries", 44L);
    ReportSnapshot snapshot = new ReportSnapshotBuilder().dropped(dropped).build();

    // when
    JsonNode summary = parse(snapshot).get("summary");

    // then every count is there, zeros included, in the order given
    assertThat(summary.get("dropped").toString()).isEqualTo("{\"findings\":3,\"longHolds\":0,\"unitQueries\":44}");
  }

  @Test
  void poolsAreOneObjectEachWithTheirLeasesAndPhysicalConnections() throws Exception {
    // given two pools, one whose database is not known
    ReportSnapshot snapshot = builder.pools(List.of(
        new ReportSnapshot.Pool("billing", null, null, new ReportSnapshot.Counts(4, 4, 0, 0),
            new ReportSnapshot.Counts(1, 0, 1, 0), -1, -1, -1),
        new ReportSnapshot.Pool("orders", "dbcp2", DATABASE, new ReportSnapshot.Counts(57, 54, 1, 2),
            new ReportSnapshot.Counts(12, 2, 10, 0), 10, 1, 9))).build();

    // when
    JsonNode pools = parse(snapshot).get("pools");

    // then in the order given, the kind, database and gauges left out where unknown
    assertThat(pools.toString()).isEqualTo("[{\"name\":\"billing\","
        + "\"leases\":{\"opened\":4,\"closed\":4,\"open\":0,\"unclosed\":0},"
        + "\"physicalConnections\":{\"opened\":1,\"closed\":0,\"open\":1,\"unclosed\":0},"
        + "\"peakLeases\":0,\"atMax\":{\"observedMillis\":0,\"atMaxMillis\":0},"
        + "\"waits\":{\"overMillis\":1,\"count\":0,\"totalMillis\":0,\"longestMillis\":0},"
        + "\"sizing\":\"peak 0 (maximum size unknown)\"},"
        + "{\"name\":\"orders\",\"kind\":\"dbcp2\",\"database\":" + jackson.writeValueAsString(DATABASE) + ","
        + "\"leases\":{\"opened\":57,\"closed\":54,\"open\":1,\"unclosed\":2},"
        + "\"physicalConnections\":{\"opened\":12,\"closed\":2,\"open\":10,\"unclosed\":0},"
        + "\"maxSize\":10,\"active\":1,\"idle\":9,"
        + "\"peakLeases\":0,\"atMax\":{\"observedMillis\":0,\"atMaxMillis\":0},"
        + "\"waits\":{\"overMillis\":1,\"count\":0,\"totalMillis\":0,\"longestMillis\":0},"
        + "\"sizing\":\"peak 0 of 10; 10 idle connections hold server slots\"}]");
  }

  @Test
  void aPoolsSizingIsItsPeakTimeAtMaximumWaitsAndTheLineThatComparesThem() throws Exception {
    // given a pool of 10 that had 3 leases open at once, was never full, and had 2 slow borrows
    ReportSnapshot snapshot = builder.pools(List.of(
        new ReportSnapshot.Pool("orders", "hikaricp", DATABASE, new ReportSnapshot.Counts(30, 30, 0, 0),
            new ReportSnapshot.Counts(10, 0, 10, 0), 10, 0, 10, new ReportSnapshot.Sizing(3, 4000, 0, 2, 5, 4))))
        .build();

    // when
    JsonNode pool = parse(snapshot).get("pools").get(0);

    // then
    assertThat(pool.get("peakLeases").asLong()).isEqualTo(3);
    assertThat(pool.get("atMax").toString()).isEqualTo("{\"observedMillis\":4000,\"atMaxMillis\":0}");
    assertThat(pool.get("waits").toString())
        .isEqualTo("{\"overMillis\":1,\"count\":2,\"totalMillis\":5,\"longestMillis\":4}");
    assertThat(pool.get("sizing").asText())
        .isEqualTo("peak 3 of 10; 7 idle connections hold server slots; 2 borrows waited over 1 ms, up to 4 ms (5 ms in all)");
  }

  @Test
  void serversAreOneObjectEachWithTheirPhysicalConnections() throws Exception {
    // given a PostgreSQL server and an embedded database
    ReportSnapshot snapshot = builder.servers(List.of(
        new ReportSnapshot.Server("db.internal:5432/orders", "db.internal", 5432, "orders",
            new ReportSnapshot.Counts(12, 2, 10, 0)),
        new ReportSnapshot.Server("h2:mem:app", null, -1, "h2:mem:app", new ReportSnapshot.Counts(1, 1, 0, 0))))
        .build();

    // when
    JsonNode servers = parse(snapshot).get("servers");

    // then in the order given, host and port left out where the URL has none
    assertThat(servers.toString()).isEqualTo("[{\"server\":\"db.internal:5432/orders\",\"host\":\"db.internal\","
        + "\"port\":5432,\"database\":\"orders\","
        + "\"physicalConnections\":{\"opened\":12,\"closed\":2,\"open\":10,\"unclosed\":0},"
        + "\"openByPool\":[],\"openDirect\":0},"
        + "{\"server\":\"h2:mem:app\",\"database\":\"h2:mem:app\","
        + "\"physicalConnections\":{\"opened\":1,\"closed\":1,\"open\":0,\"unclosed\":0},"
        + "\"openByPool\":[],\"openDirect\":0}]");
  }

  @Test
  void aServerSaysWhichPoolHoldsHowManyOfItsOpenConnections() throws Exception {
    // given a server with 10 open connections: 8 of two pools, 2 opened without a pool
    ReportSnapshot snapshot = builder.servers(List.of(
        new ReportSnapshot.Server("db.internal:5432/orders", "db.internal", 5432, "orders",
            new ReportSnapshot.Counts(12, 2, 10, 0), new java.util.TreeMap<>(java.util.Map.of("billing", 3L, "orders", 5L)), 2)))
        .build();

    // when
    JsonNode server = parse(snapshot).get("servers").get(0);

    // then
    assertThat(server.get("openByPool").toString())
        .isEqualTo("[{\"pool\":\"billing\",\"open\":3},{\"pool\":\"orders\",\"open\":5}]");
    assertThat(server.get("openDirect").asLong()).isEqualTo(2);
  }

  @Test
  void summaryHasEveryFieldWithItsValue() throws Exception {
    // given three leaks from one site, one N+1, and a run that failed on leaks
    WatchedApplication app = app();
    app.leak("HikariPool-1");
    app.leak("HikariPool-1");
    app.leak("HikariPool-1");
    app.nPlusOne(null);
    String instrumentationError = "org.h2.jdbc.JdbcConnection: " + new VerifyError("Bad type on operand stack");
    List<String> configurationProblems = AgentConfig.load("leak.treshold=5s", null, null).problems();
    ReportSnapshot snapshot = builder
        .applicationPackages(new ApplicationPackages(List.of("com.example"), List.of("com.example.generated"),
            "inferred: Main-Class of app.jar com.example.Main"))
        .skippedBursts(java.util.Map.of("initializer", 5L))
        .suppressedErrors(2)
        .problems(List.of(instrumentationError), configurationProblems)
        .failed(EnumSet.of(FindingType.OPEN_AT_EXIT, FindingType.LEAK_SUSPECTED, FindingType.LEAK_UNCLOSED), 86)
        .build();

    // when
    JsonNode summary = parse(snapshot).get("summary");

    // then
    assertThat(fieldNames(summary)).containsExactly("agentVersion", "pid", "java", "startedAt",
        "generatedAt", "trigger", "leases", "physicalConnections", "siteCapture", "applicationPackages", "findings",
        "occurrences", "dropped", "skippedBursts", "suppressedErrors", "instrumentationErrors", "configurationProblems", "failOn",
        "failed", "exitStatus");
    assertThat(summary.get("agentVersion").asText()).isEqualTo("0.1.0-test");
    assertThat(summary.get("pid").asLong()).isEqualTo(4242);
    assertThat(summary.get("java").asText()).isEqualTo("17.0.15");
    assertThat(summary.get("startedAt").asText()).isEqualTo("2025-03-01T10:00:00Z");
    assertThat(summary.get("generatedAt").asText()).isEqualTo("2025-03-01T10:02:00Z");
    assertThat(summary.get("trigger").asText()).isEqualTo("exit");
    assertThat(summary.get("leases").toString()).isEqualTo("{\"opened\":120,\"closed\":117,\"open\":3,\"unclosed\":0}");
    assertThat(summary.get("physicalConnections").toString()).isEqualTo("{\"opened\":10,\"closed\":2,\"open\":8,\"unclosed\":0}");
    assertThat(summary.get("siteCapture").asText()).isEqualTo("all");
    assertThat(summary.get("applicationPackages").toString()).isEqualTo("{\"included\":[\"com.example\"],"
        + "\"excluded\":[\"com.example.generated\"],\"source\":\"inferred: Main-Class of app.jar com.example.Main\"}");
    assertThat(summary.get("skippedBursts").toString()).isEqualTo("{\"initializer\":5}");
    assertThat(summary.get("findings").asLong()).isEqualTo(2);
    assertThat(summary.get("occurrences").toString()).isEqualTo("{\"LEAK_SUSPECTED\":3,\"N_PLUS_ONE\":1}");
    assertThat(summary.get("suppressedErrors").asLong()).isEqualTo(2);
    assertThat(texts(summary.get("instrumentationErrors")))
        .containsExactly("org.h2.jdbc.JdbcConnection: java.lang.VerifyError: Bad type on operand stack");
    assertThat(texts(summary.get("configurationProblems")))
        .containsExactly("leak.treshold: unknown key (agent arguments); did you mean leak.threshold? Ignored.");
    assertThat(summary.get("failOn").toString()).isEqualTo("[\"LEAK_SUSPECTED\",\"LEAK_UNCLOSED\",\"OPEN_AT_EXIT\"]");
    assertThat(summary.get("failed").isBoolean()).isTrue();
    assertThat(summary.get("failed").asBoolean()).isTrue();
    assertThat(summary.get("exitStatus").asInt()).isEqualTo(86);
  }

  @Test
  void onDemandReportHasOnDemandTriggerAndNullExitStatus() throws Exception {
    // given
    ReportSnapshot snapshot = builder.onDemand().build();

    // when
    JsonNode summary = parse(snapshot).get("summary");

    // then the field is there, and null
    assertThat(summary.get("trigger").asText()).isEqualTo("on-demand");
    assertThat(summary.has("exitStatus")).isTrue();
    assertThat(summary.get("exitStatus").isNull()).isTrue();
    assertThat(summary.get("failed").asBoolean()).isFalse();
    assertThat(summary.get("failOn").size()).isZero();
    assertThat(summary.get("occurrences").size()).isZero();
  }

  @Test
  void findingHasEveryFieldWithItsValue() throws Exception {
    // given the same leak three times, 5 s apart
    WatchedApplication app = app();
    for (int i = 0; i < 3; i++) {
      builder.at(STARTED_AT + 1_000 + i * 5_000);
      app.leak("HikariPool-1");
    }
    Finding leak = builder.store().findings().get(0);

    // when
    JsonNode finding = parse(builder.build()).get("findings").get(0);

    // then
    assertThat(fieldNames(finding)).containsExactly("type", "severity", "message", "count", "site",
        "thread", "pool", "database", "heldMillis", "statements", "firstSeen", "lastSeen", "holder");
    assertThat(finding.get("type").asText()).isEqualTo("LEAK_SUSPECTED");
    assertThat(finding.get("severity").asText()).isEqualTo("warning");
    assertThat(finding.get("message").asText())
        .isEqualTo("connection held for 31.2 s and still open (leak.threshold 30.0 s)");
    assertThat(finding.get("count").asLong()).isEqualTo(3);
    assertThat(fieldNames(finding.get("site"))).containsExactly("captured", "applicationFrame", "frames");
    assertThat(finding.get("site").get("applicationFrame").asBoolean()).isTrue();
    assertThat(finding.get("site").get("captured").asBoolean()).isTrue();
    assertThat(texts(finding.get("site").get("frames"))).containsExactlyElementsOf(SITE);
    assertThat(finding.get("thread").asText()).isEqualTo(WORKER);
    assertThat(finding.get("pool").asText()).isEqualTo("HikariPool-1");
    assertThat(finding.get("database").asText()).isEqualTo(DATABASE);
    assertThat(finding.get("heldMillis").asLong()).isEqualTo(31_200);
    assertThat(finding.get("statements").asLong()).isZero();
    assertThat(finding.get("firstSeen").asText()).isEqualTo("2025-03-01T10:00:01Z");
    assertThat(finding.get("lastSeen").asText()).isEqualTo("2025-03-01T10:00:11Z");
    JsonNode holder = finding.get("holder");
    assertThat(fieldNames(holder)).containsExactly("thread", "state", "activity", "frames");
    assertThat(holder.get("thread").asText()).isEqualTo(WORKER);
    assertThat(holder.get("state").asText()).isEqualTo("WAITING");
    assertThat(holder.get("activity").asText()).isEqualTo("IDLE_IN_THREAD_POOL");
    assertThat(texts(holder.get("frames")))
        .containsExactlyElementsOf(leak.holder().frames())
        .first().isEqualTo("jdk.internal.misc.Unsafe.park(Native Method)");
  }

  @Test
  void aQueryFindingHasItsQueriesAndHint() throws Exception {
    // given
    app().nPlusOne("HikariPool-1");

    // when
    JsonNode finding = parse(builder.build()).get("findings").get(0);

    // then
    assertThat(fieldNames(finding)).containsExactly("type", "severity", "message", "count", "site",
        "thread", "pool", "database", "sql", "executions", "sourceSql", "hint", "firstSeen", "lastSeen");
    assertThat(finding.get("message").asText())
        .isEqualTo("the same query executed 12 times from one call site, once per row of the query before it");
    assertThat(finding.get("sql").asText()).isEqualTo("select * from customer where id = ?");
    assertThat(finding.get("executions").asLong()).isEqualTo(12);
    assertThat(finding.get("sourceSql").asText()).isEqualTo("select * from orders where status = ?");
    assertThat(finding.get("hint").asText()).startsWith("load the rows in one query");
  }

  @Test
  void anIdleTransactionHasWhereItsLastStatementRan() throws Exception {
    // given
    app().idleTransaction("HikariPool-1");

    // when
    JsonNode finding = parse(builder.build()).get("findings").get(0);

    // then
    assertThat(finding.get("type").asText()).isEqualTo("IDLE_IN_TRANSACTION");
    assertThat(finding.get("sql").asText()).isEqualTo("update account set balance = balance - ? where id = ?");
    assertThat(finding.get("statementSite").get("captured").asBoolean()).isTrue();
    assertThat(texts(finding.get("statementSite").get("frames"))).containsExactlyElementsOf(SITE);
  }

  @Test
  void aSuspectedLeakReturnedAfterAllSaysHowManyCameBack() throws Exception {
    // given a suspected leak seen twice, one of whose connections came back
    WatchedApplication app = app();
    app.leak("HikariPool-1");
    app.leakThenReturn("HikariPool-1", Duration.ofSeconds(40));

    // when
    JsonNode findings = parse(builder.build()).get("findings");

    // then
    JsonNode suspected = findings.get(0);
    assertThat(suspected.get("type").asText()).isEqualTo("LEAK_SUSPECTED");
    assertThat(suspected.get("count").asLong()).isEqualTo(2);
    assertThat(suspected.get("returned").asLong()).isEqualTo(1);
    JsonNode longHold = findings.get(1);
    assertThat(longHold.get("message").asText())
        .isEqualTo("connection held for 40.0 s, past leak.threshold 30.0 s, then closed");
    assertThat(longHold.has("returned")).isFalse();
  }

  @Test
  void absentOptionalFieldsAreLeftOut() throws Exception {
    // given an N+1 on a DriverManager connection (no pool, no hold, no holder), and a connection
    // open at exit from a pool whose database connlens does not know
    WatchedApplication app = app();
    app.nPlusOne(null);
    app.pool("reports", null).openAtExit("reports");

    // when
    JsonNode findings = parse(builder.build()).get("findings");

    // then the fields are missing, not null
    JsonNode nPlusOne = findings.get(1);
    assertThat(nPlusOne.get("type").asText()).isEqualTo("N_PLUS_ONE");
    assertThat(nPlusOne.has("pool")).isFalse();
    assertThat(nPlusOne.has("heldMillis")).isFalse();
    assertThat(nPlusOne.has("holder")).isFalse();
    assertThat(nPlusOne.has("returned")).isFalse();
    assertThat(nPlusOne.has("statements")).isFalse();
    JsonNode openAtExit = findings.get(0);
    assertThat(openAtExit.get("type").asText()).isEqualTo("OPEN_AT_EXIT");
    assertThat(openAtExit.get("pool").asText()).isEqualTo("reports");
    assertThat(openAtExit.has("database")).isFalse();
    assertThat(openAtExit.has("holder")).isFalse();
    assertThat(openAtExit.has("sql")).isFalse();
  }

  @Test
  void uncapturedSiteIsMarkedAndHasNoFrames() throws Exception {
    // given
    apps.add(new WatchedApplication(builder.store(), SiteCapture.Mode.OFF, 2, WORKER)).openAtExit(null);

    // when
    JsonNode site = parse(builder.build()).get("findings").get(0).get("site");

    // then
    assertThat(site.toString()).isEqualTo("{\"captured\":false,\"frames\":[]}");
  }

  @Test
  void stringsWithQuotesNewlinesControlCharactersAndUnicodeReadBackUnchanged() throws Exception {
    // given text an application may put in a quoted SQL identifier, a pool name or a thread name
    String identifier = "table \"\"orders\"\"\nline 2\ttab \\ back \u0000\u0007\u001f é € 漢 😀 lone \ud800";
    String pool = "pool \"α\"\r\n";
    String thread = "thread\u2028one";
    apps.add(new WatchedApplication(builder.store(), SiteCapture.Mode.ALL, 2, thread))
        .repeatedQuery(pool, "select * from orders", "select \"" + identifier + "\" from t where id = 1");
    Finding made = builder.store().findings().get(0);
    assertThat(made.sql()).isEqualTo("select \"" + identifier + "\" from t where id = ?");

    // when
    String json = sink.toJson(builder.build());
    JsonNode finding = jackson.readTree(json).get("findings").get(0);

    // then a strict parser reads back exactly what the agent found
    assertThat(finding.get("sql").asText()).isEqualTo(made.sql());
    assertThat(finding.get("pool").asText()).isEqualTo(pool);
    assertThat(finding.get("thread").asText()).isEqualTo(thread);
    assertThat(json).contains("\\\"\\\"orders\\\"\\\"", "\\n", "\\t", "\\\\", "\\u0000", "\\u0007",
        "\\u001f", "\\ud800");
  }

  @Test
  void findingsKeepTheSnapshotOrder() throws Exception {
    // given findings in an order the store would not choose
    WatchedApplication app = app();
    app.leak("A");
    app.unbatchedWrites("A");
    app.openAtExit("A");
    List<Finding> order = new ArrayList<>(builder.store().findings());
    Collections.reverse(order);
    assertThat(order).extracting(Finding::type).containsExactly(
        FindingType.UNBATCHED_WRITES, FindingType.OPEN_AT_EXIT, FindingType.LEAK_SUSPECTED);

    // when
    JsonNode findings = parse(builder.build(order)).get("findings");

    // then
    assertThat(findings).extracting(f -> f.get("type").asText())
        .containsExactly(order.stream().map(f -> f.type().name()).toArray(String[]::new));
  }

  @Test
  void isPrettyPrintedWithTwoSpaceIndent() {
    // given
    ReportSnapshot snapshot = builder.build();

    // when
    String json = sink.toJson(snapshot);

    // then
    assertThat(json).startsWith("{\n  \"schema\": \"connlens.report/v1\",\n  \"summary\": {\n"
        + "    \"agentVersion\": \"0.1.0-test\",\n    \"pid\": 4242,\n");
    assertThat(json).endsWith("  },\n  \"pools\": [],\n  \"servers\": [],\n  \"tests\": [],\n  \"timeline\": {\n    \"pools\": []\n  },\n  \"findings\": []\n}");
  }

  @Test
  void writeCreatesParentDirectoriesAndWritesUtf8() throws Exception {
    // given a finding from a pool named beyond ASCII, and a report path whose directories do not exist yet
    app().openAtExit("Kasse € 😀");
    ReportSnapshot snapshot = builder.build();
    Path report = dir.resolve("target/connlens/report.json");

    // when
    sink.write(snapshot, report);

    // then
    byte[] bytes = Files.readAllBytes(report);
    assertThat(bytes).isEqualTo((sink.toJson(snapshot) + "\n").getBytes(StandardCharsets.UTF_8));
    assertThat(jackson.readTree(bytes).get("findings").get(0).get("pool").asText()).isEqualTo("Kasse € 😀");
  }

  @Test
  void writeReplacesAnEarlierReportAndLeavesNoTemporaryFile() throws Exception {
    // given a report written before
    Path report = dir.resolve("report.json");
    sink.write(new ReportSnapshotBuilder().build(), report);
    app().leak("HikariPool-1");
    ReportSnapshot later = builder.build();

    // when
    sink.write(later, report);

    // then only the report is there, and it is the later one
    assertThat(filesIn(dir)).containsExactly("report.json");
    assertThat(jackson.readTree(report.toFile()).get("findings").size()).isEqualTo(1);
  }

  @Test
  void failedWriteThrowsAndLeavesNoTemporaryFile() throws Exception {
    // given a non-empty directory where the report should go, so the final move must fail
    Path report = dir.resolve("report.json");
    Files.createDirectories(report);
    Files.writeString(report.resolve("keep.txt"), "x");

    // when / then
    assertThatThrownBy(() -> sink.write(new ReportSnapshotBuilder().build(), report))
        .isInstanceOf(IOException.class);
    assertThat(filesIn(dir)).containsExactly("report.json");
  }

  @Test
  void writeAcceptsARelativePath() throws Exception {
    // given a bare file name, as in report=report.json: its parent is the working directory
    Path relative = Path.of("target", "json-report-sink-test-" + System.nanoTime(), "report.json");
    try {
      // when
      sink.write(new ReportSnapshotBuilder().build(), relative);

      // then
      assertThat(jackson.readTree(relative.toFile()).get("schema").asText()).isEqualTo("connlens.report/v1");
    } finally {
      Files.deleteIfExists(relative);
      Files.deleteIfExists(relative.getParent());
    }
  }

  @Test
  void theApisReaderReadsWhatTheAgentWrites() {
    // given a failed run with three leaks from one site, a pool and a server
    WatchedApplication app = app();
    app.leak("HikariPool-1");
    app.leak("HikariPool-1");
    app.leak("HikariPool-1");
    ReportSnapshot snapshot = builder
        .pools(List.of(new ReportSnapshot.Pool("HikariPool-1", "hikaricp", DATABASE,
            new ReportSnapshot.Counts(57, 54, 1, 2), new ReportSnapshot.Counts(12, 2, 10, 0), 10, 1, 9,
            new ReportSnapshot.Sizing(10, 8000, 3000, 4, 2500, 2100))))
        .servers(List.of(new ReportSnapshot.Server("db.internal:5432/orders", "db.internal", 5432, "orders",
            new ReportSnapshot.Counts(12, 2, 10, 0), java.util.Map.of("HikariPool-1", 10L), 1)))
        .failed(EnumSet.of(FindingType.LEAK_UNCLOSED), 86)
        .build();

    // when the api reads the agent's JSON
    Report report = Report.parse(sink.toJson(snapshot));

    // then it reads what was written
    assertThat(report.summary().failed()).isTrue();
    assertThat(report.summary().exitStatus()).isEqualTo(86L);
    assertThat(report.summary().failOn()).containsExactly("LEAK_UNCLOSED");
    assertThat(report.summary().leases().opened()).isEqualTo(120);
    Report.Pool pool = report.pools().get(0);
    assertThat(pool.name()).isEqualTo("HikariPool-1");
    assertThat(pool.kind()).isEqualTo("hikaricp");
    assertThat(pool.maxSize()).isEqualTo(10);
    assertThat(pool.leases().unclosed()).isEqualTo(2);
    assertThat(pool.peakLeases()).isEqualTo(10);
    assertThat(pool.observedMillis()).isEqualTo(8000);
    assertThat(pool.atMaxMillis()).isEqualTo(3000);
    assertThat(pool.waits()).isEqualTo(4);
    assertThat(pool.waitedMillis()).isEqualTo(2500);
    assertThat(pool.longestWaitMillis()).isEqualTo(2100);
    assertThat(pool.sizing()).isEqualTo(PoolSizing.line(snapshot.pools.get(0)))
        .isEqualTo("at maximum 38% of the time (peak 10 of 10); 4 borrows waited over 1 ms, up to 2.1 s (2.5 s in all)");
    assertThat(report.servers().get(0).port()).isEqualTo(5432);
    assertThat(report.servers().get(0).openByPool()).containsExactly(java.util.Map.entry("HikariPool-1", 10L));
    assertThat(report.servers().get(0).openDirect()).isEqualTo(1);
    assertThat(report.findings()).hasSameSizeAs(snapshot.findings).isNotEmpty();
    Finding written = snapshot.findings.get(0);
    Report.Finding read = report.findings().get(0);
    assertThat(read.type()).isEqualTo(written.type().name());
    assertThat(report.findings(written.type())).containsExactly(read);
    assertThat(read.count()).isEqualTo(written.count()).isEqualTo(3);
    assertThat(read.firstFrame()).isEqualTo(written.site().topFrame());
    assertThat(read.pool()).isEqualTo("HikariPool-1");
    assertThat(read.message()).isEqualTo(written.message());
  }

  private JsonNode parse(ReportSnapshot snapshot) throws IOException {
    return jackson.readTree(sink.toJson(snapshot));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static List<String> filesIn(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
