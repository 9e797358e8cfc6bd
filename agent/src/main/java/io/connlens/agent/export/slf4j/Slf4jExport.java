package io.connlens.agent.export.slf4j;

import io.connlens.agent.export.ExportContext;

/** SLF4J: findings in the application's log. */
public final class Slf4jExport {
  private Slf4jExport() {}

  /** The library was found in {@code loader}: link the bridge there and add its sink. */
  public static void start(ExportContext context, ClassLoader loader) {
    // not built yet
  }
}
