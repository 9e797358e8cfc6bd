package io.connlens.agent.export.otel;

import io.connlens.agent.config.AgentConfig;
import io.connlens.agent.export.bridge.BridgeLoader;
import io.connlens.agent.export.bridge.ForwardingSink;
import io.connlens.agent.report.ConsoleSink;
import io.connlens.agent.report.ReportSnapshot;
import io.connlens.agent.report.Sink;
import io.connlens.bootstrap.ConnlensHooks;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The sink that exports through OpenTelemetry, once there is a pipeline to export through: the
 * OpenTelemetry Java agent's (its relocated API in the boot loader, found whichever
 * {@code -javaagent} came first, or when connlens runs as its extension), else the SDK the
 * application registers as its {@code GlobalOpenTelemetry}. Until then, and forever in an
 * application with neither, each lease costs one volatile read here and nothing is loaded.
 *
 * <p>The work is done by {@code bridge.OtelBridge}, compiled against the OpenTelemetry API and
 * defined beside the API it exports through ({@link BridgeLoader}), with its references relocated
 * to the OpenTelemetry agent's copy when it is that agent's. connlens carries no OpenTelemetry
 * class of its own, and never asks for {@code GlobalOpenTelemetry.get()} before {@code isSet()}
 * is true: an early {@code get()} installs a no-op global and makes the application's own
 * {@code set()} fail.
 */
public final class OpenTelemetryExport extends ForwardingSink {
  static final String BRIDGE_PACKAGE = "io.connlens.agent.export.otel.bridge.";
  static final String BRIDGE_CLASS = BRIDGE_PACKAGE + "OtelBridge";
  /** The OpenTelemetry agent's relocated API, in the boot loader when that agent runs. */
  static final String OTEL_AGENT_API = "io.opentelemetry.javaagent.shaded.io.opentelemetry.api.GlobalOpenTelemetry";
  static final String OTEL_AGENT_PREFIX = "io/opentelemetry/javaagent/shaded/";
  /**
   * How many looks (one a second, on the agent's thread) for the OpenTelemetry agent: it runs its
   * premain before the application's main, after connlens's when it comes second.
   */
  private static final int OTEL_AGENT_LOOKS = 60;

  private final AgentConfig config;
  private final PrintStream notes;
  /** The bridge once a pipeline is there, else {@code null}: the one read each lease pays. */
  private volatile Sink bridge;
  private volatile ClassLoader applicationApiLoader;
  private Method otelAgentEntry;
  private Method applicationEntry;
  /** The settings each entry starts its bridge with, read once (asked again every second until set). */
  private OtelSettings otelAgentSettings;
  private OtelSettings applicationSettings;
  private int otelAgentLooks;
  private boolean applicationApiUnusable;

  /**
   * @param notes where a one-time note goes (standard error): an OpenTelemetry API too old to be
   *     looked at safely
   */
  public OpenTelemetryExport(AgentConfig config, PrintStream notes) {
    this.config = config;
    this.notes = notes;
  }

  /** The application's own OpenTelemetry API is in {@code loader}; called on the agent's thread. */
  public void applicationApi(ClassLoader loader) {
    applicationApiLoader = loader;
    lookForPipeline();
  }

  /**
   * Looks for a pipeline to export through, once more; on the agent's thread only (it loads
   * classes). Returns the bridge, or {@code null} while there is none.
   */
  public synchronized Sink lookForPipeline() {
    Sink found = bridge;
    if (found != null) {
      return found;
    }
    try {
      if (otelAgentEntry == null && otelAgentLooks < OTEL_AGENT_LOOKS) {
        otelAgentLooks++;
        if (otelAgentPresent()) {
          otelAgentLooks = OTEL_AGENT_LOOKS;
          otelAgentEntry = entry(new BridgeLoader(BRIDGE_PACKAGE, null,
              BridgeLoader.prefixing(OTEL_AGENT_PREFIX, "io/opentelemetry/api/", "io/opentelemetry/context/")));
          otelAgentSettings = OtelSettings.of(config, true);
        }
      }
      if (otelAgentEntry != null) {
        found = start(otelAgentEntry, otelAgentSettings);
      } else if (applicationApiLoader != null && !applicationApiUnusable) {
        // the OpenTelemetry agent bridges the application's API into its own: with the agent there,
        // only its pipeline is used (above), never the application's view of it
        if (applicationEntry == null) {
          applicationEntry = entry(new BridgeLoader(BRIDGE_PACKAGE, applicationApiLoader, null));
          applicationSettings = OtelSettings.of(config, false);
        }
        found = start(applicationEntry, applicationSettings);
      }
    } catch (LinkageError e) {
      // an API without GlobalOpenTelemetry.isSet() (before 1.57): asking get() could install a
      // no-op global under the application, so connlens does not look
      applicationApiUnusable = true;
      notes.println(ConsoleSink.PREFIX + "OpenTelemetry: the application's API is older than 1.57 (no"
          + " GlobalOpenTelemetry.isSet()); nothing is exported through it (" + e + ")");
    } catch (ReflectiveOperationException | RuntimeException e) {
      ConnlensHooks.suppressed(e);
      applicationApiUnusable = true;
    }
    bridge = found;
    return found;
  }

  private static boolean otelAgentPresent() {
    try {
      Class.forName(OTEL_AGENT_API, false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static Method entry(BridgeLoader loader) throws ReflectiveOperationException {
    return loader.bridgeClass(BRIDGE_CLASS).getMethod("startIfReady", OtelSettings.class);
  }

  private Sink start(Method entry, OtelSettings settings) throws ReflectiveOperationException {
    try {
      return (Sink) entry.invoke(null, settings);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof LinkageError) {
        throw (LinkageError) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw e;
    }
  }

  /** The bridge now, or {@code null}. */
  Sink bridge() {
    return bridge;
  }

  @Override
  public boolean listensToLeases() {
    return true;
  }

  @Override
  protected Sink delegate() {
    return bridge;
  }

  /** About once a second, on the agent's thread: looks for a pipeline while there is none. */
  @Override
  public void onPoolSnapshot(List<ReportSnapshot.Pool> pools, List<ReportSnapshot.Server> servers) {
    Sink b = bridge;
    if (b == null) {
      b = lookForPipeline();
    }
    if (b != null) {
      b.onPoolSnapshot(pools, servers);
    }
  }
}
