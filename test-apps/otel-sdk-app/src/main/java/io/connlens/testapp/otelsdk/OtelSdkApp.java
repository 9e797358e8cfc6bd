package io.connlens.testapp.otelsdk;

import io.connlens.testapp.support.ScenarioConsole;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * An application that owns its OpenTelemetry SDK, as a service without the OpenTelemetry agent does:
 * it builds the SDK and registers it as {@code GlobalOpenTelemetry} at start-up (which throws if
 * anything, connlens included, had called {@code GlobalOpenTelemetry.get()} first), serves a traced
 * request that loads order lines one query at a time, and prints what its SDK's in-memory exporters
 * received: {@code SPAN name kind trace span parent scope attributes} and {@code LOG severity trace span
 * attributes}, one per line. {@code hold} is one instance of a fleet: two connections held until the test
 * says.
 */
public final class OtelSdkApp {
  private static final int LINES = 25;
  /** The most the app waits for the test (a signal file); past the test's own waits, so that a slow machine fails in the test, with its message. */
  private static final Duration WAIT = Duration.ofSeconds(90);

  private OtelSdkApp() {}

  public static void main(String[] args) throws Exception {
    String scenario = args[0];
    String url = args[1];
    if (scenario.equals("hold")) {
      hold(url);
      ScenarioConsole.done(scenario);
      return;
    }
    if (!scenario.equals("traced")) {
      throw new AssertionError(scenario);
    }
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setLoggerProvider(SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(logs)).build())
        .buildAndRegisterGlobal();
    System.out.println("registered the SDK as GlobalOpenTelemetry");
    Tracer tracer = GlobalOpenTelemetry.getTracer("orders-service");
    try (Connection setup = DriverManager.getConnection(url)) {
      createLines(setup);
    }
    // a service takes requests once it has started: until connlens has found the SDK (within a
    // second of its registration), a request's connection has no lease span yet
    awaitOrFail("connlens exporting through the SDK", () -> {
      Span warmUp = tracer.spanBuilder("warm-up").startSpan();
      try (Scope ignored = warmUp.makeCurrent(); Connection c = DriverManager.getConnection(url)) {
        c.isValid(1);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      } finally {
        warmUp.end();
      }
      return spans.getFinishedSpanItems().stream().anyMatch(s -> s.getName().startsWith("lease"));
    });
    spans.reset();

    Span request = tracer.spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = request.makeCurrent()) {
      System.out.println("read " + readLinesOneByOne(url) + " order lines");
    } finally {
      request.end();
    }
    awaitOrFail("the N_PLUS_ONE log record", () -> logs.getFinishedLogRecordItems().stream()
        .anyMatch(l -> "N_PLUS_ONE".equals(l.getAttributes().asMap().entrySet().stream()
            .filter(e -> e.getKey().getKey().equals("connlens.finding.type")).map(e -> e.getValue())
            .findFirst().orElse(null))));
    for (SpanData s : spans.getFinishedSpanItems()) {
      System.out.println("SPAN " + s.getName() + " | " + s.getKind() + " | " + s.getTraceId() + " | " + s.getSpanId()
          + " | " + s.getParentSpanId() + " | " + s.getInstrumentationScopeInfo().getName() + " | "
          + oneLine(s.getAttributes().asMap()));
    }
    for (LogRecordData l : logs.getFinishedLogRecordItems()) {
      System.out.println("LOG " + l.getSeverityText() + " | " + l.getSpanContext().getTraceId() + " | "
          + l.getSpanContext().getSpanId() + " | " + l.getInstrumentationScopeInfo().getName() + " | "
          + oneLine(l.getAttributes().asMap()));
    }
    sdk.close();
    ScenarioConsole.done(scenario);
  }

  /**
   * One instance of a service in a fleet: holds two connections to the database, says {@code HOLDING},
   * and gives them back when the test creates the file {@code release} (60 s at most).
   */
  private static void hold(String url) throws SQLException {
    try (Connection first = DriverManager.getConnection(url); Connection second = DriverManager.getConnection(url)) {
      first.isValid(1);
      second.isValid(1);
      System.out.println("HOLDING");
      awaitOrFail("the file release", () -> java.nio.file.Files.exists(java.nio.file.Path.of("release")));
    }
  }

  /** Attributes on one line: a finding's site holds one frame per line. */
  private static String oneLine(Object attributes) {
    return String.valueOf(attributes).replace("\n", "\\n");
  }

  private static void createLines(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS order_lines (id INT PRIMARY KEY, item VARCHAR(40))");
      for (int id = 1; id <= LINES; id++) {
        statement.execute("MERGE INTO order_lines KEY (id) VALUES (" + id + ", 'item " + id + "')");
      }
    }
  }

  /** The N+1: the ids, then one query per id. */
  private static int readLinesOneByOne(String url) throws SQLException {
    int read = 0;
    try (Connection connection = DriverManager.getConnection(url)) { // ACQUIRE:traced
      try (Statement ids = connection.createStatement();
          ResultSet rows = ids.executeQuery("SELECT id FROM order_lines ORDER BY id")) {
        while (rows.next()) {
          try (PreparedStatement byId = connection.prepareStatement("SELECT item FROM order_lines WHERE id = ?")) {
            byId.setInt(1, rows.getInt(1));
            try (ResultSet row = byId.executeQuery()) { // N+1:traced
              read += row.next() ? 1 : 0;
            }
          }
        }
      }
    }
    return read;
  }

  private static void awaitOrFail(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what + " after " + WAIT.toSeconds() + " s");
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }
}
