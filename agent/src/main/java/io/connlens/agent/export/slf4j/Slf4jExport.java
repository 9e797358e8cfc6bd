package io.connlens.agent.export.slf4j;

import io.connlens.agent.export.ExportContext;
import io.connlens.agent.export.bridge.BridgeLoader;
import io.connlens.agent.report.FindingLog;

/**
 * SLF4J: findings in the application's log. Links the bridge ({@code
 * io.connlens.agent.export.slf4j.bridge}) beside the application's {@code slf4j-api} and hands it to
 * the finding warnings, which write through it once the application has initialized SLF4J with a
 * real provider ({@code log.output}).
 */
public final class Slf4jExport {
  /** The bridge's package; its classes are compiled against SLF4J and named here only as strings. */
  static final String BRIDGE_PACKAGE = "io.connlens.agent.export.slf4j.bridge.";
  static final String FINDING_LOG = BRIDGE_PACKAGE + "Slf4jFindingLog";

  private Slf4jExport() {}

  /** The library was found in {@code loader}: link the bridge there and hand it to the warnings. */
  public static void start(ExportContext context, ClassLoader loader) {
    if (!context.wantsSlf4j()) {
      return; // log.output=stderr: nothing of SLF4J is linked
    }
    context.slf4jFound(link(loader));
  }

  /** The bridge, defined beside the SLF4J of {@code loader}. */
  static FindingLog link(ClassLoader loader) {
    try {
      Class<?> bridge = new BridgeLoader(BRIDGE_PACKAGE, loader, null).bridgeClass(FINDING_LOG);
      return (FindingLog) bridge.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot link the SLF4J bridge", e);
    }
  }
}
