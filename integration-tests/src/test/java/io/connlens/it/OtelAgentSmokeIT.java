package io.connlens.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The plumbing the OpenTelemetry ITs stand on, without connlens: a HikariCP app (the pools app's
 * incident service, pool "orders-pool", on H2) started with the real OpenTelemetry Java agent
 * exporting to an {@link OtlpReceiver} shows the agent's own JVM metrics and its HikariCP pool
 * metrics there. The pool metrics are what connlens's exporter must not emit a second time for a
 * pool the OTel agent meters. One launch, on the first JDK under test.
 *
 * <p>What the OTel agent 2.33.1 sends for this HikariCP pool, all under the scope {@value #HIKARI_SCOPE}
 * (a run directory's {@code otlp-received.txt} lists everything): by default
 * {@code db.client.connections.usage} ({@code {connections}}, attributes {@code pool.name} and
 * {@code state} = idle | used), {@code .max}, {@code .idle.min}, {@code .pending_requests} (up-down
 * sums), {@code .create_time}, {@code .wait_time}, {@code .use_time} (histograms in ms), attribute
 * {@code pool.name}; no {@code .idle.max} (HikariCP has none), {@code .timeouts} only once one
 * happened. With {@code -Dotel.semconv-stability.opt-in=database}: {@code db.client.connection.count}
 * ({@code {connection}}, {@code db.client.connection.state}), {@code .limit} (not {@code .max}),
 * {@code .idle.min}, {@code .pending_requests}, the three times in s, with the attributes
 * {@code db.client.connection.pool.name}, {@code db.namespace} and {@code db.system.name} (h2database).
 * Its runtime metrics come under {@code io.opentelemetry.runtime-telemetry-java8}, its JDBC spans
 * (root CLIENT spans when there is no request span) under {@code io.opentelemetry.jdbc}.
 */
@DisplayName("OpenTelemetry agent smoke test")
class OtelAgentSmokeIT {
  /** Generous: the OTel agent's start on a loaded 2-core machine takes several seconds. */
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String SERVICE = "connlens-otel-smoke";
  private static final String POOL = TestPool.POOL_NAME;
  /** The OTel agent's HikariCP instrumentation (instrumentation/hikaricp-3.0). */
  static final String HIKARI_SCOPE = "io.opentelemetry.hikaricp-3.0";
  /** HotSpot's warning when an agent appends to the boot class path, as the OTel agent does. */
  static final String CDS_WARNING = "OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader classes";

  @Test
  void theOtelAgentAloneExportsJvmAndPoolMetricsToTheReceiver() throws IOException {
    Target target = new Target(Jdk.underTest().get(0), TestDatabase.H2, null, TestPool.HIKARI);
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      // given: the incident service, which holds a pooled connection until told to go on
      RunningApp app = AppLauncher.of(TestApp.POOLS_INCIDENT, target).scenario("held-across-attach")
          .otelAgent(OtelAgent.Placement.ALONE, OtelAgent.exportingTo(receiver, SERVICE))
          .start().awaitStdoutLine("READY");

      // then: the OTel agent's own runtime metrics, from this service
      OtlpReceiver.ReceivedMetricPoint jvm = receiver.awaitMetricPoint("a jvm.* metric point",
          point -> point.name().startsWith("jvm."), TIMEOUT);
      assertThat(jvm.serviceName()).as(receiver.describe()).isEqualTo(SERVICE);

      // and its HikariCP pool metrics, old (db.client.connections.*) names by default, for our pool
      OtlpReceiver.ReceivedMetricPoint used = receiver.awaitMetricPoint(
          "db.client.connections.usage of " + POOL + " with state used",
          point -> point.name().equals("db.client.connections.usage") && POOL.equals(point.attributes().get("pool.name"))
              && "used".equals(point.attributes().get("state")) && point.value() >= 1,
          TIMEOUT);
      assertThat(used.scope()).as(receiver.describe()).isEqualTo(HIKARI_SCOPE);
      assertThat(used.unit()).as(receiver.describe()).isEqualTo("{connections}");
      receiver.awaitMetricPoint("db.client.connections.max of " + POOL,
          point -> point.name().equals("db.client.connections.max") && POOL.equals(point.attributes().get("pool.name")),
          TIMEOUT);

      // when the service goes on and ends
      app.signal("attached").awaitStdoutLine("HOLDING");
      AppRun run = app.signal("release").awaitExit();

      // then it ended as without any agent, its stdout the app's own
      assertThat(run.exitStatus()).as(run.context()).isZero();
      assertThat(run.stdout().lines()).as(run.context())
          .containsExactly("READY", "HOLDING", "SCENARIO held-across-attach DONE");
      // and the OTel agent wrote only to stderr, lines no other test reads as connlens's: its version
      // line ("[otel.javaagent <time>] [main] INFO ...VersionLogger - opentelemetry-javaagent - version:
      // 2.33.1") and the JVM's CDS warning, as the agent appends to the boot class path
      assertThat(run.stderr().lines()).as(run.context())
          .allMatch(line -> line.startsWith("[otel.javaagent ") || line.startsWith(CDS_WARNING))
          .anyMatch(line -> line.contains("opentelemetry-javaagent - version: "));
      assertThat(run.agentConsoleLines()).as(run.context()).isEmpty();
      assertThat(receiver.errors()).as(receiver.describe()).isEmpty();
      // what the OTel agent sent, beside the run's own files: the names a connlens exporter must not duplicate
      Files.writeString(run.runDirectory().resolve("otlp-received.txt"), receiver.describe());
    }
  }
}
