package io.connlens.agent.export.micrometer;

import io.connlens.agent.export.ExportContext;

/** Micrometer: the pool gauges and the findings counter on the global registry. */
public final class MicrometerExport {
  private MicrometerExport() {}

  /** The library was found in {@code loader}: link the bridge there and add its sink. */
  public static void start(ExportContext context, ClassLoader loader) {
    // not built yet
  }
}
