package io.connlens.agent.cli;

import io.connlens.agent.config.AgentVersion;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar connlens-agent.jar VERB}: the command line. {@code list}, {@code attach},
 * {@code leases}, {@code watch}, {@code report} and {@code pools} reach a running JVM of this user
 * through the Attach API (nothing listens on a network port); {@code config} and {@code version}
 * describe the agent itself. Exit status: 0 done, 1 the work could not be done ({@link CliFailure}),
 * 2 bad usage.
 */
@Command(name = "connlens", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Finds the code that holds and leaks JDBC connections.", "",
        "As an agent: java -javaagent:connlens-agent.jar[=key=value,...] -jar app.jar",
        "On a running JVM: attach PID, then leases PID, watch PID, pools PID, report PID"},
    subcommands = {ListCommand.class, AttachCommand.class, LeasesCommand.class, WatchCommand.class,
        ReportCommand.class, PoolsCommand.class, ConfigCommand.class, VersionCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Every verb has its own --help. Exit status: 0 done, 1 could not be done, 2 bad usage."})
public final class Main implements Runnable {
  /** Exit status of a command whose work could not be done. */
  static final int FAILED = 1;
  /** Exit status of bad usage. */
  static final int USAGE = 2;

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  /** Runs a command and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a command; returns its exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    CommandLine commandLine = new CommandLine(new Main())
        .setOut(outWriter)
        .setErr(errWriter)
        .setExecutionExceptionHandler((failure, cmd, parsed) -> {
          if (failure instanceof CliFailure) {
            cmd.getErr().println("connlens: " + failure.getMessage());
            return FAILED;
          }
          throw failure;
        });
    try {
      return commandLine.execute(args);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  /** Without a verb: the usage. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"connlens " + AgentVersion.get()};
    }
  }
}
