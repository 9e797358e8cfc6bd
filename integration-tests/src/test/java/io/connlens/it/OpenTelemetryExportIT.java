package io.connlens.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.it.OtlpReceiver.ReceivedLog;
import io.connlens.it.OtlpReceiver.ReceivedMetricPoint;
import io.connlens.it.OtlpReceiver.ReceivedSpan;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a service run with connlens beside the OpenTelemetry Java agent shows in its exporter (an
 * {@link OtlpReceiver}): lease spans under the request's span, each finding as a WARN log record in
 * the request's trace, and connlens's metrics, without a pool series the OpenTelemetry agent already
 * emits; in either {@code -javaagent} order and with connlens as that agent's extension. And a fleet:
 * two JVMs on one PostgreSQL server, whose {@code connlens.server.connections} sum in the backend.
 */
@DisplayName("OpenTelemetry export")
class OpenTelemetryExportIT {
  private static final TestApp APP = TestApp.SPRING_PETCLINIC;
  private static final String POOL = "petclinic-pool";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SCOPE = "io.connlens";

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = OtelAgent.Placement.class, names = {"BEFORE_CONNLENS", "AFTER_CONNLENS", "CONNLENS_AS_EXTENSION"})
  void aServiceShowsLeaseSpansFindingRecordsAndPoolMetricsInItsExporter(OtelAgent.Placement placement)
      throws IOException {
    Target target = SpringPetClinicIT.h2OnEveryJdk().get(0);
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      // given: the PetClinic service (Boot 4 fat jar, HikariCP) and the OpenTelemetry agent exporting
      // to the receiver; when: its pages are visited, the owners page running an N+1
      RunningApp app = AppLauncher.of(APP, target).scenario("clinic-metrics").agentArgs("site.capture=all")
          .otelAgent(placement, OtelAgent.exportingTo(receiver, "petclinic"))
          .start().awaitStdoutLine("HOLDING");
      AppRun exited;
      try {
        // then: the owners request's connection is a lease span in its trace, named for the pool
        ReceivedSpan request = receiver.awaitSpan("the GET /owners server span",
            s -> s.kind().equals("SERVER") && s.name().startsWith("GET /owners"), WAIT);
        ReceivedSpan lease = receiver.awaitSpan("a lease span in the GET /owners trace",
            s -> s.scope().equals(SCOPE) && s.traceId().equals(request.traceId()), WAIT);
        assertThat(lease.name()).isEqualTo("lease " + POOL);
        assertThat(lease.kind()).isEqualTo("INTERNAL");
        assertThat(lease.parentSpanId()).as("a child, never a root").isNotEmpty();
        assertThat(lease.attributes())
            .containsEntry("db.system.name", "h2database")
            .containsEntry("db.client.connection.pool.name", POOL)
            .containsEntry("code.function.name", "org.springframework.samples.petclinic.owner.OwnerController.findOwners")
            .containsEntry("code.file.path", "OwnerController.java")
            .containsKeys("code.line.number", "connlens.lease.hold_time", "connlens.lease.wait_time");
        assertThat(((Number) lease.attributes().get("connlens.lease.statements")).longValue())
            .as("the owners page's statements, its N+1 among them").isGreaterThan(10);
        // inside the request: acquired after it began, released before it ended
        assertThat(lease.startEpochNanos()).isGreaterThanOrEqualTo(request.startEpochNanos());
        assertThat(lease.endEpochNanos()).isLessThanOrEqualTo(request.endEpochNanos());

        // and each N+1 is a WARN log record correlated with a request's trace
        List<ReceivedLog> nPlusOnes = receiver.awaitLogs("the four N_PLUS_ONE log records",
            l -> l.scope().equals(SCOPE) && "N_PLUS_ONE".equals(l.attributes().get("connlens.finding.type")), 4, WAIT);
        // the agent exports spans and log records in batches of their own: a record may arrive before
        // its request's server span does, so each record's server span is waited for
        for (ReceivedLog record : nPlusOnes) {
          receiver.awaitSpan("the server span of the trace of " + record.body(),
              s -> s.kind().equals("SERVER") && s.traceId().equals(record.traceId()), WAIT);
        }
        Set<String> requestTraces = receiver.spans().stream().filter(s -> s.kind().equals("SERVER"))
            .map(ReceivedSpan::traceId).collect(Collectors.toSet());
        assertThat(nPlusOnes).allSatisfy(record -> {
          assertThat(record.severityText()).isEqualTo("WARN");
          assertThat(record.body()).startsWith("N_PLUS_ONE: ");
          assertThat(record.attributes()).containsEntry("connlens.pool", POOL).containsKeys("connlens.sql",
              "connlens.site", "code.function.name");
          assertThat(record.traceId()).as("in a request's trace").isIn(requestTraces);
        });

        // and connlens's own metrics, by pool, but no pool series of the OpenTelemetry agent's again
        ReceivedMetricPoint leases = receiver.awaitMetricPoint("connlens.leases.open for the pool",
            p -> p.name().equals("connlens.leases.open") && POOL.equals(p.attributes().get("db.client.connection.pool.name")),
            WAIT);
        assertThat(leases.scope()).isEqualTo(SCOPE);
        receiver.awaitMetricPoint("connlens.server.connections for the pool", p -> p.name().equals(
            "connlens.server.connections") && POOL.equals(p.attributes().get("db.client.connection.pool.name"))
            && p.value() > 0, WAIT);
        receiver.awaitMetricPoint("the OpenTelemetry agent's own HikariCP usage",
            p -> p.name().equals("db.client.connections.usage") && !p.scope().equals(SCOPE), WAIT);
        assertThat(receiver.metricPoints()).as("connlens emits no db.client.connection* series for HikariCP")
            .noneMatch(p -> p.scope().equals(SCOPE) && p.name().startsWith("db.client.connection"));
      } finally {
        Files.writeString(app.runDirectory().resolve("otlp-received.txt"), receiver.describe());
        // the service runs until the test has seen what it exports, as a service would: a finding
        // raised as the JVM exits may reach no exporter, the OpenTelemetry agent shutting down too
        exited = app.signal("release").awaitExit();
      }
      assertThat(exited.exitStatus()).as(exited.context()).isZero();
    }
  }

  @Test
  void anApplicationThatOwnsItsSdkGetsLeaseSpansAndFindingRecordsThroughIt() {
    Target target = new Target(Jdk.underTest().get(0), TestDatabase.H2, null);
    // given: an application that registers its own SDK as GlobalOpenTelemetry, no OpenTelemetry agent
    // when: it serves one traced request that runs an N+1
    AppRun run = AppLauncher.of(TestApp.OTEL_SDK, target).scenario("traced").run();
    // then: its registration worked (connlens installed no global before it) and it ran as without connlens
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).contains("registered the SDK as GlobalOpenTelemetry");
    List<String> spans = run.stdout().lines().filter(l -> l.startsWith("SPAN ")).toList();
    List<String> logs = run.stdout().lines().filter(l -> l.startsWith("LOG ")).toList();
    String[] request = fields(spans.stream().filter(l -> l.startsWith("SPAN GET /orders ")).findFirst()
        .orElseThrow(() -> new AssertionError("no request span\n" + run.context())));
    // and its exporter got the request's connection as a lease span under the request
    String[] lease = fields(spans.stream().filter(l -> l.startsWith("SPAN lease ")).findFirst()
        .orElseThrow(() -> new AssertionError("no lease span\n" + run.context())));
    assertThat(lease[1]).isEqualTo("INTERNAL");
    assertThat(lease[2]).as("trace").isEqualTo(request[2]);
    assertThat(lease[4]).as("parent").isEqualTo(request[3]);
    assertThat(lease[5]).isEqualTo(SCOPE);
    assertThat(lease[6]).contains("db.system.name=h2database");
    java.util.regex.Matcher statements = java.util.regex.Pattern.compile("connlens.lease.statements=(\\d+)").matcher(lease[6]);
    assertThat(statements.find()).as(lease[6]).isTrue();
    assertThat(Long.parseLong(statements.group(1))).as("the ids query and one per line").isEqualTo(26);
    // and the N+1 as a WARN log record in the request's trace, naming the loop's line
    String nPlusOne = logs.stream().filter(l -> l.contains("connlens.finding.type=N_PLUS_ONE")).findFirst()
        .orElseThrow(() -> new AssertionError("no N_PLUS_ONE record\n" + run.context()));
    String[] record = fields(nPlusOne);
    assertThat(record[0]).isEqualTo("LOG WARN");
    assertThat(record[1]).as("trace").isEqualTo(request[2]);
    assertThat(record[4]).contains("code.function.name=io.connlens.testapp.otelsdk.OtelSdkApp.readLinesOneByOne")
        .contains("connlens.sql=SELECT item FROM order_lines WHERE id = ?");
  }

  private static String[] fields(String line) {
    return line.split(" \\| ", -1);
  }

  @Test
  void aFleetOnOneServerSumsItsConnectionsByServer() {
    Target target = new Target(Jdk.underTest().get(0), TestDatabase.POSTGRESQL, null);
    List<String> instances = List.of("orders-1", "orders-2");
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      // given: two instances of one service on the same PostgreSQL server, each holding two
      // connections, both exporting to one collector
      List<RunningApp> fleet = new java.util.ArrayList<>();
      List<AppRun> runs = new java.util.ArrayList<>();
      try {
        for (String instance : instances) {
          fleet.add(AppLauncher.of(TestApp.OTEL_SDK, target).scenario("hold")
              .otelAgent(OtelAgent.Placement.AFTER_CONNLENS, OtelAgent.exportingTo(receiver, "orders",
                  "-Dotel.resource.attributes=service.instance.id=" + instance))
              .start().awaitStdoutLine("HOLDING"));
        }
        // then: each instance's physical connections to the server are a series of its own, told
        // apart by its resource, with the same server attributes: a sum by server in the backend is
        // the fleet's share of the server's max_connections
        for (String instance : instances) {
          receiver.awaitMetricPoint("two connections from " + instance,
              p -> p.name().equals("connlens.server.connections") && p.value() == 2
                  && instance.equals(p.resource().get("service.instance.id")), WAIT);
        }
        Set<List<Object>> servers = new java.util.HashSet<>();
        for (ReceivedMetricPoint p : receiver.metricPoints("connlens.server.connections")) {
          assertThat(p.attributes()).as(receiver.describe()).containsKeys("server.address", "server.port", "db.namespace");
          servers.add(List.of(p.attributes().get("server.address"), p.attributes().get("server.port"),
              p.attributes().get("db.namespace")));
        }
        assertThat(servers).as("one server, named alike by both").hasSize(1);
      } finally {
        for (RunningApp app : fleet) {
          runs.add(app.signal("release").awaitExit());
        }
      }
      assertThat(runs).allSatisfy(run -> assertThat(run.exitStatus()).as(run.context()).isZero());
    }
  }
}
