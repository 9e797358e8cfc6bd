package io.connlens.agent.export.jfr;

import io.connlens.bootstrap.ConnlensHooks;

/**
 * Whether JFR events can be written in this JVM, and the sink that writes them. Links no
 * {@code jdk.jfr} type itself: a runtime without the module (a jlinked image) gets no sink, and
 * nothing else changes.
 */
public final class JfrExport {
  private JfrExport() {}

  /** The JFR sink, or {@code null} when the {@code jdk.jfr} module is absent or cannot be linked. */
  public static JfrSink sinkIfAvailable() {
    if (!ModuleLayer.boot().findModule("jdk.jfr").isPresent()) {
      return null;
    }
    try {
      return new JfrSink();
    } catch (RuntimeException | LinkageError e) {
      ConnlensHooks.suppressed(e);
      return null;
    }
  }
}
