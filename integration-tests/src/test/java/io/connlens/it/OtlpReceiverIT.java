package io.connlens.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link OtlpReceiver} on its own, in this JVM: real OTLP/HTTP from the OpenTelemetry SDK's exporters
 * (the JDK HttpClient sender, gzip and not) is decoded into spans, log records and metric points with
 * their names, attributes, trace ids, resource and scope; requests it cannot take are refused and
 * named. A Failsafe {@code *IT} because this module runs no Surefire tests; it starts no app.
 */
@DisplayName("OTLP receiver")
class OtlpReceiverIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String SERVICE = "otlp-receiver-it";
  private static final String SCOPE = "io.connlens.it.receiver-test";

  private OtlpReceiver receiver;
  private final Resource resource = Resource.getDefault()
      .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), SERVICE)));

  @BeforeEach
  void startReceiver() {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void closeReceiver() {
    receiver.close();
  }

  @Test
  @SuppressWarnings("try") // the scopes are opened for their effect on Context.current() only
  void spansAndALogRecordCorrelatedWithOneOfThem() {
    // given: the SDK exporting spans gzip-compressed and log records plain, to the receiver
    SdkTracerProvider tracing = SdkTracerProvider.builder().setResource(resource)
        .addSpanProcessor(SimpleSpanProcessor.create(OtlpHttpSpanExporter.builder()
            .setEndpoint(receiver.endpoint() + OtlpReceiver.TRACES_PATH).setCompression("gzip").build()))
        .build();
    SdkLoggerProvider logging = SdkLoggerProvider.builder().setResource(resource)
        .addLogRecordProcessor(SimpleLogRecordProcessor.create(OtlpHttpLogRecordExporter.builder()
            .setEndpoint(receiver.endpoint() + OtlpReceiver.LOGS_PATH).build()))
        .build();
    try {
      Tracer tracer = tracing.get(SCOPE);
      Logger logger = logging.get(SCOPE);
      // when: a request span, a lease span under it, and a warning emitted while the lease is current
      Span request = tracer.spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER).startSpan();
      String leaseSpanId;
      try (Scope ignored = request.makeCurrent()) {
        Span lease = tracer.spanBuilder("connlens.lease").setSpanKind(SpanKind.INTERNAL)
            .setAttribute("db.system.name", "h2")
            .setAttribute("server.port", 5432L)
            .setAttribute("connlens.statements", 3L)
            .setAttribute(AttributeKey.booleanKey("connlens.leaked"), true)
            .startSpan();
        leaseSpanId = lease.getSpanContext().getSpanId();
        try (Scope alsoIgnored = lease.makeCurrent()) {
          logger.logRecordBuilder().setSeverity(Severity.WARN).setSeverityText("WARN")
              .setBody("connection leaked").setAttribute(AttributeKey.stringKey("connlens.type"), "LEAK_UNCLOSED")
              .emit();
        }
        lease.end();
      }
      request.end();
      assertThat(tracing.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      assertThat(logging.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

      // then: both spans, the lease a child of the request, its attributes typed as sent
      OtlpReceiver.ReceivedSpan leaseSpan = receiver.awaitSpan("the lease span",
          span -> span.name().equals("connlens.lease"), TIMEOUT);
      OtlpReceiver.ReceivedSpan requestSpan = receiver.awaitSpan("the request span",
          span -> span.name().equals("GET /orders"), TIMEOUT);
      assertThat(requestSpan.kind()).isEqualTo("SERVER");
      assertThat(requestSpan.parentSpanId()).isEmpty();
      assertThat(requestSpan.traceId()).isEqualTo(request.getSpanContext().getTraceId()).hasSize(32);
      assertThat(leaseSpan.kind()).isEqualTo("INTERNAL");
      assertThat(leaseSpan.spanId()).isEqualTo(leaseSpanId).hasSize(16);
      assertThat(leaseSpan.isChildOf(requestSpan)).as(receiver.describe()).isTrue();
      assertThat(leaseSpan.attributes()).containsEntry("db.system.name", "h2")
          .containsEntry("server.port", 5432L).containsEntry("connlens.statements", 3L)
          .containsEntry("connlens.leaked", true);
      assertThat(leaseSpan.scope()).isEqualTo(SCOPE);
      assertThat(leaseSpan.serviceName()).isEqualTo(SERVICE);
      assertThat(leaseSpan.resource()).containsKey("telemetry.sdk.version");
      assertThat(leaseSpan.endEpochNanos()).isGreaterThanOrEqualTo(leaseSpan.startEpochNanos());

      // and the log record, correlated with the lease span
      OtlpReceiver.ReceivedLog warning = receiver.awaitLog("the warning",
          log -> log.body().equals("connection leaked"), TIMEOUT);
      assertThat(warning.severityText()).isEqualTo("WARN");
      assertThat(warning.severityNumber()).isEqualTo(Severity.WARN.getSeverityNumber());
      assertThat(warning.attributes()).containsEntry("connlens.type", "LEAK_UNCLOSED");
      assertThat(warning.traceId()).isEqualTo(leaseSpan.traceId());
      assertThat(warning.spanId()).isEqualTo(leaseSpan.spanId());
      assertThat(warning.scope()).isEqualTo(SCOPE);
      assertThat(warning.serviceName()).isEqualTo(SERVICE);
      assertThat(receiver.errors()).isEmpty();
      assertThat(receiver.requests()).containsKeys(OtlpReceiver.TRACES_PATH, OtlpReceiver.LOGS_PATH);
    } finally {
      tracing.close();
      logging.close();
    }
  }

  @Test
  void gaugeCounterAndHistogramPoints() {
    // given: the SDK exporting metrics gzip-compressed (its reader's interval is far off: forceFlush exports)
    SdkMeterProvider metrics = SdkMeterProvider.builder().setResource(resource)
        .registerMetricReader(PeriodicMetricReader.builder(OtlpHttpMetricExporter.builder()
            .setEndpoint(receiver.endpoint() + OtlpReceiver.METRICS_PATH).setCompression("gzip").build())
            .setInterval(Duration.ofMinutes(10)).build())
        .build();
    try {
      Meter meter = metrics.get(SCOPE);
      // when: a long gauge, a double gauge, a counter and a histogram, with attributes
      Attributes pool = Attributes.of(AttributeKey.stringKey("db.client.connection.pool.name"), "orders-pool");
      meter.gaugeBuilder("connlens.leases.open").ofLongs().setUnit("{lease}")
          .buildWithCallback(measurement -> measurement.record(3, pool));
      meter.gaugeBuilder("test.ratio").setUnit("1").buildWithCallback(measurement -> measurement.record(0.25, pool));
      LongCounter findings = meter.counterBuilder("connlens.findings").setUnit("{finding}").build();
      findings.add(2, Attributes.of(AttributeKey.stringKey("connlens.finding.type"), "N_PLUS_ONE"));
      var holdTime = meter.histogramBuilder("test.hold_time").setUnit("s").build();
      holdTime.record(0.5, pool);
      holdTime.record(1.5, pool);
      assertThat(metrics.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

      // then: one point each, int and double values alike as double, histograms as count and sum
      OtlpReceiver.ReceivedMetricPoint leases = receiver.awaitMetric("connlens.leases.open", TIMEOUT);
      assertThat(leases.type()).isEqualTo(OtlpReceiver.MetricType.GAUGE);
      assertThat(leases.value()).isEqualTo(3.0);
      assertThat(leases.unit()).isEqualTo("{lease}");
      assertThat(leases.attributes()).containsEntry("db.client.connection.pool.name", "orders-pool");
      assertThat(leases.scope()).isEqualTo(SCOPE);
      assertThat(leases.serviceName()).isEqualTo(SERVICE);
      assertThat(receiver.awaitMetric("test.ratio", TIMEOUT).value()).isEqualTo(0.25);
      OtlpReceiver.ReceivedMetricPoint counted = receiver.awaitMetric("connlens.findings", TIMEOUT);
      assertThat(counted.type()).isEqualTo(OtlpReceiver.MetricType.SUM);
      assertThat(counted.monotonic()).isTrue();
      assertThat(counted.value()).isEqualTo(2.0);
      assertThat(counted.attributes()).containsEntry("connlens.finding.type", "N_PLUS_ONE");
      OtlpReceiver.ReceivedMetricPoint held = receiver.awaitMetric("test.hold_time", TIMEOUT);
      assertThat(held.type()).isEqualTo(OtlpReceiver.MetricType.HISTOGRAM);
      assertThat(held.count()).isEqualTo(2);
      assertThat(held.sum()).isEqualTo(2.0);
      assertThat(receiver.metricPoints("connlens.findings")).hasSize(1);
      // a second export: every point again, as a collector receives them each interval
      assertThat(metrics.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      assertThat(receiver.awaitMetricPoints("two points of connlens.leases.open",
          point -> point.name().equals("connlens.leases.open"), 2, TIMEOUT)).hasSize(2);
      assertThat(receiver.describe()).contains("service.name=" + SERVICE)
          .contains("connlens.leases.open (GAUGE, unit {lease}) [" + SCOPE + "]: 2 points");
      assertThat(receiver.errors()).isEmpty();
    } finally {
      metrics.close();
    }
  }

  @Test
  void requestsItCannotTakeAreRefusedAndNamedWhenAWaitFails() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    // OTLP/JSON, a GET, a path of no signal, a body that is not protobuf
    assertThat(send(client, OtlpReceiver.TRACES_PATH, "application/json", null, "{}".getBytes())).isEqualTo(415);
    assertThat(client.send(HttpRequest.newBuilder(URI.create(receiver.endpoint() + OtlpReceiver.LOGS_PATH)).GET()
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
    assertThat(send(client, "/v1/profiles", "application/x-protobuf", null, new byte[0])).isEqualTo(404);
    assertThat(send(client, OtlpReceiver.METRICS_PATH, "application/x-protobuf", "gzip", gzip(new byte[] {(byte) 0xff})))
        .isEqualTo(400);
    // an empty request (no resource) is a valid one, gzip or not
    assertThat(send(client, OtlpReceiver.LOGS_PATH, "application/x-protobuf", "gzip", gzip(new byte[0]))).isEqualTo(200);
    assertThat(receiver.errors()).hasSize(4);
    assertThat(receiver.requests()).containsEntry(OtlpReceiver.LOGS_PATH, 1);

    // a wait that fails says what was received, the refusals included
    assertThatThrownBy(() -> receiver.awaitSpan("a span that never comes", span -> true, Duration.ofMillis(100)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("got 0 of 1 a span that never comes")
        .hasMessageContaining("application/json")
        .hasMessageContaining("/v1/profiles");
  }

  private int send(HttpClient client, String path, String contentType, String encoding, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(receiver.endpoint() + path))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (encoding != null) {
      request.header("Content-Encoding", encoding);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    }
    return out.toByteArray();
  }
}
