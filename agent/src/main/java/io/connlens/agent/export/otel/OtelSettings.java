package io.connlens.agent.export.otel;

import io.connlens.agent.config.AgentConfig;
import io.connlens.agent.config.AgentVersion;
import io.connlens.agent.config.ConfigKeys;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the OpenTelemetry bridge exports and under which names: plain values, read once from the
 * agent's configuration and the OpenTelemetry agent's own settings, so the bridge (defined beside
 * the OpenTelemetry API) needs nothing else of the agent's configuration.
 */
public final class OtelSettings {
  /** Which database semantic-convention names the pool metrics use, as the OpenTelemetry agent does. */
  public enum PoolMetricNames {
    /** {@code db.client.connections.*}, times in milliseconds: the OpenTelemetry agent's default. */
    OLD,
    /** {@code db.client.connection.*}, times in seconds: {@code otel.semconv-stability.opt-in=database}. */
    STABLE,
    /** Both: {@code otel.semconv-stability.opt-in=database/dup}. */
    BOTH
  }

  /**
   * The OpenTelemetry agent's pool instrumentations by connlens pool kind: each already emits the
   * pool metrics for its pools unless turned off with {@code otel.instrumentation.<name>.enabled=false}.
   * Tomcat's DBCP is metered since its 2.31.0, as DBCP2 through the apache-dbcp module.
   */
  private static final Map<String, String> METERED_BY_OTEL_AGENT = Map.of(
      "hikaricp", "hikaricp",
      "dbcp2", "apache-dbcp",
      "tomcat-dbcp", "apache-dbcp",
      "c3p0", "c3p0",
      "tomcat-jdbc", "tomcat-jdbc",
      "vibur", "vibur-dbcp");

  private final boolean spans;
  private final boolean logs;
  private final boolean spanEvents;
  private final boolean metrics;
  private final PoolMetricNames poolMetricNames;
  /** The pool kinds whose pool metrics the OpenTelemetry agent emits in this JVM, read once. */
  private final Set<String> meteredElsewhere;
  private final String version;

  OtelSettings(boolean spans, boolean logs, boolean spanEvents, boolean metrics, PoolMetricNames poolMetricNames,
      boolean throughOtelAgent, String version) {
    this.spans = spans;
    this.logs = logs;
    this.spanEvents = spanEvents;
    this.metrics = metrics;
    this.poolMetricNames = poolMetricNames;
    Set<String> metered = new HashSet<>();
    if (throughOtelAgent) {
      METERED_BY_OTEL_AGENT.forEach((kind, module) -> {
        if (otelAgentModuleEnabled(module)) {
          metered.add(kind);
        }
      });
    }
    this.meteredElsewhere = Collections.unmodifiableSet(metered);
    this.version = version;
  }

  /** The settings of {@code config}, for export through the OpenTelemetry agent or not. */
  static OtelSettings of(AgentConfig config, boolean throughOtelAgent) {
    return new OtelSettings(config.get(ConfigKeys.OTEL_SPANS), config.get(ConfigKeys.OTEL_LOGS),
        config.get(ConfigKeys.OTEL_SPAN_EVENTS), config.get(ConfigKeys.OTEL_METRICS),
        poolMetricNames(otelProperty("otel.semconv-stability.opt-in")), throughOtelAgent, AgentVersion.get());
  }

  /** The names {@code optIn}, the value of {@code otel.semconv-stability.opt-in}, asks for. */
  static PoolMetricNames poolMetricNames(String optIn) {
    if (optIn == null) {
      return PoolMetricNames.OLD;
    }
    PoolMetricNames names = PoolMetricNames.OLD;
    for (String word : optIn.split(",")) {
      String w = word.trim().toLowerCase(Locale.ROOT);
      if (w.equals("database/dup")) {
        return PoolMetricNames.BOTH;
      }
      if (w.equals("database")) {
        names = PoolMetricNames.STABLE;
      }
    }
    return names;
  }

  /**
   * An OpenTelemetry setting as its SDK and agent read it: the system property, else the environment
   * variable ({@code otel.a-b.c} is {@code OTEL_A_B_C}).
   */
  static String otelProperty(String name) {
    String value = System.getProperty(name);
    if (value != null) {
      return value;
    }
    return System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
  }

  /** Whether lease spans are made. */
  public boolean spans() {
    return spans;
  }

  /** Whether findings become log records. */
  public boolean logs() {
    return logs;
  }

  /** Whether findings are also added as events of the current span. */
  public boolean spanEvents() {
    return spanEvents;
  }

  /** Whether metrics are exported. */
  public boolean metrics() {
    return metrics;
  }

  /** The pool metrics' names. */
  public PoolMetricNames poolMetricNames() {
    return poolMetricNames;
  }

  /** connlens's version, the instrumentation scope's. */
  public String version() {
    return version;
  }

  /**
   * Whether connlens emits the pool metrics of a pool of {@code kind} ({@code null}: unknown): not when
   * the OpenTelemetry agent, whose pipeline this is, already meters that kind of pool.
   */
  public boolean emitsPoolMetrics(String kind) {
    // null: not a pool connlens knows, with no size to report
    return kind != null && !meteredElsewhere.contains(kind);
  }

  private static boolean otelAgentModuleEnabled(String module) {
    String own = otelProperty("otel.instrumentation." + module + ".enabled");
    if (own != null) {
      return Boolean.parseBoolean(own.trim());
    }
    String all = otelProperty("otel.instrumentation.common.default-enabled");
    return all == null || Boolean.parseBoolean(all.trim());
  }
}
