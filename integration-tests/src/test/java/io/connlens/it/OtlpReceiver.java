package io.connlens.it;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * An in-process OTLP/HTTP receiver for the integration tests, standing in for an OpenTelemetry
 * collector: the child JVMs export to {@link #endpoint()} with
 * {@code -Dotel.exporter.otlp.protocol=http/protobuf -Dotel.exporter.otlp.endpoint=...}.
 *
 * <p>It listens on 127.0.0.1 on a free port and accepts {@code POST /v1/traces}, {@code /v1/logs}
 * and {@code /v1/metrics} with {@code Content-Type: application/x-protobuf}, gzip-compressed or not
 * ({@code Content-Encoding: gzip}), and answers 200 with the empty response message of the signal,
 * as a collector that accepted everything does. What it decodes is kept, flattened into
 * {@link ReceivedSpan}, {@link ReceivedLog} and {@link ReceivedMetricPoint} records with their
 * resource and scope, until {@link #close()}. A request it cannot take (another path or method,
 * OTLP/JSON, a body that is not the signal's message) is answered with a 4xx and kept as an
 * {@linkplain #errors() error}, so a test that waits in vain says why.
 *
 * <p>Thread-safe: the server's threads add, the test's thread reads and waits. The {@code await*}
 * methods wait on the receiver's monitor, woken by each request, up to a deadline; they fail with an
 * {@link AssertionError} that lists what was received.
 */
final class OtlpReceiver implements AutoCloseable {
  /** The paths of the OTLP/HTTP specification, one per signal. */
  static final String TRACES_PATH = "/v1/traces";
  static final String LOGS_PATH = "/v1/logs";
  static final String METRICS_PATH = "/v1/metrics";

  private static final String PROTOBUF = "application/x-protobuf";
  private static final HexFormat HEX = HexFormat.of();
  /** How many received items a failure message lists before it says how many more there were. */
  private static final int MAX_LISTED = 60;

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<ReceivedSpan> spans = new ArrayList<>();
  private final List<ReceivedLog> logs = new ArrayList<>();
  private final List<ReceivedMetricPoint> metricPoints = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private final Map<String, Integer> requests = new TreeMap<>();

  private OtlpReceiver(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts a receiver on 127.0.0.1 and a port the system chooses. */
  static OtlpReceiver start() {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the OTLP receiver's port", e);
    }
    // two threads: two JVMs exporting at once (the fleet test) are not served one after the other
    ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "otlp-receiver");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    OtlpReceiver receiver = new OtlpReceiver(server, executor);
    server.createContext(TRACES_PATH, exchange -> receiver.handle(exchange, TRACES_PATH,
        ExportTraceServiceRequest::parseFrom, receiver::addTraces, ExportTraceServiceResponse.getDefaultInstance()));
    server.createContext(LOGS_PATH, exchange -> receiver.handle(exchange, LOGS_PATH,
        ExportLogsServiceRequest::parseFrom, receiver::addLogs, ExportLogsServiceResponse.getDefaultInstance()));
    server.createContext(METRICS_PATH, exchange -> receiver.handle(exchange, METRICS_PATH,
        ExportMetricsServiceRequest::parseFrom, receiver::addMetrics,
        ExportMetricsServiceResponse.getDefaultInstance()));
    // anything else (a gRPC exporter's path, a typo): 404, and kept as an error
    server.createContext("/", exchange -> {
      receiver.error(exchange.getRequestMethod() + " " + exchange.getRequestURI() + ": no such OTLP path");
      respond(exchange, 404, new byte[0], "text/plain");
    });
    server.start();
    return receiver;
  }

  /** {@code http://127.0.0.1:PORT}: the value of {@code otel.exporter.otlp.endpoint} for http/protobuf. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every span received so far, in arrival order. */
  synchronized List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  /** Every log record received so far, in arrival order. */
  synchronized List<ReceivedLog> logs() {
    return List.copyOf(logs);
  }

  /** Every metric data point received so far, in arrival order (one per point of each export). */
  synchronized List<ReceivedMetricPoint> metricPoints() {
    return List.copyOf(metricPoints);
  }

  /** The points of the metric {@code name} received so far. */
  List<ReceivedMetricPoint> metricPoints(String name) {
    return metricPoints().stream().filter(point -> point.name().equals(name)).toList();
  }

  /** The requests refused so far, each described in a line: none, unless something sent bad OTLP. */
  synchronized List<String> errors() {
    return List.copyOf(errors);
  }

  /** How many requests each path accepted. */
  synchronized Map<String, Integer> requests() {
    return Map.copyOf(requests);
  }

  /** Forgets everything received, for a test that looks at what comes after a step. */
  synchronized void clear() {
    spans.clear();
    logs.clear();
    metricPoints.clear();
    errors.clear();
    requests.clear();
  }

  /** The first span that matches, waiting for it up to {@code timeout}. */
  ReceivedSpan awaitSpan(Predicate<ReceivedSpan> matching, Duration timeout) {
    return awaitSpan("a matching span", matching, timeout);
  }

  /** The first span that matches, waiting for it up to {@code timeout}; {@code what} describes it in the failure. */
  ReceivedSpan awaitSpan(String what, Predicate<ReceivedSpan> matching, Duration timeout) {
    return await(what, () -> spans, matching, 1, timeout).get(0);
  }

  /** At least {@code count} spans that match (all of those received by then), waiting up to {@code timeout}. */
  List<ReceivedSpan> awaitSpans(String what, Predicate<ReceivedSpan> matching, int count, Duration timeout) {
    return await(what, () -> spans, matching, count, timeout);
  }

  /** The first log record that matches, waiting for it up to {@code timeout}. */
  ReceivedLog awaitLog(Predicate<ReceivedLog> matching, Duration timeout) {
    return awaitLog("a matching log record", matching, timeout);
  }

  /** The first log record that matches, waiting for it up to {@code timeout}; {@code what} describes it in the failure. */
  ReceivedLog awaitLog(String what, Predicate<ReceivedLog> matching, Duration timeout) {
    return await(what, () -> logs, matching, 1, timeout).get(0);
  }

  /** At least {@code count} log records that match (all of those received by then), waiting up to {@code timeout}. */
  List<ReceivedLog> awaitLogs(String what, Predicate<ReceivedLog> matching, int count, Duration timeout) {
    return await(what, () -> logs, matching, count, timeout);
  }

  /** The first metric point that matches, waiting for it up to {@code timeout}. */
  ReceivedMetricPoint awaitMetricPoint(Predicate<ReceivedMetricPoint> matching, Duration timeout) {
    return awaitMetricPoint("a matching metric point", matching, timeout);
  }

  /** The first metric point that matches, waiting up to {@code timeout}; {@code what} describes it in the failure. */
  ReceivedMetricPoint awaitMetricPoint(String what, Predicate<ReceivedMetricPoint> matching, Duration timeout) {
    return await(what, () -> metricPoints, matching, 1, timeout).get(0);
  }

  /** At least {@code count} metric points that match (all of those received by then), waiting up to {@code timeout}. */
  List<ReceivedMetricPoint> awaitMetricPoints(String what, Predicate<ReceivedMetricPoint> matching, int count,
      Duration timeout) {
    return await(what, () -> metricPoints, matching, count, timeout);
  }

  /** The first point of the metric {@code name}, waiting for it up to {@code timeout}. */
  ReceivedMetricPoint awaitMetric(String name, Duration timeout) {
    return awaitMetricPoint("a point of metric " + name, point -> point.name().equals(name), timeout);
  }

  /**
   * Waits on this receiver's monitor, which every accepted or refused request notifies, until
   * {@code count} items of {@code source} match or the deadline passes: then fails with what was
   * received.
   */
  private synchronized <T> List<T> await(String what, java.util.function.Supplier<List<T>> source,
      Predicate<T> matching, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<T> found = source.get().stream().filter(matching).toList();
      if (found.size() >= count) {
        return found;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new AssertionError("the OTLP receiver at " + endpoint() + " got " + found.size() + " of " + count
            + " " + what + " within " + timeout.toMillis() + " ms\n" + describe());
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, remaining);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }

  /** Everything received, summarized for an assertion message: requests, errors, spans, logs and metrics. */
  synchronized String describe() {
    StringBuilder text = new StringBuilder("--- OTLP requests accepted: ").append(requests)
        .append("\n--- refused (").append(errors.size()).append(") ---\n");
    errors.forEach(error -> text.append(error).append('\n'));
    // one line per sender (two JVMs of a fleet test differ in service.instance.id), without the
    // command line and the rest that only make the line long
    List<Map<String, Object>> resources = java.util.stream.Stream.of(
            spans.stream().map(ReceivedSpan::resource), logs.stream().map(ReceivedLog::resource),
            metricPoints.stream().map(ReceivedMetricPoint::resource))
        .flatMap(Function.identity()).map(OtlpReceiver::identifying).distinct().toList();
    text.append("--- resources (").append(resources.size()).append(") ---\n");
    list(text, resources, Object::toString);
    text.append("--- spans (").append(spans.size()).append(") ---\n");
    list(text, spans, span -> span.kind() + " " + span.name() + " [" + span.scope() + "] trace " + span.traceId()
        + " span " + span.spanId() + " parent " + (span.parentSpanId().isEmpty() ? "-" : span.parentSpanId())
        + " " + span.attributes());
    text.append("--- log records (").append(logs.size()).append(") ---\n");
    list(text, logs, log -> log.severityText() + "(" + log.severityNumber() + ") " + log.body() + " ["
        + log.scope() + "] trace " + (log.traceId().isEmpty() ? "-" : log.traceId()) + " " + log.attributes());
    // metrics arrive every export interval: one line per metric, not per point
    Map<String, List<ReceivedMetricPoint>> byMetric = metricPoints.stream().collect(Collectors.groupingBy(
        point -> point.name() + " (" + point.type() + ", unit " + point.unit() + ") [" + point.scope() + "]",
        TreeMap::new, Collectors.toList()));
    text.append("--- metrics (").append(byMetric.size()).append(" names, ").append(metricPoints.size())
        .append(" points) ---\n");
    list(text, new ArrayList<>(byMetric.entrySet()), entry -> entry.getKey() + ": " + entry.getValue().size()
        + " points, last " + entry.getValue().get(entry.getValue().size() - 1).describeValue());
    return text.toString();
  }

  private static final List<String> IDENTIFYING = List.of("service.name", "service.instance.id", "process.pid",
      "telemetry.sdk.version", "telemetry.distro.version");

  private static Map<String, Object> identifying(Map<String, Object> resource) {
    Map<String, Object> kept = new LinkedHashMap<>();
    IDENTIFYING.stream().filter(resource::containsKey).forEach(key -> kept.put(key, resource.get(key)));
    return kept;
  }

  private static <T> void list(StringBuilder text, List<T> items, Function<T, String> line) {
    items.stream().limit(MAX_LISTED).forEach(item -> text.append(line.apply(item)).append('\n'));
    if (items.size() > MAX_LISTED) {
      text.append("... and ").append(items.size() - MAX_LISTED).append(" more\n");
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---- receiving

  /** How one signal's request message is read from bytes. */
  @FunctionalInterface
  private interface Parser<R> {
    R parse(byte[] bytes) throws InvalidProtocolBufferException;
  }

  private <R> void handle(HttpExchange exchange, String path, Parser<R> parser,
      java.util.function.Consumer<R> add, MessageLite emptyResponse) throws IOException {
    try {
      String request = exchange.getRequestMethod() + " " + exchange.getRequestURI();
      if (!exchange.getRequestURI().getPath().equals(path)) {
        error(request + ": no such OTLP path");
        respond(exchange, 404, new byte[0], "text/plain");
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        error(request + ": OTLP/HTTP takes POST only");
        respond(exchange, 405, new byte[0], "text/plain");
        return;
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType == null || !contentType.toLowerCase().startsWith(PROTOBUF)) {
        // OTLP/JSON (otel.exporter.otlp.protocol=http/json) is not decoded here: say so, not a silent nothing
        error(request + ": Content-Type " + contentType + ", this receiver takes " + PROTOBUF + " only");
        respond(exchange, 415, new byte[0], "text/plain");
        return;
      }
      byte[] body;
      String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
      try (InputStream raw = exchange.getRequestBody();
          InputStream in = encoding != null && encoding.trim().equalsIgnoreCase("gzip") ? new GZIPInputStream(raw) : raw) {
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("gzip")
            && !encoding.trim().equalsIgnoreCase("identity")) {
          error(request + ": Content-Encoding " + encoding + " is not supported");
          respond(exchange, 415, new byte[0], "text/plain");
          return;
        }
        body = in.readAllBytes();
      }
      R message;
      try {
        message = parser.parse(body);
      } catch (InvalidProtocolBufferException e) {
        error(request + ": not a valid protobuf message for " + path + ": " + e.getMessage());
        respond(exchange, 400, new byte[0], "text/plain");
        return;
      }
      add.accept(message);
      synchronized (this) {
        requests.merge(path, 1, Integer::sum);
        notifyAll();
      }
      respond(exchange, 200, emptyResponse.toByteArray(), PROTOBUF);
    } catch (IOException | RuntimeException e) {
      error(exchange.getRequestMethod() + " " + exchange.getRequestURI() + ": " + e);
      respond(exchange, 400, new byte[0], "text/plain");
    } finally {
      exchange.close();
    }
  }

  private synchronized void error(String description) {
    errors.add(description);
    notifyAll();
  }

  private static void respond(HttpExchange exchange, int status, byte[] body, String contentType) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    // an empty message is zero bytes: -1 sends Content-Length: 0 rather than a chunked empty body
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private void addTraces(ExportTraceServiceRequest request) {
    List<ReceivedSpan> received = new ArrayList<>();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Map<String, Object> resource = attributes(resourceSpans.getResource().getAttributesList());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        String scope = scopeSpans.getScope().getName();
        for (Span span : scopeSpans.getSpansList()) {
          received.add(new ReceivedSpan(span.getName(), kind(span.getKind()), hex(span.getTraceId()),
              hex(span.getSpanId()), hex(span.getParentSpanId()), attributes(span.getAttributesList()), resource,
              scope, span.getStartTimeUnixNano(), span.getEndTimeUnixNano(), status(span)));
        }
      }
    }
    synchronized (this) {
      spans.addAll(received);
    }
  }

  private void addLogs(ExportLogsServiceRequest request) {
    List<ReceivedLog> received = new ArrayList<>();
    for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
      Map<String, Object> resource = attributes(resourceLogs.getResource().getAttributesList());
      for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
        String scope = scopeLogs.getScope().getName();
        for (LogRecord log : scopeLogs.getLogRecordsList()) {
          Object body = value(log.getBody());
          received.add(new ReceivedLog(log.getSeverityText(), log.getSeverityNumberValue(),
              body == null ? "" : String.valueOf(body), log.getEventName(), attributes(log.getAttributesList()),
              hex(log.getTraceId()), hex(log.getSpanId()), resource, scope, log.getTimeUnixNano()));
        }
      }
    }
    synchronized (this) {
      logs.addAll(received);
    }
  }

  private void addMetrics(ExportMetricsServiceRequest request) {
    List<ReceivedMetricPoint> received = new ArrayList<>();
    for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
      Map<String, Object> resource = attributes(resourceMetrics.getResource().getAttributesList());
      for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
        String scope = scopeMetrics.getScope().getName();
        for (Metric metric : scopeMetrics.getMetricsList()) {
          switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsList().forEach(point -> received.add(
                number(metric, MetricType.GAUGE, false, point, scope, resource)));
            case SUM -> metric.getSum().getDataPointsList().forEach(point -> received.add(
                number(metric, MetricType.SUM, metric.getSum().getIsMonotonic(), point, scope, resource)));
            case HISTOGRAM -> metric.getHistogram().getDataPointsList().forEach(point -> received.add(
                histogram(metric, point, scope, resource)));
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsList().forEach(point ->
                received.add(new ReceivedMetricPoint(metric.getName(), metric.getUnit(), MetricType.EXPONENTIAL_HISTOGRAM,
                    false, scope, resource, attributes(point.getAttributesList()), Double.NaN, point.getCount(),
                    point.getSum())));
            case SUMMARY -> metric.getSummary().getDataPointsList().forEach(point -> received.add(
                new ReceivedMetricPoint(metric.getName(), metric.getUnit(), MetricType.SUMMARY, false, scope,
                    resource, attributes(point.getAttributesList()), Double.NaN, point.getCount(), point.getSum())));
            default -> { } // a metric without data says nothing
          }
        }
      }
    }
    synchronized (this) {
      metricPoints.addAll(received);
    }
  }

  private static ReceivedMetricPoint number(Metric metric, MetricType type, boolean monotonic, NumberDataPoint point,
      String scope, Map<String, Object> resource) {
    double value = point.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? point.getAsInt() : point.getAsDouble();
    return new ReceivedMetricPoint(metric.getName(), metric.getUnit(), type, monotonic, scope, resource,
        attributes(point.getAttributesList()), value, 0, Double.NaN);
  }

  private static ReceivedMetricPoint histogram(Metric metric, HistogramDataPoint point, String scope,
      Map<String, Object> resource) {
    return new ReceivedMetricPoint(metric.getName(), metric.getUnit(), MetricType.HISTOGRAM, false, scope, resource,
        attributes(point.getAttributesList()), Double.NaN, point.getCount(), point.hasSum() ? point.getSum() : Double.NaN);
  }

  private static String kind(Span.SpanKind kind) {
    // SPAN_KIND_INTERNAL -> INTERNAL: the name the SDK's SpanKind and the semantic conventions use
    String name = kind.name();
    return name.startsWith("SPAN_KIND_") ? name.substring("SPAN_KIND_".length()) : name;
  }

  private static String status(Span span) {
    String name = span.getStatus().getCode().name();
    return name.startsWith("STATUS_CODE_") ? name.substring("STATUS_CODE_".length()) : name;
  }

  private static String hex(ByteString id) {
    return HEX.formatHex(id.toByteArray());
  }

  /** Attributes in their order, values as Java objects: see {@link #value(AnyValue)}. */
  static Map<String, Object> attributes(List<KeyValue> keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue keyValue : keyValues) {
      map.put(keyValue.getKey(), value(keyValue.getValue()));
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * An attribute value as a test compares it: String, Boolean, Long (every OTLP integer is 64-bit),
   * Double, byte[], a List of those, a Map for a key-value list; null for an empty value.
   */
  static Object value(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue();
      case INT_VALUE -> value.getIntValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case BYTES_VALUE -> value.getBytesValue().toByteArray();
      case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpReceiver::value).toList();
      case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
      default -> null;
    };
  }

  // ---- what the tests read

  /** The OTLP metric data types. */
  enum MetricType { GAUGE, SUM, HISTOGRAM, EXPONENTIAL_HISTOGRAM, SUMMARY }

  /**
   * A span as received.
   *
   * @param kind INTERNAL, CLIENT, SERVER, PRODUCER, CONSUMER or UNSPECIFIED
   * @param traceId 32 lower-case hex digits
   * @param spanId 16 lower-case hex digits
   * @param parentSpanId 16 hex digits, or empty for a root span
   * @param resource the resource's attributes ({@code service.name} among them)
   * @param scope the instrumentation scope's name, e.g. {@code io.opentelemetry.jdbc}
   * @param status UNSET, OK or ERROR
   */
  record ReceivedSpan(String name, String kind, String traceId, String spanId, String parentSpanId,
      Map<String, Object> attributes, Map<String, Object> resource, String scope, long startEpochNanos,
      long endEpochNanos, String status) {
    /** The resource's {@code service.name}, or null. */
    String serviceName() {
      return (String) resource.get("service.name");
    }

    /** Whether {@code parent} is this span's parent. */
    boolean isChildOf(ReceivedSpan parent) {
      return traceId.equals(parent.traceId) && parentSpanId.equals(parent.spanId);
    }
  }

  /**
   * A log record as received.
   *
   * @param severityNumber 13 for WARN (OTLP's SeverityNumber), 0 when unset
   * @param body the body as text ("" when empty)
   * @param eventName the record's event name, or empty
   * @param traceId 32 hex digits of the span it is correlated with, or empty
   * @param spanId 16 hex digits, or empty
   */
  record ReceivedLog(String severityText, int severityNumber, String body, String eventName,
      Map<String, Object> attributes, String traceId, String spanId, Map<String, Object> resource, String scope,
      long epochNanos) {
    /** The resource's {@code service.name}, or null. */
    String serviceName() {
      return (String) resource.get("service.name");
    }
  }

  /**
   * One data point of a metric, as received (a metric exported every interval gives a point per export).
   *
   * @param monotonic for a sum: whether it is a counter rather than an up-down counter
   * @param attributes the point's own attributes (e.g. {@code pool.name}, {@code state})
   * @param value a gauge's or sum's value, int or double points alike; NaN for the histograms and summaries
   * @param count a histogram's or summary's count; 0 for gauges and sums
   * @param sum a histogram's or summary's sum; NaN for gauges and sums, and when the histogram has none
   */
  record ReceivedMetricPoint(String name, String unit, MetricType type, boolean monotonic, String scope,
      Map<String, Object> resource, Map<String, Object> attributes, double value, long count, double sum) {
    /** The resource's {@code service.name}, or null. */
    String serviceName() {
      return (String) resource.get("service.name");
    }

    String describeValue() {
      return (type == MetricType.GAUGE || type == MetricType.SUM ? "value " + value : "count " + count + " sum " + sum)
          + " " + attributes;
    }
  }
}
