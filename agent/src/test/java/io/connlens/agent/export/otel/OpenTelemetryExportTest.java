package io.connlens.agent.export.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.config.AgentConfig;
import io.connlens.agent.detection.FindingStore;
import io.connlens.agent.detection.Occurrence;
import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.DataSourceInfo;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.report.ReportSnapshot;
import io.connlens.agent.report.Sink;
import io.connlens.agent.testing.Frames;
import io.connlens.api.FindingType;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenTelemetry export as an application that owns its SDK sees it: the bridge defined beside
 * the application's API (this test's class path), the SDK's in-memory exporters reading what it sent.
 */
class OpenTelemetryExportTest {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final ByteArrayOutputStream notes = new ByteArrayOutputStream();
  private final LeaseRegistry registry =
      new LeaseRegistry(new SiteCapture(SiteCapture.Mode.ALL, 1), Frames.STACK_FRAMES, Modules.pools(), System::currentTimeMillis);
  private final FindingStore store = new FindingStore(System::currentTimeMillis);
  private OpenTelemetryExport export;
  private OpenTelemetrySdk sdk;

  @BeforeEach
  void setUp() {
    GlobalOpenTelemetry.resetForTest();
    export = new OpenTelemetryExport(AgentConfig.load(null, Map.of(), Map.of()),
        new PrintStream(notes, true, StandardCharsets.UTF_8));
    registry.addListener(export);
    store.addListener(export);
  }

  @AfterEach
  void tearDown() {
    if (sdk != null) {
      sdk.close();
    }
    GlobalOpenTelemetry.resetForTest();
  }

  private void applicationRegistersItsSdk() {
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setLoggerProvider(SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(logs)).build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
        .buildAndRegisterGlobal();
  }

  @Test
  void looksWithoutInstallingAGlobalSoTheApplicationsOwnSetStillWorks() {
    export.applicationApi(getClass().getClassLoader());
    assertThat(export.lookForPipeline()).isNull();
    assertThat(GlobalOpenTelemetry.isSet()).isFalse(); // no no-op global put in the application's way

    applicationRegistersItsSdk(); // would throw had connlens called get() first
    Sink bridge = export.lookForPipeline();
    assertThat(bridge).isNotNull();
    // defined beside the application's API, never by the agent's own loader
    assertThat(bridge.getClass().getName()).isEqualTo(OpenTelemetryExport.BRIDGE_CLASS);
    assertThat(bridge.getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());
    assertThat(notes.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aNoopGlobalThatALibraryInstalledIsNoPipeline() {
    export.applicationApi(getClass().getClassLoader());
    GlobalOpenTelemetry.getTracer("some.library"); // a library's get() with no SDK: the no-op global, for good
    assertThat(GlobalOpenTelemetry.isSet()).isTrue();
    assertThat(export.lookForPipeline()).as("nothing to export to, so nothing to pay per lease").isNull();
    assertThat(notes.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aLeaseInsideARequestIsAChildSpanWithTheDatabaseAndTheAcquireFrame() {
    applicationRegistersItsSdk();
    export.applicationApi(getClass().getClassLoader());
    Span request = sdk.getTracer("app").spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER).startSpan();
    Object connection = new Object();
    Lease lease;
    try (Scope ignored = request.makeCurrent()) {
      lease = registry.open(connection, DataSourceInfo.DRIVER_MANAGER,
          "jdbc:postgresql://db.example.com:6543/orders", Thread.currentThread());
      lease.borrowWaited(2_000_000);
    }
    registry.close(connection);
    request.end();

    SpanData leaseSpan = single(spans.getFinishedSpanItems(), "lease");
    assertThat(leaseSpan.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(leaseSpan.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    assertThat(leaseSpan.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
    assertThat(leaseSpan.getAttributes().get(AttributeKey.stringKey("db.system.name"))).isEqualTo("postgresql");
    assertThat(leaseSpan.getAttributes().get(AttributeKey.stringKey("db.namespace"))).isEqualTo("orders");
    assertThat(leaseSpan.getAttributes().get(AttributeKey.stringKey("server.address"))).isEqualTo("db.example.com");
    assertThat(leaseSpan.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(6543L);
    assertThat(leaseSpan.getAttributes().get(AttributeKey.doubleKey("connlens.lease.wait_time"))).isEqualTo(0.002);
    assertThat(leaseSpan.getAttributes().get(AttributeKey.doubleKey("connlens.lease.hold_time"))).isPositive();
    assertThat(leaseSpan.getAttributes().get(AttributeKey.longKey("connlens.lease.statements"))).isZero();
    CodeLocation top = CodeLocation.of(lease.site().topFrame());
    assertThat(leaseSpan.getAttributes().get(AttributeKey.stringKey("code.function.name"))).isEqualTo(top.function());
    assertThat(leaseSpan.getAttributes().get(AttributeKey.longKey("code.line.number"))).isEqualTo((long) top.line());
    assertThat(lease.exportSpan()).isNull();
  }

  @Test
  void aLeaseOutsideATraceMakesNoSpan() {
    applicationRegistersItsSdk();
    export.applicationApi(getClass().getClassLoader());
    Object connection = new Object();
    Lease lease = registry.open(connection, DataSourceInfo.DRIVER_MANAGER, "jdbc:h2:mem:x", Thread.currentThread());
    assertThat(lease.exportSpan()).isNull();
    registry.close(connection);
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void aFindingIsAWarnLogRecordInTheCurrentTraceAndCountedByType() {
    applicationRegistersItsSdk();
    export.applicationApi(getClass().getClassLoader());
    Span request = sdk.getTracer("app").spanBuilder("GET /owners").startSpan();
    Occurrence nPlusOne = new Occurrence(FindingType.N_PLUS_ONE, "the same query ran 25 times in one transaction",
        CallSite.of(List.of("com.example.OwnerController.list(OwnerController.java:42)",
            "com.example.Main.main(Main.java:7)")), "worker-1", "HikariPool-1", "jdbc:h2:mem:x", -1, null)
        .withQuery("SELECT * FROM pets WHERE owner_id = ?", 25, null, null);
    try (Scope ignored = request.makeCurrent()) {
      store.record(nPlusOne);
      store.record(nPlusOne); // seen again: counted, not logged again
    }
    request.end();

    assertThat(logs.getFinishedLogRecordItems()).hasSize(1);
    LogRecordData record = logs.getFinishedLogRecordItems().get(0);
    assertThat(record.getSeverity()).isEqualTo(io.opentelemetry.api.logs.Severity.WARN);
    assertThat(record.getBodyValue().asString()).startsWith("N_PLUS_ONE: ");
    assertThat(record.getSpanContext().getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
    assertThat(record.getSpanContext().getSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    assertThat(record.getAttributes().get(AttributeKey.stringKey("connlens.finding.type"))).isEqualTo("N_PLUS_ONE");
    assertThat(record.getAttributes().get(AttributeKey.stringKey("connlens.pool"))).isEqualTo("HikariPool-1");
    assertThat(record.getAttributes().get(AttributeKey.stringKey("code.function.name")))
        .isEqualTo("com.example.OwnerController.list");
    assertThat(record.getAttributes().get(AttributeKey.stringKey("code.file.path"))).isEqualTo("OwnerController.java");
    assertThat(record.getAttributes().get(AttributeKey.longKey("code.line.number"))).isEqualTo(42L);
    assertThat(record.getAttributes().get(AttributeKey.stringKey("connlens.site")))
        .startsWith("com.example.OwnerController.list(OwnerController.java:42)\n");

    MetricData counter = metric("connlens.findings");
    assertThat(counter.getLongSumData().getPoints()).singleElement()
        .satisfies(p -> assertThat(p.getValue()).isEqualTo(2));
  }

  @Test
  void aLeakFoundLaterOnTheAgentsThreadIsLoggedInTheTraceOfTheLeaseItIsAbout() {
    applicationRegistersItsSdk();
    export.applicationApi(getClass().getClassLoader());
    Span request = sdk.getTracer("app").spanBuilder("GET /report").startSpan();
    Object connection = new Object();
    Lease lease;
    try (Scope ignored = request.makeCurrent()) {
      lease = registry.open(connection, DataSourceInfo.DRIVER_MANAGER, "jdbc:h2:mem:x", Thread.currentThread());
    }
    request.end();
    // the leak detector's scan, outside any span, still holding the lease
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    store.record(Occurrence.ofLease(FindingType.LEAK_SUSPECTED, "connection held for 31.2 s and still open", lease,
        31_200, null));

    LogRecordData record = logs.getFinishedLogRecordItems().get(0);
    Span leaseSpan = (Span) lease.exportSpan();
    assertThat(record.getSpanContext().getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
    assertThat(record.getSpanContext().getSpanId()).isEqualTo(leaseSpan.getSpanContext().getSpanId());
    registry.close(connection);
  }

  @Test
  void framesBecomeCodeAttributes() {
    CodeLocation plain = CodeLocation.of("com.example.Orders.list(Orders.java:42)");
    assertThat(plain.function()).isEqualTo("com.example.Orders.list");
    assertThat(plain.file()).isEqualTo("Orders.java");
    assertThat(plain.line()).isEqualTo(42);
    CodeLocation module = CodeLocation.of("at app//com.example.Orders.list(Orders.java:7)");
    assertThat(module.function()).isEqualTo("com.example.Orders.list");
    assertThat(module.line()).isEqualTo(7);
    CodeLocation unknown = CodeLocation.of("com.example.Gen.run(Unknown Source)");
    assertThat(unknown.file()).isNull();
    assertThat(unknown.line()).isEqualTo(-1);
    assertThat(CodeLocation.of(null)).isNull();
    assertThat(CodeLocation.of("")).isNull();
  }

  @Test
  void jdbcUrlsNameTheirDatabaseSystem() {
    DatabaseAttributes pg = DatabaseAttributes.of("jdbc:postgresql://db.example.com:6543/orders?ssl=true");
    assertThat(pg.system()).isEqualTo("postgresql");
    assertThat(pg.address()).isEqualTo("db.example.com");
    assertThat(pg.port()).isEqualTo(6543);
    assertThat(pg.namespace()).isEqualTo("orders");
    assertThat(DatabaseAttributes.of("jdbc:mariadb://127.0.0.1:3306/test").system()).isEqualTo("mariadb");
    assertThat(DatabaseAttributes.of("jdbc:sqlserver://h;databaseName=x").system()).isEqualTo("microsoft.sql_server");
    DatabaseAttributes h2 = DatabaseAttributes.of("jdbc:h2:mem:app;DB_CLOSE_DELAY=-1");
    assertThat(h2.system()).isEqualTo("h2database");
    assertThat(h2.address()).isNull();
    assertThat(DatabaseAttributes.of("jdbc:weird:thing").system()).isEqualTo("other_sql");
  }

  @Test
  void poolsAndServersAreMeteredAndUnknownCountsAreLeftOut() {
    applicationRegistersItsSdk();
    export.applicationApi(getClass().getClassLoader());
    ReportSnapshot.Counts none = new ReportSnapshot.Counts(5, 3, 2, 0);
    export.onPoolSnapshot(
        List.of(new ReportSnapshot.Pool("agroal:orders", "agroal", "jdbc:postgresql://db:5432/orders", none, none,
            20, 2, -1, 0, ReportSnapshot.Sizing.NONE)),
        List.of(new ReportSnapshot.Server("db:5432/orders", "db", 5432, "orders", none,
            Map.of("agroal:orders", 4L), 1, Map.of("agroal:orders", 6L))));

    assertThat(points("connlens.leases.open")).containsExactly("db.client.connection.pool.name=agroal:orders -> 2");
    // the pool's own count (6, it opened some before connlens saw them) beats connlens's 4
    assertThat(points("connlens.server.connections")).containsExactlyInAnyOrder(
        "db.client.connection.pool.name=agroal:orders,db.namespace=orders,server.address=db,server.port=5432 -> 6",
        "db.namespace=orders,server.address=db,server.port=5432 -> 1");
    // the OpenTelemetry agent's default names; idle is -1 (the pool does not say): not reported as 0
    assertThat(points("db.client.connections.usage")).containsExactly("pool.name=agroal:orders,state=used -> 2");
    assertThat(points("db.client.connections.max")).containsExactly("pool.name=agroal:orders -> 20");
  }

  @Test
  void withTheDatabaseOptInBothGenerationsOfPoolMetricsAreEmitted() {
    System.setProperty("otel.semconv-stability.opt-in", "database/dup");
    try {
      applicationRegistersItsSdk();
      export.applicationApi(getClass().getClassLoader());
    } finally {
      System.clearProperty("otel.semconv-stability.opt-in");
    }
    ReportSnapshot.Counts counts = new ReportSnapshot.Counts(5, 3, 2, 0);
    export.onPoolSnapshot(List.of(new ReportSnapshot.Pool("agroal:orders", "agroal", "jdbc:h2:mem:x", counts, counts,
        20, 2, 3, 1, ReportSnapshot.Sizing.NONE)), List.of());

    assertThat(points("db.client.connection.count")).containsExactlyInAnyOrder(
        "db.client.connection.pool.name=agroal:orders,db.client.connection.state=used -> 2",
        "db.client.connection.pool.name=agroal:orders,db.client.connection.state=idle -> 3");
    assertThat(points("db.client.connection.limit")).containsExactly("db.client.connection.pool.name=agroal:orders -> 20");
    assertThat(points("db.client.connection.pending_requests"))
        .containsExactly("db.client.connection.pool.name=agroal:orders -> 1");
    assertThat(points("db.client.connections.usage")).hasSize(2);
  }

  @Test
  void throughTheOtelAgentThePoolsItMetersAreLeftToIt() {
    OtelSettings agent = new OtelSettings(true, true, false, true, OtelSettings.PoolMetricNames.OLD, true, "test");
    assertThat(agent.emitsPoolMetrics("hikaricp")).isFalse();
    assertThat(agent.emitsPoolMetrics("c3p0")).isFalse();
    assertThat(agent.emitsPoolMetrics("agroal")).isTrue();
    assertThat(agent.emitsPoolMetrics(null)).isFalse();
    OtelSettings own = new OtelSettings(true, true, false, true, OtelSettings.PoolMetricNames.OLD, false, "test");
    assertThat(own.emitsPoolMetrics("hikaricp")).isTrue();
  }

  @Test
  void theSemanticConventionOptInPicksThePoolMetricNames() {
    assertThat(OtelSettings.poolMetricNames(null)).isEqualTo(OtelSettings.PoolMetricNames.OLD);
    assertThat(OtelSettings.poolMetricNames("http")).isEqualTo(OtelSettings.PoolMetricNames.OLD);
    assertThat(OtelSettings.poolMetricNames("http, database")).isEqualTo(OtelSettings.PoolMetricNames.STABLE);
    assertThat(OtelSettings.poolMetricNames("database/dup")).isEqualTo(OtelSettings.PoolMetricNames.BOTH);
  }

  @Test
  void withNoPipelineNothingIsLoaded() {
    Object connection = new Object();
    Lease lease = registry.open(connection, DataSourceInfo.DRIVER_MANAGER, "jdbc:h2:mem:x", Thread.currentThread());
    registry.close(connection);
    assertThat(export.bridge()).isNull();
    assertThat(lease.exportSpan()).isNull();
  }

  private static SpanData single(List<SpanData> finished, String name) {
    List<SpanData> named = finished.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    assertThat(named).as("spans named %s among %s", name, finished).hasSize(1);
    return named.get(0);
  }

  private MetricData metric(String name) {
    Collection<MetricData> all = metrics.collectAllMetrics();
    return all.stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + " among "
            + all.stream().map(MetricData::getName).collect(Collectors.toList())));
  }

  /** The metric's points as {@code k=v,k=v -> value}, attributes in name order. */
  private List<String> points(String name) {
    MetricData m = metric(name);
    Collection<? extends PointData> data = m.getData().getPoints();
    return data.stream().map(p -> p.getAttributes().asMap().entrySet().stream()
            .sorted(Map.Entry.comparingByKey((a, b) -> a.getKey().compareTo(b.getKey())))
            .map(e -> e.getKey().getKey() + "=" + e.getValue()).collect(Collectors.joining(","))
            + " -> " + value(p))
        .collect(Collectors.toList());
  }

  private static String value(PointData p) {
    if (p instanceof io.opentelemetry.sdk.metrics.data.LongPointData) {
      return Long.toString(((io.opentelemetry.sdk.metrics.data.LongPointData) p).getValue());
    }
    return p.toString();
  }
}
