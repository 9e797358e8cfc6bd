package io.connlens.agent.export.otel;

import io.connlens.agent.export.ExportContext;

/** OpenTelemetry: lease spans, findings as log records, pool metrics. */
public final class OpenTelemetryExport {
  private OpenTelemetryExport() {}

  /** The application's own OpenTelemetry API was found in {@code loader}. */
  public static void applicationApi(ExportContext context, ClassLoader loader) {
    // not built yet
  }
}
