package io.connlens.it;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent jar's command line as a responder runs it: {@code java -jar connlens-agent.jar VERB ...},
 * in a process of its own, on a given JDK; what it printed and its exit status.
 */
final class ConnlensCli {
  /** The longest one command may take (list attaches to every JVM; watch runs its frames). */
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private ConnlensCli() {}

  /** What one command printed, and its status. */
  record Result(String command, int exitStatus, String stdout, String stderr) {
    /** The command, its status and its output, for assertion messages. */
    String context() {
      return "$ " + command + "\nexit status " + exitStatus + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  /** Runs {@code java -jar connlens-agent.jar args...} with {@code jdk}, in {@code directory}. */
  static Result run(Jdk jdk, Path directory, String... args) {
    return start(javaJar(jdk, args), directory, String.join(" ", args));
  }

  /**
   * The same in a pseudo-terminal, as a responder's shell runs it: util-linux {@code script}, whose
   * standard output (the terminal's, in {@code Result.stdout}) holds what the command drew.
   */
  static Result runInTerminal(Jdk jdk, Path directory, String... args) {
    StringBuilder shell = new StringBuilder();
    for (String part : javaJar(jdk, args)) {
      shell.append(shell.length() == 0 ? "" : " ").append('\'').append(part.replace("'", "'\\''")).append('\'');
    }
    return start(List.of("script", "-qefc", shell.toString(), "/dev/null"), directory, String.join(" ", args) + " (in a terminal)");
  }

  private static List<String> javaJar(Jdk jdk, String... args) {
    List<String> command = new ArrayList<>();
    command.add(jdk.javaLauncher().toString());
    command.add("-jar");
    command.add(AppLauncher.agentJar().toString());
    command.addAll(List.of(args));
    return command;
  }

  private static Result start(List<String> command, Path directory, String shown) {
    try {
      Path out = Files.createTempFile(directory, "cli-", ".out");
      Path err = Files.createTempFile(directory, "cli-", ".err");
      ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().keySet().removeIf(name -> name.startsWith("CONNLENS_") || name.equals("JAVA_TOOL_OPTIONS")
          || name.equals("JDK_JAVA_OPTIONS") || name.equals("_JAVA_OPTIONS"));
      Process process = builder.start();
      if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("the command line did not end within " + DEADLINE.toSeconds() + " s: " + String.join(" ", command)
            + "\n" + Files.readString(out) + "\n" + Files.readString(err));
      }
      return new Result(shown, process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
