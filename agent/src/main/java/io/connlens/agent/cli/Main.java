package io.connlens.agent.cli;

import io.connlens.agent.config.AgentVersion;
import io.connlens.agent.config.ConfigDocs;
import java.io.PrintStream;

/**
 * {@code java -jar connlens-agent.jar COMMAND}: the command line. Today it explains how to use the
 * agent; attaching to a running JVM comes with the live-view work.
 */
public final class Main {
  private Main() {}

  /** Runs a command; exits 0 on success, 2 on a usage error. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    String command = args.length == 0 ? "help" : args[0];
    switch (command) {
      case "help":
      case "--help":
      case "-h":
        out.print(usage());
        return 0;
      case "version":
      case "--version":
        out.println("connlens " + AgentVersion.get());
        return 0;
      case "config":
        out.print(ConfigDocs.help());
        return 0;
      default:
        err.println("connlens: unknown command '" + command + "'");
        err.print(usage());
        return 2;
    }
  }

  static String usage() {
    return "connlens " + AgentVersion.get() + ": finds the code that leaks JDBC connections\n"
        + "\n"
        + "Use it as an agent:\n"
        + "  java -javaagent:connlens-agent.jar[=key=value,...] -jar your-app.jar\n"
        + "\n"
        + "Commands:\n"
        + "  help       this text\n"
        + "  version    the agent's version\n"
        + "  config     every configuration key, its default and what it does\n";
  }
}
