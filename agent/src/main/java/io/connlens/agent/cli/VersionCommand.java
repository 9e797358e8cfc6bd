package io.connlens.agent.cli;

import io.connlens.agent.config.AgentVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code version}: the agent's version, as {@code --version} prints it. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "The agent's version.")
final class VersionCommand implements Callable<Integer> {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println("connlens " + AgentVersion.get());
    return 0;
  }
}
