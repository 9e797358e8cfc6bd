package io.connlens.agent;

import io.connlens.agent.config.AgentConfig;
import io.connlens.agent.config.AgentVersion;
import io.connlens.agent.config.ConfigKeys;
import io.connlens.agent.control.ControlProtocol;
import io.connlens.agent.text.PrintableText;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;

/**
 * The agent's entry point: {@code -javaagent:connlens-agent.jar[=options]} calls {@link #premain}, a
 * dynamic attach calls {@link #agentmain}. Neither ever throws: if premain threw, the JVM would abort,
 * and connlens must never stop an application from starting.
 *
 * <p>What start-up prints, on standard error, is one line per condition and never a stack trace
 * unless {@code debug=true}: nothing at all in a JVM without the {@code java.sql} module (a tool such
 * as {@code jcmd} started with the agent in {@code JAVA_TOOL_OPTIONS}); one line for a second start
 * in the same JVM; one line, and with {@code debug=true} the stack trace, for a failure to start.
 *
 * <p>This class refers to no {@code java.sql} type, and neither does the configuration it reads
 * before the module check: in a JVM without the module, loading such a type fails.
 */
public final class ConnlensAgent {
  /** Set once the agent runs in this JVM, so that a second attach does nothing. Not a configuration key. */
  static final String RUNNING_PROPERTY = ControlProtocol.RUNNING_PROPERTY;

  private static final String PREFIX = "[connlens] ";
  private static final String JDBC_MODULE = "java.sql";

  private ConnlensAgent() {}

  /** Called by the JVM for {@code -javaagent}. */
  public static void premain(String options, Instrumentation inst) {
    start(options, inst, false, ModuleLayer.boot(), System.err);
  }

  /** Called by the JVM when the agent is attached to a running JVM. */
  public static void agentmain(String options, Instrumentation inst) {
    start(options, inst, true, ModuleLayer.boot(), System.err);
  }

  static synchronized void start(String options, Instrumentation inst, boolean attached, ModuleLayer bootLayer,
      PrintStream err) {
    try {
      String reason = reasonNotToInstall(bootLayer);
      if (reason != null) {
        if (debug(options)) {
          err.println(PREFIX + reason);
        }
        return;
      }
      if (System.getProperty(RUNNING_PROPERTY) != null) {
        err.println(PREFIX + "already running in this JVM; ignoring the second start");
        return;
      }
      System.setProperty(RUNNING_PROPERTY, attached ? "attached" : "premain");
      System.setProperty(ControlProtocol.VERSION_PROPERTY, AgentVersion.get());
      System.setProperty(ControlProtocol.STARTED_PROPERTY, String.valueOf(System.currentTimeMillis()));
      // first, before any class refers to the hooks: they must be defined by the boot loader only
      BootstrapClasses.install(inst);
      DeferredRuntime.start(options, inst, attached);
    } catch (Throwable t) {
      try {
        printFailure(t, debug(options), err);
      } catch (Throwable unprintable) {
        // a failure whose toString() throws: premain must return all the same
      }
    }
  }

  /**
   * Why connlens must not install in a JVM whose boot layer is {@code bootLayer}, as the one line
   * {@code debug=true} prints; {@code null} when it may install. Without {@code java.sql} in the boot
   * layer nothing in the JVM can open a JDBC connection, and the agent's own classes cannot load.
   */
  static String reasonNotToInstall(ModuleLayer bootLayer) {
    if (bootLayer.findModule(JDBC_MODULE).isPresent()) {
      return null;
    }
    return "not installed: this JVM has no " + JDBC_MODULE + " module, so nothing in it can open a JDBC"
        + " connection (a JDK tool such as jcmd, or an application whose module graph leaves "
        + JDBC_MODULE + " out)";
  }

  /** One line; the stack trace too when {@code debug}. */
  static void printFailure(Throwable failure, boolean debug, PrintStream err) {
    printFailure("failed to start", failure, debug, err);
  }

  /** One line saying {@code what} failed and that the application runs without connlens; the stack trace too when {@code debug}. */
  static void printFailure(String what, Throwable failure, boolean debug, PrintStream err) {
    err.println(PREFIX + PrintableText.escape(what + "; the application runs without connlens: " + failure)
        + (debug ? "" : " (debug=true prints the stack trace)"));
    if (debug) {
      failure.printStackTrace(err);
    }
  }

  /** The {@code debug} key, from the same sources as the rest of the configuration; false if unreadable. */
  private static boolean debug(String options) {
    try {
      return AgentConfig.fromSystem(options).get(ConfigKeys.DEBUG);
    } catch (Throwable t) {
      return false;
    }
  }
}
