package io.connlens.agent.export.otel.extension;

import io.opentelemetry.javaagent.extension.AgentListener;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * connlens started as an OpenTelemetry Java agent extension
 * ({@code -Dotel.javaagent.extensions=connlens-agent.jar}): once that agent has installed its SDK, it
 * starts connlens exactly as {@code -javaagent:connlens-agent.jar} would, with the OpenTelemetry
 * agent's {@link Instrumentation}. The OpenTelemetry agent loads this class in its own extension class
 * loader, which sees neither the application nor the rest of connlens: so it only puts this jar on the
 * system class path, where a {@code -javaagent} jar lives, and calls connlens's premain there by name.
 * connlens's settings come from {@code -Dconnlens.*} and {@code CONNLENS_*}, as for any start.
 */
public final class OtelAgentExtension implements AgentListener {
  private static final String INSTRUMENTATION_HOLDER = "io.opentelemetry.javaagent.bootstrap.InstrumentationHolder";
  private static final String AGENT_CLASS = "io.connlens.agent.ConnlensAgent";

  /**
   * The jar this class came from, among {@code otel.javaagent.extensions} (files or directories, by
   * commas): the OpenTelemetry agent loads an extension through a URL of its own, not the file's.
   */
  static File connlensJar() {
    String extensions = System.getProperty("otel.javaagent.extensions");
    if (extensions == null) {
      extensions = System.getenv("OTEL_JAVAAGENT_EXTENSIONS");
    }
    if (extensions == null) {
      return null;
    }
    for (String entry : extensions.split(",")) {
      File file = new File(entry.trim());
      File[] candidates = file.isDirectory() ? file.listFiles((dir, name) -> name.endsWith(".jar")) : new File[] {file};
      for (File candidate : candidates == null ? new File[0] : candidates) {
        if (holdsConnlens(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  private static boolean holdsConnlens(File file) {
    if (!file.isFile()) {
      return false;
    }
    try (JarFile jar = new JarFile(file)) {
      return jar.getEntry(AGENT_CLASS.replace('.', '/') + ".class") != null;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Override
  public void afterAgent(AutoConfiguredOpenTelemetrySdk sdk) {
    try {
      Instrumentation inst = (Instrumentation) Class.forName(INSTRUMENTATION_HOLDER, true, null)
          .getMethod("getInstrumentation").invoke(null);
      if (inst == null) {
        System.err.println("[connlens] OpenTelemetry extension: the OpenTelemetry agent gave no Instrumentation;"
            + " connlens is not started (use -javaagent:connlens-agent.jar)");
        return;
      }
      File jar = connlensJar();
      if (jar == null) {
        System.err.println("[connlens] OpenTelemetry extension: connlens-agent.jar not found among"
            + " otel.javaagent.extensions; connlens is not started (use -javaagent:connlens-agent.jar)");
        return;
      }
      inst.appendToSystemClassLoaderSearch(new JarFile(jar));
      Class.forName(AGENT_CLASS, true, ClassLoader.getSystemClassLoader())
          .getMethod("premain", String.class, Instrumentation.class).invoke(null, null, inst);
    } catch (Exception | LinkageError e) {
      // never into the OpenTelemetry agent's start: the application runs, without connlens
      System.err.println("[connlens] OpenTelemetry extension: connlens is not started: " + e);
    }
  }
}
