package io.connlens.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.connlens.agent.control.ControlProtocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * A running JVM of this user, reached through the Attach API: its system properties (whether and how
 * connlens runs there), loading connlens into it, and asking the connlens running there through its
 * mailbox ({@link io.connlens.agent.control.ControlMailbox}). Every failure becomes a
 * {@link CliFailure} whose message says what to do.
 */
final class TargetJvm implements AutoCloseable {
  /** How long a request may wait for the agent's answer: it looks five times a second. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

  private final long pid;
  private final VirtualMachine vm;

  private TargetJvm(long pid, VirtualMachine vm) {
    this.pid = pid;
    this.vm = vm;
  }

  /** Attaches to {@code pid}, or explains why it cannot. */
  static TargetJvm attach(long pid) {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty()) {
      throw new CliFailure("no process " + pid + " (list shows the JVMs you may attach to)");
    }
    if (pid == ProcessHandle.current().pid()) {
      throw new CliFailure("pid " + pid + " is this command itself");
    }
    String me = System.getProperty("user.name");
    Optional<String> owner = process.get().info().user();
    if (owner.isPresent() && me != null && !owner.get().equals(me) && !me.equals("root")) {
      throw new CliFailure("pid " + pid + " runs as user " + owner.get() + ", this command as " + me
          + ": the Attach API lets only the same user in. Run it as that user, e.g. sudo -u " + owner.get()
          + " java -jar connlens-agent.jar ...");
    }
    try {
      return new TargetJvm(pid, VirtualMachine.attach(String.valueOf(pid)));
    } catch (AttachNotSupportedException | IOException e) {
      throw new CliFailure("cannot attach to pid " + pid + ": " + e.getMessage() + "\n" + whyAttachFails());
    }
  }

  /** What usually keeps an attach out, and what to do about each. */
  static String whyAttachFails() {
    return "  - it is not a HotSpot/OpenJDK JVM, or it is still starting or stuck (no safepoint reached): try again;\n"
        + "  - it runs as another user: run this command as that user;\n"
        + "  - it was started with -XX:+DisableAttachMechanism: restart it with -javaagent:connlens-agent.jar instead;\n"
        + "  - its /tmp/.java_pid<pid> socket was removed (a tmp cleaner such as systemd-tmpfiles): restart it,"
        + " or start it with -javaagent;\n"
        + "  - it runs in a container: run this command inside the container (docker exec), with the jar there.";
  }

  long pid() {
    return pid;
  }

  /** The JVM's system properties now. */
  Properties properties() {
    try {
      return vm.getSystemProperties();
    } catch (IOException e) {
      throw new CliFailure("pid " + pid + " stopped answering: " + e.getMessage());
    }
  }

  /** How connlens runs in the JVM ({@code premain}, {@code attached}), or {@code null} when it does not. */
  String connlensRunning() {
    return properties().getProperty(ControlProtocol.RUNNING_PROPERTY);
  }

  /** The JVM's Java feature version ({@code 17}, {@code 25}), or 0 when it does not say. */
  int javaFeatureVersion() {
    String spec = properties().getProperty("java.specification.version", "0");
    try {
      return Integer.parseInt(spec.startsWith("1.") ? spec.substring(2) : spec);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Loads the agent jar into the JVM with {@code options}, passed as they are. */
  void loadAgent(Path agentJar, String options) {
    try {
      vm.loadAgent(agentJar.toString(), options);
    } catch (AgentLoadException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("EnableDynamicAgentLoading") || message.contains("not enabled")) {
        throw new CliFailure("pid " + pid + " refuses agents loaded while it runs (-XX:-EnableDynamicAgentLoading):"
            + " restart it with -javaagent:" + agentJar + " (and -XX:+EnableDynamicAgentLoading if you want to attach later)");
      }
      throw new CliFailure("pid " + pid + " refused the agent: " + message);
    } catch (AgentInitializationException e) {
      throw new CliFailure("connlens failed to start in pid " + pid + " (status " + e.returnValue()
          + "); its standard error says why");
    } catch (IOException e) {
      throw new CliFailure("pid " + pid + " stopped answering while connlens was loading: " + e.getMessage());
    }
  }

  /**
   * Asks connlens in the JVM; returns the body of its answer.
   *
   * @throws CliFailure when connlens does not run there, does not answer within {@link #ANSWER_TIMEOUT}, or answers an error
   */
  String request(String verb, Map<String, String> options) {
    Properties properties = properties();
    if (properties.getProperty(ControlProtocol.RUNNING_PROPERTY) == null) {
      throw new CliFailure("connlens is not running in pid " + pid + ": load it first with"
          + " java -jar connlens-agent.jar attach " + pid);
    }
    String mailbox = properties.getProperty(ControlProtocol.MAILBOX_PROPERTY);
    if (mailbox == null && properties.getProperty(ControlProtocol.IDLE_PROPERTY) != null) {
      throw new CliFailure("connlens in pid " + pid + " is idle: the JVM has loaded no JDBC class yet, so it has"
          + " no connection, pool or finding to show (connlens starts tracking at the first JDBC class)");
    }
    if (mailbox == null) {
      throw new CliFailure("connlens " + properties.getProperty(ControlProtocol.VERSION_PROPERTY, "(an older version)")
          + " in pid " + pid + " does not answer the command line yet: it started less than a second ago,"
          + " or it is a version without it, or it could not create its directory in java.io.tmpdir");
    }
    return ControlProtocol.body(exchange(Path.of(mailbox), new ControlProtocol.Request(verb, options)));
  }

  /** Drops the request in the mailbox and waits for the answer; the request is removed if none comes. */
  private String exchange(Path mailbox, ControlProtocol.Request request) {
    String id = UUID.randomUUID().toString();
    Path requestFile = mailbox.resolve(ControlProtocol.requestFile(id));
    Path responseFile = mailbox.resolve(ControlProtocol.responseFile(id));
    Path temp = mailbox.resolve(id + ".writing");
    try {
      Files.write(temp, request.text().getBytes(StandardCharsets.UTF_8));
      try {
        Files.move(temp, requestFile, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, requestFile);
      }
    } catch (NoSuchFileException e) {
      throw new CliFailure("connlens's directory " + mailbox + " in pid " + pid + " is gone (removed by a tmp"
          + " cleaner?): restart the JVM, or attach again after a restart");
    } catch (IOException e) {
      throw new CliFailure("cannot write to connlens's directory " + mailbox + ": " + e);
    }
    long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        if (Files.exists(responseFile)) {
          String response = new String(Files.readAllBytes(responseFile), StandardCharsets.UTF_8);
          Files.deleteIfExists(responseFile);
          return response;
        }
        Thread.sleep(20); // the CLI's own poll of a file another process writes; bounded by the deadline
      }
      Files.deleteIfExists(requestFile);
    } catch (IOException e) {
      throw new CliFailure("cannot read connlens's answer in " + mailbox + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted");
    }
    throw new CliFailure("connlens in pid " + pid + " did not answer within " + ANSWER_TIMEOUT.toSeconds()
        + " s: the JVM may be suspended, out of CPU, or in a long garbage collection");
  }

  @Override
  public void close() {
    try {
      vm.detach();
    } catch (IOException e) {
      // gone already: nothing to let go of
    }
  }
}
