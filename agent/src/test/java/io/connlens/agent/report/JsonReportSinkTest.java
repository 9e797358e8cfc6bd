package io.connlens.agent.report;

import static io.connlens.agent.report.ReportSnapshotBuilder.CONTROLLER_FRAME;
import static io.connlens.agent.report.ReportSnapshotBuilder.SERVICE_FRAME;
import static io.connlens.agent.report.ReportSnapshotBuilder.STARTED_AT;
import static io.connlens.agent.report.ReportSnapshotBuilder.bare;
import static io.connlens.agent.report.ReportSnapshotBuilder.leak;
import static io.connlens.agent.report.ReportSnapshotBuilder.siteAtLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connlens.agent.detection.Finding;
import io.connlens.agent.detection.FindingType;
import io.connlens.agent.detection.Occurrence;
import io.connlens.agent.registry.CallSite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportSinkTest {
  private final JsonReportSink sink = new JsonReportSink();
  private final ObjectMapper jackson = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void reportHasSchemaSummaryAndFindings() throws Exception {
    // given
    ReportSnapshot snapshot = new ReportSnapshotBuilder().record(leak("HikariPool-1", siteAtLine(42))).build();

    // when
    JsonNode report = parse(snapshot);

    // then
    assertThat(fieldNames(report)).containsExactly("schema", "summary", "findings");
    assertThat(report.get("schema").asText()).isEqualTo("connlens.report/v1");
  }

  @Test
  void summaryHasEveryFieldWithItsValue() throws Exception {
    // given three leaks from one site, one N+1, and a run that failed on leaks
    ReportSnapshot snapshot = new ReportSnapshotBuilder()
        .record(leak("HikariPool-1", siteAtLine(42)))
        .record(leak("HikariPool-1", siteAtLine(42)))
        .record(leak("HikariPool-1", siteAtLine(42)))
        .record(bare(FindingType.N_PLUS_ONE, "the same query 12 times", CallSite.of(siteAtLine(7))))
        .suppressedErrors(2)
        .problems(List.of("org.h2.jdbc.JdbcConnection: VerifyError"), List.of("unknown key: leak.treshold"))
        .failed(EnumSet.of(FindingType.OPEN_AT_EXIT, FindingType.LEAK_SUSPECTED, FindingType.LEAK_UNCLOSED), 86)
        .build();

    // when
    JsonNode summary = parse(snapshot).get("summary");

    // then
    assertThat(fieldNames(summary)).containsExactly("agentVersion", "pid", "java", "startedAt",
        "generatedAt", "trigger", "leases", "physicalConnections", "siteCapture", "findings",
        "occurrences", "dropped", "suppressedErrors", "instrumentationErrors", "configurationProblems", "failOn",
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
    assertThat(summary.get("findings").asLong()).isEqualTo(2);
    assertThat(summary.get("occurrences").toString()).isEqualTo("{\"LEAK_SUSPECTED\":3,\"N_PLUS_ONE\":1}");
    assertThat(summary.get("suppressedErrors").asLong()).isEqualTo(2);
    assertThat(summary.get("instrumentationErrors").toString()).isEqualTo("[\"org.h2.jdbc.JdbcConnection: VerifyError\"]");
    assertThat(summary.get("configurationProblems").toString()).isEqualTo("[\"unknown key: leak.treshold\"]");
    assertThat(summary.get("failOn").toString()).isEqualTo("[\"LEAK_SUSPECTED\",\"LEAK_UNCLOSED\",\"OPEN_AT_EXIT\"]");
    assertThat(summary.get("failed").isBoolean()).isTrue();
    assertThat(summary.get("failed").asBoolean()).isTrue();
    assertThat(summary.get("exitStatus").asInt()).isEqualTo(86);
  }

  @Test
  void onDemandReportHasOnDemandTriggerAndNullExitStatus() throws Exception {
    // given
    ReportSnapshot snapshot = new ReportSnapshotBuilder().onDemand().build();

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
    ReportSnapshotBuilder builder = new ReportSnapshotBuilder();
    for (int i = 0; i < 3; i++) {
      builder.at(STARTED_AT + 1_000 + i * 5_000).record(leak("HikariPool-1", List.of(SERVICE_FRAME, CONTROLLER_FRAME)));
    }

    // when
    JsonNode finding = parse(builder.build()).get("findings").get(0);

    // then
    assertThat(fieldNames(finding)).containsExactly("type", "severity", "message", "count", "site",
        "thread", "pool", "database", "heldMillis", "firstSeen", "lastSeen", "holder");
    assertThat(finding.get("type").asText()).isEqualTo("LEAK_SUSPECTED");
    assertThat(finding.get("severity").asText()).isEqualTo("warning");
    assertThat(finding.get("message").asText()).isEqualTo("connection held for 31.2 s and still open (leak.threshold 30 s)");
    assertThat(finding.get("count").asLong()).isEqualTo(3);
    assertThat(fieldNames(finding.get("site"))).containsExactly("captured", "frames");
    assertThat(finding.get("site").get("captured").asBoolean()).isTrue();
    assertThat(texts(finding.get("site").get("frames"))).containsExactly(SERVICE_FRAME, CONTROLLER_FRAME);
    assertThat(finding.get("thread").asText()).isEqualTo("worker-3");
    assertThat(finding.get("pool").asText()).isEqualTo("HikariPool-1");
    assertThat(finding.get("database").asText()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    assertThat(finding.get("heldMillis").asLong()).isEqualTo(31_200);
    assertThat(finding.get("firstSeen").asText()).isEqualTo("2025-03-01T10:00:01Z");
    assertThat(finding.get("lastSeen").asText()).isEqualTo("2025-03-01T10:00:11Z");
    JsonNode holder = finding.get("holder");
    assertThat(fieldNames(holder)).containsExactly("thread", "state", "activity", "frames");
    assertThat(holder.get("thread").asText()).isEqualTo("pool-1-thread-1");
    assertThat(holder.get("state").asText()).isEqualTo("WAITING");
    assertThat(holder.get("activity").asText()).isEqualTo("IDLE_IN_THREAD_POOL");
    assertThat(holder.get("frames").size()).isEqualTo(2);
  }

  @Test
  void aSuspectedLeakReturnedAfterAllSaysHowManyCameBack() throws Exception {
    // given a suspected leak seen twice, one of whose connections came back
    ReportSnapshotBuilder builder = new ReportSnapshotBuilder();
    builder.record(leak("HikariPool-1", List.of(SERVICE_FRAME))).record(leak("HikariPool-1", List.of(SERVICE_FRAME)));
    ReportSnapshot snapshot = builder.build();
    io.connlens.agent.detection.ReturnedLeaks.markReturned(snapshot.findings.get(0));

    // when
    JsonNode finding = parse(snapshot).get("findings").get(0);

    // then
    assertThat(finding.get("count").asLong()).isEqualTo(2);
    assertThat(finding.get("returned").asLong()).isEqualTo(1);
  }

  @Test
  void absentOptionalFieldsAreLeftOut() throws Exception {
    // given a finding without thread, pool, database or holder
    ReportSnapshot snapshot = new ReportSnapshotBuilder()
        .record(bare(FindingType.POOL_EXHAUSTED, "no connection within 30 s", CallSite.of(siteAtLine(9))))
        .build();

    // when
    JsonNode finding = parse(snapshot).get("findings").get(0);

    // then the fields are missing, not null
    assertThat(finding.has("thread")).isFalse();
    assertThat(finding.has("pool")).isFalse();
    assertThat(finding.has("database")).isFalse();
    assertThat(finding.has("holder")).isFalse();
    assertThat(finding.get("severity").asText()).isEqualTo("error");
  }

  @Test
  void heldMillisIsLeftOutWhenItDoesNotApply() throws Exception {
    // given an N+1 finding: no connection hold applies
    ReportSnapshot snapshot = new ReportSnapshotBuilder()
        .record(bare(FindingType.N_PLUS_ONE, "the same query 12 times", CallSite.of(siteAtLine(7))))
        .build();

    // when
    JsonNode finding = parse(snapshot).get("findings").get(0);

    // then
    assertThat(finding.has("heldMillis")).isFalse();
  }

  @Test
  void uncapturedSiteIsMarkedAndHasNoFrames() throws Exception {
    // given
    ReportSnapshot snapshot = new ReportSnapshotBuilder()
        .record(bare(FindingType.OPEN_AT_EXIT, "open at exit", CallSite.UNKNOWN))
        .build();

    // when
    JsonNode site = parse(snapshot).get("findings").get(0).get("site");

    // then
    assertThat(site.toString()).isEqualTo("{\"captured\":false,\"frames\":[]}");
  }

  @Test
  void stringsWithQuotesNewlinesControlCharactersAndUnicodeReadBackUnchanged() throws Exception {
    // given text a driver or an application might put in a message, a pool name or a thread name
    String message = "table \"orders\"\nline 2\ttab \\ back \u0000\u0007\u001f é € 漢 😀 lone \ud800";
    String pool = "pool \"α\"\r\n";
    ReportSnapshot snapshot = new ReportSnapshotBuilder()
        .record(new Occurrence(FindingType.LEAK_SUSPECTED, message,
            CallSite.of(List.of("com.example.Ünïcode.run(Ünïcode.java:1)")), "thread\u2028one", pool,
            null, 100, null))
        .build();

    // when
    String json = sink.toJson(snapshot);
    JsonNode finding = jackson.readTree(json).get("findings").get(0);

    // then a strict parser reads back exactly what was given
    assertThat(finding.get("message").asText()).isEqualTo(message);
    assertThat(finding.get("pool").asText()).isEqualTo(pool);
    assertThat(finding.get("thread").asText()).isEqualTo("thread\u2028one");
    assertThat(finding.get("site").get("frames").get(0).asText()).isEqualTo("com.example.Ünïcode.run(Ünïcode.java:1)");
    assertThat(json).contains("\\\"orders\\\"", "\\n", "\\t", "\\\\", "\\u0000", "\\u0007", "\\u001f", "\\ud800");
  }

  @Test
  void findingsKeepTheSnapshotOrder() throws Exception {
    // given findings in an order the store would not choose
    ReportSnapshotBuilder builder = new ReportSnapshotBuilder()
        .record(leak("A", siteAtLine(1)))
        .record(bare(FindingType.UNBATCHED_WRITES, "insert one at a time", CallSite.of(siteAtLine(2))))
        .record(bare(FindingType.LEAK_UNCLOSED, "garbage-collected", CallSite.of(siteAtLine(3))));
    List<Finding> order = new ArrayList<>(builder.store().findings());
    Collections.reverse(order);

    // when
    JsonNode findings = parse(builder.build(order)).get("findings");

    // then
    assertThat(findings).extracting(f -> f.get("type").asText())
        .containsExactly(order.stream().map(f -> f.type().name()).toArray(String[]::new));
  }

  @Test
  void isPrettyPrintedWithTwoSpaceIndent() {
    // given
    ReportSnapshot snapshot = new ReportSnapshotBuilder().build();

    // when
    String json = sink.toJson(snapshot);

    // then
    assertThat(json).startsWith("{\n  \"schema\": \"connlens.report/v1\",\n  \"summary\": {\n"
        + "    \"agentVersion\": \"0.1.0-test\",\n    \"pid\": 4242,\n");
    assertThat(json).endsWith("  },\n  \"findings\": []\n}");
  }

  @Test
  void writeCreatesParentDirectoriesAndWritesUtf8() throws Exception {
    // given a report path whose directories do not exist yet
    ReportSnapshot snapshot = new ReportSnapshotBuilder()
        .record(bare(FindingType.LONG_HOLD, "held 40 s € 😀", CallSite.of(siteAtLine(5))))
        .build();
    Path report = dir.resolve("target/connlens/report.json");

    // when
    sink.write(snapshot, report);

    // then
    byte[] bytes = Files.readAllBytes(report);
    assertThat(bytes).isEqualTo((sink.toJson(snapshot) + "\n").getBytes(StandardCharsets.UTF_8));
    assertThat(jackson.readTree(bytes).get("findings").get(0).get("message").asText()).isEqualTo("held 40 s € 😀");
  }

  @Test
  void writeReplacesAnEarlierReportAndLeavesNoTemporaryFile() throws Exception {
    // given a report written before
    Path report = dir.resolve("report.json");
    sink.write(new ReportSnapshotBuilder().build(), report);
    ReportSnapshot later = new ReportSnapshotBuilder().record(leak("HikariPool-1", siteAtLine(42))).build();

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
