package io.connlens.it;

import static org.assertj.core.api.Assertions.fail;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A test app JVM that is running. Whatever happens, it ends within {@link #DEADLINE} of its start:
 * then it is killed and the test fails with both outputs. The deadline only stops a hung app: a Spring
 * Boot app with Tomcat and Hibernate takes 10 to 20 s on the 2-core CI machine, and several times that
 * while the suite's other forks load it.
 */
final class RunningApp {
  static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final long POLL_MILLIS = 20;

  private final Process process;
  private final String title;
  private final String command;
  private final Path runDirectory;
  private final Path stdout;
  private final Path stderr;
  private final Path report;
  private final AgentHealth health;
  private final long deadlineNanos;

  RunningApp(Process process, String title, String command, Path runDirectory, Path stdout, Path stderr,
      Path report, AgentHealth health) {
    this.process = process;
    this.title = title;
    this.command = command;
    this.runDirectory = runDirectory;
    this.stdout = stdout;
    this.stderr = stderr;
    this.report = report;
    this.health = health;
    this.deadlineNanos = System.nanoTime() + DEADLINE.toNanos();
  }

  /** Waits until the app prints {@code line} alone on a stdout line; fails if it exits or the deadline passes. */
  RunningApp awaitStdoutLine(String line) {
    return awaitLine(stdout, "stdout", line, line::equals);
  }

  /**
   * Waits until the app prints a stderr line starting with {@code prefix} (where the agent, SLF4J
   * Simple and java.util.logging write); fails if it exits or the deadline passes.
   */
  RunningApp awaitStderrLineStartingWith(String prefix) {
    return awaitLine(stderr, "stderr", "a line starting with " + prefix, line -> line.startsWith(prefix));
  }

  private RunningApp awaitLine(Path file, String name, String line, java.util.function.Predicate<String> wanted) {
    while (true) {
      if (read(file).lines().anyMatch(wanted)) {
        return this;
      }
      if (!process.isAlive()) {
        fail("the app exited (status " + process.exitValue() + ") without printing " + line + " on " + name
            + "\n" + describe());
      }
      if (System.nanoTime() - deadlineNanos >= 0) {
        kill();
        fail("the app did not print " + line + " on " + name + " within " + DEADLINE.toSeconds() + " s\n"
            + describe());
      }
      sleep();
    }
  }

  /** Sends SIGTERM (on Unix {@link Process#destroy()} does), as a container runtime or kill(1) would. */
  RunningApp terminate() {
    process.destroy();
    return this;
  }

  /**
   * Waits for the exit, then checks what every run under the agent must show: a report that says
   * no advice error was suppressed and no class failed to instrument.
   */
  AppRun awaitExit() {
    try {
      long remaining = deadlineNanos - System.nanoTime();
      if (!process.waitFor(Math.max(0, remaining), TimeUnit.NANOSECONDS)) {
        kill();
        fail("the app did not exit within " + DEADLINE.toSeconds() + " s; killed\n" + describe());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      throw new IllegalStateException("interrupted while waiting for the app", e);
    }
    String out = read(stdout);
    String err = read(stderr);
    String reportText = Files.exists(report) ? read(report) : null;
    AppRun run = new AppRun(title, command, runDirectory, process.exitValue(), out, err, reportText);
    run.assertAgent(health);
    return run;
  }

  /**
   * Loads the agent jar under test into the running app through the Attach API, as
   * {@code connlens attach} will, with these options; returns this app.
   */
  RunningApp attachAgent(String options) {
    try {
      VirtualMachine vm = VirtualMachine.attach(String.valueOf(process.pid()));
      try {
        vm.loadAgent(AppLauncher.agentJar().toString(), options);
      } finally {
        vm.detach();
      }
      return this;
    } catch (AttachNotSupportedException | IOException | AgentLoadException | AgentInitializationException e) {
      throw new IllegalStateException("could not attach to " + title + "\n" + describe(), e);
    }
  }

  /** Creates the file {@code attached} in the app's working directory: the apps wait for it after an attach. */
  RunningApp signalAttached() {
    return signal("attached");
  }

  /** Creates the file {@code name} in the app's working directory: the step the app waits for. */
  RunningApp signal(String name) {
    try {
      Files.createFile(runDirectory.resolve(name));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the app printed on stdout so far. */
  String stdout() {
    return read(stdout);
  }

  /** The app's process id. */
  long pid() {
    return process.pid();
  }

  /** The run's own directory, the app's working directory. */
  Path runDirectory() {
    return runDirectory;
  }

  /** Where the agent is asked to write the report ({@code report=} of the launch). */
  Path reportPath() {
    return report;
  }

  private void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String describe() {
    return AppRun.describe(title, command, runDirectory, null, read(stdout), read(stderr));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
