package io.connlens.agent.runtime;

import io.connlens.agent.export.ExportContext;
import io.connlens.agent.export.bridge.LibrarySpotter.Library;
import io.connlens.agent.export.micrometer.MicrometerExport;
import io.connlens.agent.export.otel.OpenTelemetryExport;
import io.connlens.agent.export.slf4j.Slf4jExport;
import io.connlens.bootstrap.ConnlensHooks;

/**
 * Starts the exporter of each library the application turns out to have, as
 * {@link io.connlens.agent.export.bridge.LibrarySpotter} finds it. Runs on the agent's own thread,
 * never the application's: linking a bridge loads classes. Part of the wiring, not of {@code export}:
 * each exporter depends on {@code export} ({@link ExportContext}), so {@code export} must not depend on them.
 */
public final class Exports {
  private final ExportContext context;

  public Exports(ExportContext context) {
    this.context = context;
  }

  /** {@code library} was loaded by {@code loader}, the first to load it. */
  public void libraryFound(Library library, ClassLoader loader) {
    try {
      switch (library) {
        case SLF4J:
          Slf4jExport.start(context, loader);
          break;
        case MICROMETER:
          MicrometerExport.start(context, loader);
          break;
        case OPENTELEMETRY_API:
          OpenTelemetryExport.applicationApi(context, loader);
          break;
        default:
          break;
      }
    } catch (RuntimeException | LinkageError e) {
      ConnlensHooks.suppressed(e); // that exporter is off; the others and the application go on
    }
  }
}
