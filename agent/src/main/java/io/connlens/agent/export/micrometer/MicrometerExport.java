package io.connlens.agent.export.micrometer;

import io.connlens.agent.export.ExportContext;
import io.connlens.agent.export.bridge.BridgeLoader;
import io.connlens.agent.export.bridge.WeaklyHeldSink;
import io.connlens.agent.report.Sink;
import io.connlens.bootstrap.ConnlensHooks;

/**
 * Micrometer: the pool gauges and the findings counter on the application's global registry
 * ({@code io.micrometer.core.instrument.Metrics.globalRegistry}), where Spring Boot's actuator adds its
 * registries. The sink is a bridge class, {@value #SINK}, defined beside the application's Micrometer;
 * this class names it and never links a Micrometer type, so a JVM without Micrometer loads none.
 */
public final class MicrometerExport {
  /** The package of the classes compiled against Micrometer. */
  static final String BRIDGE_PACKAGE = "io.connlens.agent.export.micrometer.bridge.";
  /** The sink, by name only: the agent's loader must never load it. */
  static final String SINK = BRIDGE_PACKAGE + "MicrometerSink";

  private MicrometerExport() {}

  /**
   * The library was found in {@code loader}: link the bridge there and add its sink. On the agent's
   * loop thread, which is where the sink registers its meters. A failure is counted and leaves
   * Micrometer out; nothing else changes.
   */
  public static void start(ExportContext context, ClassLoader loader) {
    Sink sink = sink(loader);
    if (sink != null) {
      // held weakly: the bridge's loader is a child of the application's, which it must not keep alive
      context.addSink(new WeaklyHeldSink(sink));
    }
  }

  /** The sink on the global registry of the Micrometer in {@code loader}, or {@code null} when it cannot be linked. */
  static Sink sink(ClassLoader loader) {
    try {
      Class<?> type = new BridgeLoader(BRIDGE_PACKAGE, loader, null).bridgeClass(SINK);
      return (Sink) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      ConnlensHooks.suppressed(e);
      return null;
    }
  }
}
