package io.connlens.agent.export;

import io.connlens.agent.config.AgentConfig;
import io.connlens.agent.report.Sink;
import java.util.function.Consumer;

/**
 * What an exporter that starts late, when its library appears, may use of the running agent: the
 * configuration, and a way to add its sink (told of findings, snapshots and the exit from then on).
 */
public final class ExportContext {
  private final AgentConfig config;
  private final Consumer<Sink> addSink;

  public ExportContext(AgentConfig config, Consumer<Sink> addSink) {
    this.config = config;
    this.addSink = addSink;
  }

  /** The agent's configuration. */
  public AgentConfig config() {
    return config;
  }

  /** Adds {@code sink} to the running agent. */
  public void addSink(Sink sink) {
    addSink.accept(sink);
  }
}
