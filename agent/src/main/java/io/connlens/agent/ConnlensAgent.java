package io.connlens.agent;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry point: {@code -javaagent:connlens-agent.jar[=options]} calls {@link #premain}, a
 * dynamic attach calls {@link #agentmain}. Neither ever throws: if premain threw, the JVM would abort,
 * and connlens must never stop an application from starting.
 */
public final class ConnlensAgent {
  /** Set once the agent runs in this JVM, so that a second attach does nothing. Not a configuration key. */
  static final String RUNNING_PROPERTY = "io.connlens.agent.running";

  private ConnlensAgent() {}

  /** Called by the JVM for {@code -javaagent}. */
  public static void premain(String options, Instrumentation inst) {
    start(options, inst, false);
  }

  /** Called by the JVM when the agent is attached to a running JVM. */
  public static void agentmain(String options, Instrumentation inst) {
    start(options, inst, true);
  }

  private static synchronized void start(String options, Instrumentation inst, boolean attached) {
    try {
      if (System.getProperty(RUNNING_PROPERTY) != null) {
        System.err.println("[connlens] already running in this JVM; ignoring the second start");
        return;
      }
      System.setProperty(RUNNING_PROPERTY, attached ? "attached" : "premain");
      // first, before any class refers to the hooks: they must be defined by the boot loader only
      BootstrapClasses.install(inst);
      AgentRuntime.start(options, inst, attached);
    } catch (Throwable t) {
      System.err.println("[connlens] failed to start; the application runs without connlens: " + t);
      t.printStackTrace();
    }
  }
}
