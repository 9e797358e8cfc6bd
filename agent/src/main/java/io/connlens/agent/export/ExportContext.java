package io.connlens.agent.export;

import io.connlens.agent.config.AgentConfig;
import io.connlens.agent.config.ConfigKeys;
import io.connlens.agent.report.FindingLog;
import io.connlens.agent.report.LogOutput;
import io.connlens.agent.report.Sink;
import java.util.function.Consumer;

/**
 * What an exporter that starts late, when its library appears, may use of the running agent: the
 * configuration, a way to add its sink (told of findings, snapshots and the exit from then on), and
 * the finding warnings, to which the application's log is handed.
 */
public final class ExportContext {
  private final AgentConfig config;
  private final Consumer<Sink> addSink;
  private final Consumer<FindingLog> slf4jFound;

  public ExportContext(AgentConfig config, Consumer<Sink> addSink, Consumer<FindingLog> slf4jFound) {
    this.config = config;
    this.addSink = addSink;
    this.slf4jFound = slf4jFound;
  }

  /** The agent's configuration. */
  public AgentConfig config() {
    return config;
  }

  /** Adds {@code sink} to the running agent. */
  public void addSink(Sink sink) {
    addSink.accept(sink);
  }

  /** Whether finding warnings may go to the application's SLF4J ({@code log.output} is not {@code stderr}). */
  public boolean wantsSlf4j() {
    return LogOutput.of(config.get(ConfigKeys.LOG_OUTPUT)).toSlf4j();
  }

  /** The application's SLF4J, through its bridge: the finding warnings write there once it is ready. */
  public void slf4jFound(FindingLog log) {
    slf4jFound.accept(log);
  }
}
