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
      File jar = new File(OtelAgentExtension.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      inst.appendToSystemClassLoaderSearch(new JarFile(jar));
      Class.forName(AGENT_CLASS, true, ClassLoader.getSystemClassLoader())
          .getMethod("premain", String.class, Instrumentation.class).invoke(null, null, inst);
    } catch (Exception | LinkageError e) {
      // never into the OpenTelemetry agent's start: the application runs, without connlens
      System.err.println("[connlens] OpenTelemetry extension: connlens is not started: " + e);
    }
  }
}
