package io.connlens.agent;

import io.connlens.agent.config.AgentConfig;
import io.connlens.agent.config.ConfigKeys;
import io.connlens.agent.control.ControlProtocol;
import io.connlens.agent.instrumentation.JdbcClassTrigger;
import io.connlens.agent.report.ConsoleSink;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;

/**
 * connlens started with the JVM, before anything of it is needed. At start-up only the configuration
 * is read (and its problems printed) and the JDBC trigger installed; the {@link AgentRuntime} (registry,
 * detectors, sinks, detection loop, JMX bean, the command line's mailbox) is made when the first JDBC
 * class loads, on that class's thread and before the instrumentation is built. A JVM that never uses
 * JDBC (a build tool, a CLI that inherits {@code JAVA_TOOL_OPTIONS}, a forked test JVM without a
 * database) makes none of it; at its exit it writes the report of a run that tracked nothing when
 * {@code report} asks for one, and prints nothing.
 *
 * <p>While it waits, {@link ControlProtocol#IDLE_PROPERTY} is set, so that the command line can say why
 * it gets no answer. This class refers to {@link AgentRuntime} only where it makes one, so that loading
 * it loads nothing of the runtime.
 */
final class DeferredRuntime {
  private final AgentConfig config;
  private final Instrumentation inst;
  private volatile AgentRuntime runtime;

  private DeferredRuntime(AgentConfig config, Instrumentation inst) {
    this.config = config;
    this.inst = inst;
  }

  /** Reads the configuration from {@code options} and the environment, then starts as the JVM's state asks. */
  static void start(String options, Instrumentation inst, boolean attached) {
    AgentConfig config = AgentConfig.fromSystem(options);
    for (String problem : config.problems()) {
      System.err.println(ConsoleSink.PREFIX + "configuration: " + problem);
    }
    if (!config.get(ConfigKeys.ENABLED)) {
      System.err.println(ConsoleSink.PREFIX + "disabled (enabled=false): nothing is instrumented");
      return;
    }
    if (attached) {
      AgentRuntime.startAttached(config, inst);
      return;
    }
    DeferredRuntime deferred = new DeferredRuntime(config, inst);
    System.setProperty(ControlProtocol.IDLE_PROPERTY, "waiting for the first JDBC class");
    // the first JDBC class makes the runtime, then Byte Buddy's instrumentation, on its own thread
    JdbcClassTrigger.install(inst, deferred::build, deferred::prepare, deferred::started, deferred::failed, false);
    Runtime.getRuntime().addShutdownHook(new Thread(deferred::onExit, "connlens-exit"));
  }

  /** The runtime, made and started on the first call. */
  private synchronized AgentRuntime awake() {
    AgentRuntime made = runtime;
    if (made == null) {
      made = AgentRuntime.up(config, inst, false);
      runtime = made;
      System.clearProperty(ControlProtocol.IDLE_PROPERTY);
    }
    return made;
  }

  private ClassFileTransformer build() {
    return awake().buildInstrumentation(inst);
  }

  private void prepare() {
    awake().prepareInstrumentation(inst, false);
  }

  private void started() {
    awake().instrumentationStarted(inst, false);
  }

  /** Building failed: told by the runtime when there is one, else (making it failed) printed here. */
  private void failed(Throwable failure) {
    AgentRuntime made = runtime;
    if (made != null) {
      made.instrumentationFailed(failure);
    } else {
      ConnlensAgent.printFailure("failed to start", failure, config.get(ConfigKeys.DEBUG), System.err);
    }
  }

  /**
   * The shutdown hook: the runtime's exit; never woken, the report of a run that tracked nothing when
   * one is configured, else nothing (no finding, nothing to print).
   */
  private void onExit() {
    AgentRuntime made = runtime;
    if (made == null) {
      if (config.get(ConfigKeys.REPORT) == null) {
        return;
      }
      try {
        made = AgentRuntime.forExit(config);
      } catch (RuntimeException | LinkageError e) {
        // the JVM is exiting: one line, never a shutdown hook's stack trace
        ConnlensAgent.printFailure("failed to write the report at exit", e, config.get(ConfigKeys.DEBUG), System.err);
        return;
      }
    }
    made.onExit();
  }
}
