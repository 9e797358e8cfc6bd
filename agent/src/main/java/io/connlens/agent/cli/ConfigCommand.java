package io.connlens.agent.cli;

import io.connlens.agent.config.ConfigDocs;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code config}: every configuration key, its default and what it does. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Every configuration key, its default and what it does.")
final class ConfigCommand implements Callable<Integer> {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(ConfigDocs.help());
    return 0;
  }
}
