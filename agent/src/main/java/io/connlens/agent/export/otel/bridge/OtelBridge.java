package io.connlens.agent.export.otel.bridge;

import io.connlens.agent.detection.Finding;
import io.connlens.agent.export.otel.CodeLocation;
import io.connlens.agent.export.otel.DatabaseAttributes;
import io.connlens.agent.export.otel.OtelSettings;
import io.connlens.agent.export.otel.OtelSettings.PoolMetricNames;
import io.connlens.agent.pool.PoolSupport;
import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.DataSourceInfo;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.report.ReportSnapshot;
import io.connlens.agent.report.Sink;
import io.connlens.bootstrap.ConnlensHooks;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * connlens's OpenTelemetry exporter, compiled against the OpenTelemetry API and defined beside the
 * copy it exports through (the application's, or the OpenTelemetry agent's with every reference
 * relocated): never loaded by the agent's own class loader. Makes lease spans, emits findings as log
 * records, and registers the metrics; every call is guarded, and a failure is counted, never thrown.
 */
public final class OtelBridge implements Sink {
  static final String SCOPE = "io.connlens";

  static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
  static final AttributeKey<String> DB_NAMESPACE = AttributeKey.stringKey("db.namespace");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> POOL_NAME = AttributeKey.stringKey("db.client.connection.pool.name");
  static final AttributeKey<String> POOL_STATE = AttributeKey.stringKey("db.client.connection.state");
  static final AttributeKey<String> OLD_POOL_NAME = AttributeKey.stringKey("pool.name");
  static final AttributeKey<String> OLD_POOL_STATE = AttributeKey.stringKey("state");
  static final AttributeKey<String> CODE_FUNCTION = AttributeKey.stringKey("code.function.name");
  static final AttributeKey<String> CODE_FILE = AttributeKey.stringKey("code.file.path");
  static final AttributeKey<Long> CODE_LINE = AttributeKey.longKey("code.line.number");
  static final AttributeKey<Double> WAIT_TIME = AttributeKey.doubleKey("connlens.lease.wait_time");
  static final AttributeKey<Double> HOLD_TIME = AttributeKey.doubleKey("connlens.lease.hold_time");
  static final AttributeKey<Long> STATEMENTS = AttributeKey.longKey("connlens.lease.statements");
  static final AttributeKey<String> FINDING_TYPE = AttributeKey.stringKey("connlens.finding.type");
  static final AttributeKey<String> FINDING_SEVERITY = AttributeKey.stringKey("connlens.finding.severity");
  static final AttributeKey<String> FINDING_POOL = AttributeKey.stringKey("connlens.pool");
  static final AttributeKey<String> FINDING_SITE = AttributeKey.stringKey("connlens.site");
  static final AttributeKey<String> FINDING_SQL = AttributeKey.stringKey("connlens.sql");
  static final AttributeKey<String> FINDING_MESSAGE = AttributeKey.stringKey("connlens.message");

  /** URLs whose attributes are kept: a service talks to a handful of databases. */
  private static final int MAX_DATABASES = 256;
  /** Pools whose span names and metric attributes are kept (the registry counts at most as many). */
  private static final int MAX_POOLS = 256;
  private static final double NANOS_PER_SECOND = 1e9;
  private static final double NANOS_PER_MILLI = 1e6;

  private final OtelSettings settings;
  private final Tracer tracer;
  private final Logger logger;
  private final LongCounter findings;
  private final List<PoolMetrics> poolMetrics = new ArrayList<>();
  private final Map<String, Attributes> databases = new ConcurrentHashMap<>();
  private final Map<String, String> spanNames = new ConcurrentHashMap<>();
  private volatile List<ReportSnapshot.Pool> pools = Collections.emptyList();
  private volatile List<ReportSnapshot.Server> servers = Collections.emptyList();

  /**
   * The exporter, once the global OpenTelemetry is set, else {@code null} (asked again later):
   * {@code get()} before {@code isSet()} would install a no-op global under the application.
   */
  public static Sink startIfReady(OtelSettings settings) {
    if (!GlobalOpenTelemetry.isSet()) {
      return null;
    }
    OpenTelemetry otel = GlobalOpenTelemetry.get();
    if (isNoop(otel)) {
      // a library asked GlobalOpenTelemetry.get() with no SDK there: the global is the no-op one for
      // good (set() now fails), and a bridge to it would cost every lease and export nothing
      return null;
    }
    return new OtelBridge(otel, settings);
  }

  private static boolean isNoop(OpenTelemetry otel) {
    return otel.getTracerProvider() == TracerProvider.noop() && otel.getMeterProvider() == MeterProvider.noop()
        && otel.getLogsBridge() == LoggerProvider.noop();
  }

  OtelBridge(OpenTelemetry otel, OtelSettings settings) {
    this.settings = settings;
    this.tracer = otel.getTracerProvider().tracerBuilder(SCOPE).setInstrumentationVersion(settings.version()).build();
    this.logger = otel.getLogsBridge().loggerBuilder(SCOPE).setInstrumentationVersion(settings.version()).build();
    Meter meter = otel.getMeterProvider().meterBuilder(SCOPE).setInstrumentationVersion(settings.version()).build();
    if (settings.metrics()) {
      findings = meter.counterBuilder("connlens.findings").setUnit("{finding}")
          .setDescription("Findings connlens raised, every occurrence, by type").build();
      meter.upDownCounterBuilder("connlens.leases.open").setUnit("{lease}")
          .setDescription("Connections the application holds now, by pool").buildWithCallback(this::observeLeases);
      meter.upDownCounterBuilder("connlens.server.connections").setUnit("{connection}")
          .setDescription("This JVM's open physical connections to each database server, by pool")
          .buildWithCallback(this::observeServers);
      registerPoolMetrics(meter);
    } else {
      findings = null;
    }
  }

  private void registerPoolMetrics(Meter meter) {
    PoolMetricNames names = settings.poolMetricNames();
    if (names != PoolMetricNames.STABLE) {
      poolMetrics.add(new PoolMetrics(meter, PoolSeries.OLD));
    }
    if (names != PoolMetricNames.OLD) {
      poolMetrics.add(new PoolMetrics(meter, PoolSeries.STABLE));
    }
  }

  /**
   * The names, units and attribute keys of one generation of the pool metrics, as the OpenTelemetry
   * agent emits them: the old {@code db.client.connections.*} in milliseconds, or the new
   * {@code db.client.connection.*} in seconds.
   */
  private static final class PoolSeries {
    static final PoolSeries OLD = new PoolSeries("db.client.connections.", "usage", "max", "{connections}",
        "{requests}", "ms", NANOS_PER_MILLI, OLD_POOL_NAME, OLD_POOL_STATE);
    static final PoolSeries STABLE = new PoolSeries("db.client.connection.", "count", "limit", "{connection}",
        "{request}", "s", NANOS_PER_SECOND, POOL_NAME, POOL_STATE);

    final String prefix;
    final String count;
    final String max;
    final String connections;
    final String requests;
    final String timeUnit;
    final double nanosPerUnit;
    final AttributeKey<String> name;
    final AttributeKey<String> state;

    PoolSeries(String prefix, String count, String max, String connections, String requests, String timeUnit,
        double nanosPerUnit, AttributeKey<String> name, AttributeKey<String> state) {
      this.prefix = prefix;
      this.count = count;
      this.max = max;
      this.connections = connections;
      this.requests = requests;
      this.timeUnit = timeUnit;
      this.nanosPerUnit = nanosPerUnit;
      this.name = name;
      this.state = state;
    }
  }

  /** One generation's instruments: three observed from the snapshot, two histograms recorded at close. */
  private final class PoolMetrics {
    final PoolSeries series;
    final DoubleHistogram useTime;
    final DoubleHistogram waitTime;
    /** The attributes recorded with, per pool: made once, not at every close. */
    final Map<String, Attributes> byPool = new ConcurrentHashMap<>();
    /** Made once: a lambda capturing the series at every close would be an allocation of its own. */
    final Function<String, Attributes> attributesOf;

    PoolMetrics(Meter meter, PoolSeries series) {
      this.series = series;
      this.attributesOf = pool -> Attributes.of(series.name, pool);
      meter.upDownCounterBuilder(series.prefix + series.count).setUnit(series.connections)
          .setDescription("The number of connections that are currently in state described by the state attribute")
          .buildWithCallback(m -> observeUsage(m, series.name, series.state));
      meter.upDownCounterBuilder(series.prefix + series.max).setUnit(series.connections)
          .setDescription("The maximum number of open connections allowed")
          .buildWithCallback(m -> observeMax(m, series.name));
      meter.upDownCounterBuilder(series.prefix + "pending_requests").setUnit(series.requests)
          .setDescription("The number of pending requests for an open connection")
          .buildWithCallback(m -> observePending(m, series.name));
      useTime = meter.histogramBuilder(series.prefix + "use_time").setUnit(series.timeUnit)
          .setDescription("The time between borrowing a connection and returning it to the pool").build();
      waitTime = meter.histogramBuilder(series.prefix + "wait_time").setUnit(series.timeUnit)
          .setDescription("The time it took to obtain an open connection from the pool").build();
    }

    void record(String pool, long heldNanos, long waitNanos) {
      Attributes attributes = kept(byPool, pool, MAX_POOLS, attributesOf);
      useTime.record(heldNanos / series.nanosPerUnit, attributes);
      waitTime.record(waitNanos / series.nanosPerUnit, attributes);
    }
  }

  @Override
  public boolean listensToLeases() {
    return true;
  }

  /** On the application's thread, inside its getConnection: a span only inside a trace. */
  @Override
  public void onOpened(Lease lease) {
    if (!settings.spans()) {
      return;
    }
    try {
      Context parent = Context.current();
      if (!Span.fromContext(parent).getSpanContext().isValid()) {
        return; // outside a request there is nothing to be a child of, and no one to read it
      }
      String pool = lease.pool();
      // what is known at acquire goes on the builder: one attribute map, filled without the span's lock
      SpanBuilder builder = tracer.spanBuilder(spanName(pool)).setParent(parent).setSpanKind(SpanKind.INTERNAL)
          .setAllAttributes(database(lease.database()));
      if (pool != null) {
        builder.setAttribute(POOL_NAME, pool);
      }
      lease.exportSpan(builder.startSpan());
    } catch (RuntimeException | LinkageError e) {
      ConnlensHooks.suppressed(e);
    }
  }

  @Override
  public void onClosed(Lease lease, long heldNanos) {
    try {
      Object begun = lease.exportSpan();
      if (begun instanceof Span) {
        lease.exportSpan(null);
        endSpan((Span) begun, lease, heldNanos);
      }
      if (!poolMetrics.isEmpty() && settings.emitsPoolMetrics(kindOf(lease))) {
        recordTimes(lease, heldNanos);
      }
    } catch (RuntimeException | LinkageError e) {
      ConnlensHooks.suppressed(e);
    }
  }

  /** {@code lease <pool>}, made once per pool. */
  private String spanName(String pool) {
    return pool == null ? "lease" : kept(spanNames, pool, MAX_POOLS, p -> "lease " + p);
  }

  /**
   * The value {@code make} makes of {@code key}, kept in {@code made} while it holds fewer than
   * {@code max} (past that, made again at each call): what the export derives from a pool or URL
   * is made once, not per lease.
   */
  private static <V> V kept(Map<String, V> made, String key, int max, Function<String, V> make) {
    V value = made.get(key);
    if (value == null) {
      value = make.apply(key);
      if (made.size() < max) {
        made.put(key, value);
      }
    }
    return value;
  }

  private void endSpan(Span span, Lease lease, long heldNanos) {
    if (span.isRecording()) {
      // the site is expanded only for a span that is kept
      CallSite site = lease.site();
      if (site.isCaptured()) {
        putCode(span, CodeLocation.of(site.topFrame()));
      }
      span.setAttribute(HOLD_TIME, heldNanos / NANOS_PER_SECOND);
      span.setAttribute(WAIT_TIME, lease.borrowWaitNanos() / NANOS_PER_SECOND);
      span.setAttribute(STATEMENTS, lease.statements());
    }
    span.end();
  }

  private static void putCode(Span span, CodeLocation code) {
    if (code == null) {
      return;
    }
    span.setAttribute(CODE_FUNCTION, code.function());
    if (code.file() != null) {
      span.setAttribute(CODE_FILE, code.file());
    }
    if (code.line() > 0) {
      span.setAttribute(CODE_LINE, (long) code.line());
    }
  }

  private void recordTimes(Lease lease, long heldNanos) {
    String pool = lease.pool();
    if (pool == null) {
      return;
    }
    for (PoolMetrics metrics : poolMetrics) {
      metrics.record(pool, heldNanos, lease.borrowWaitNanos());
    }
  }

  private static String kindOf(Lease lease) {
    DataSourceInfo source = lease.source();
    PoolSupport support = source == null ? null : source.support();
    return support == null ? null : support.kind();
  }

  @Override
  public void onCollected(Lease lease) {
    Object begun = lease.exportSpan();
    if (begun instanceof Span) {
      // never closed: the span ends now, said so, and the leak is a finding of its own
      lease.exportSpan(null);
      try {
        Span span = (Span) begun;
        span.setAttribute("connlens.lease.closed", false);
        span.end();
      } catch (RuntimeException | LinkageError e) {
        ConnlensHooks.suppressed(e);
      }
    }
  }

  /** A new finding: a log record (and a span event when asked), and the counter. */
  @Override
  public void onNewFinding(Finding finding) {
    try {
      count(finding);
      if (!settings.logs() && !settings.spanEvents()) {
        return;
      }
      Attributes attributes = findingAttributes(finding);
      Context context = traceOf(finding);
      if (settings.logs()) {
        logger.logRecordBuilder().setSeverity(Severity.WARN).setSeverityText("WARN")
            .setTimestamp(finding.firstSeenMillis(), TimeUnit.MILLISECONDS)
            .setBody(finding.type().name() + ": " + finding.message()).setAllAttributes(attributes)
            .setContext(context).emit();
      }
      if (settings.spanEvents()) {
        Span current = Span.fromContext(context);
        if (current.getSpanContext().isValid()) {
          current.addEvent("connlens.finding", attributes);
        }
      }
    } catch (RuntimeException | LinkageError e) {
      ConnlensHooks.suppressed(e);
    }
  }

  @Override
  public void onFindingUpdated(Finding finding) {
    try {
      count(finding);
    } catch (RuntimeException | LinkageError e) {
      ConnlensHooks.suppressed(e);
    }
  }

  /**
   * The trace a finding belongs to: the current span when it is raised inside one, else the span of
   * the lease it is about (a leak, an N+1 ended on the agent's own thread), else none.
   */
  private static Context traceOf(Finding finding) {
    Context current = Context.current();
    if (Span.fromContext(current).getSpanContext().isValid()) {
      return current;
    }
    Object leaseSpan = finding.traceContext();
    if (leaseSpan instanceof Span && ((Span) leaseSpan).getSpanContext().isValid()) {
      return Context.root().with((Span) leaseSpan);
    }
    return current;
  }

  private void count(Finding finding) {
    if (findings != null) {
      findings.add(1, Attributes.of(FINDING_TYPE, finding.type().name()));
    }
  }

  private static Attributes findingAttributes(Finding finding) {
    AttributesBuilder a = Attributes.builder().put(FINDING_TYPE, finding.type().name());
    if (finding.severity() != null) {
      a.put(FINDING_SEVERITY, finding.severity().name());
    }
    putIfPresent(a, FINDING_POOL, finding.pool());
    putIfPresent(a, FINDING_SQL, finding.sql()); // normalized: no literal, no bind value
    putIfPresent(a, FINDING_MESSAGE, finding.message());
    CallSite site = finding.site();
    if (site != null && site.isCaptured()) {
      a.put(FINDING_SITE, String.join("\n", site.frames()));
      CodeLocation code = CodeLocation.of(site.topFrame());
      if (code != null) {
        a.put(CODE_FUNCTION, code.function());
        putIfPresent(a, CODE_FILE, code.file());
        if (code.line() > 0) {
          a.put(CODE_LINE, (long) code.line());
        }
      }
    }
    return a.build();
  }

  private static void putIfPresent(AttributesBuilder a, AttributeKey<String> key, String value) {
    if (value != null && !value.isEmpty()) {
      a.put(key, value);
    }
  }

  /** The database attributes of {@code url}, kept per URL. */
  private Attributes database(String url) {
    return url == null ? Attributes.empty() : kept(databases, url, MAX_DATABASES, OtelBridge::databaseAttributes);
  }

  private static Attributes databaseAttributes(String url) {
    DatabaseAttributes d = DatabaseAttributes.of(url);
    AttributesBuilder a = Attributes.builder().put(DB_SYSTEM_NAME, d.system());
    putIfPresent(a, DB_NAMESPACE, d.namespace());
    putIfPresent(a, SERVER_ADDRESS, d.address());
    if (d.port() > 0) {
      a.put(SERVER_PORT, (long) d.port());
    }
    return a.build();
  }

  /** Once a second, on the agent's thread: what the metric callbacks read. */
  @Override
  public void onPoolSnapshot(List<ReportSnapshot.Pool> pools, List<ReportSnapshot.Server> servers) {
    this.pools = pools;
    this.servers = servers;
  }

  private void observeLeases(ObservableLongMeasurement m) {
    try {
      for (ReportSnapshot.Pool pool : pools) {
        m.record(pool.leases.open, Attributes.of(POOL_NAME, pool.name));
      }
    } catch (RuntimeException | LinkageError e) {
      ConnlensHooks.suppressed(e);
    }
  }

  private void observeServers(ObservableLongMeasurement m) {
    try {
      for (ReportSnapshot.Server server : servers) {
        AttributesBuilder base = Attributes.builder();
        putIfPresent(base, SERVER_ADDRESS, server.host);
        if (server.port > 0) {
          base.put(SERVER_PORT, (long) server.port);
        }
        putIfPresent(base, DB_NAMESPACE, server.database);
        Attributes where = base.build();
        // a pool's own count also holds the connections it opened before an attach, which connlens
        // never saw opened: the larger of the two is this JVM's share of the server
        Map<String, Long> byPool = new java.util.TreeMap<>(server.openByPool);
        server.poolReported.forEach((pool, n) -> byPool.merge(pool, n, Math::max));
        byPool.forEach((pool, n) -> m.record(n, where.toBuilder().put(POOL_NAME, pool).build()));
        if (server.openDirect > 0) {
          m.record(server.openDirect, where);
        }
      }
    } catch (RuntimeException | LinkageError e) {
      ConnlensHooks.suppressed(e);
    }
  }

  private void observeUsage(ObservableLongMeasurement m, AttributeKey<String> name, AttributeKey<String> state) {
    try {
      for (ReportSnapshot.Pool pool : pools) {
        if (!settings.emitsPoolMetrics(pool.kind)) {
          continue;
        }
        // -1: the pool does not say; an unknown count is left out, never reported as 0
        if (pool.active >= 0) {
          m.record(pool.active, Attributes.of(name, pool.name, state, "used"));
        }
        if (pool.idle >= 0) {
          m.record(pool.idle, Attributes.of(name, pool.name, state, "idle"));
        }
      }
    } catch (RuntimeException | LinkageError e) {
      ConnlensHooks.suppressed(e);
    }
  }

  private void observeMax(ObservableLongMeasurement m, AttributeKey<String> name) {
    try {
      for (ReportSnapshot.Pool pool : pools) {
        if (settings.emitsPoolMetrics(pool.kind) && pool.maxSize > 0) {
          m.record(pool.maxSize, Attributes.of(name, pool.name));
        }
      }
    } catch (RuntimeException | LinkageError e) {
      ConnlensHooks.suppressed(e);
    }
  }

  private void observePending(ObservableLongMeasurement m, AttributeKey<String> name) {
    try {
      for (ReportSnapshot.Pool pool : pools) {
        if (settings.emitsPoolMetrics(pool.kind) && pool.waiting >= 0) {
          m.record(pool.waiting, Attributes.of(name, pool.name));
        }
      }
    } catch (RuntimeException | LinkageError e) {
      ConnlensHooks.suppressed(e);
    }
  }
}
