package io.connlens.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts a test app in its own JVM under the real agent jar:
 * {@code <jdk>/bin/java <options> -javaagent:<agent jar>=report=<file>,<args> <options after> -cp <app> <main> <scenario> <url>}
 * ({@code -jar <app>} instead of {@code -cp <app> <main>} for a fat jar, see {@link TestApp.Launch}),
 * with stdout and stderr going to files in a fresh run directory under {@value #RUNS_PROPERTY}.
 * With the OpenTelemetry Java agent ({@link #otelAgent}) connlens runs beside it, in either order, or
 * as its extension.
 */
final class AppLauncher {
  static final String AGENT_JAR_PROPERTY = "connlens.agent.jar";
  static final String RUNS_PROPERTY = "connlens.it.runs.dir";

  private static final AtomicInteger RUN_NUMBER = new AtomicInteger();

  private final TestApp app;
  private final Target target;
  private String scenario;
  private String agentArgs = "";
  private String url;
  private boolean withAgent = true;
  private boolean asOtelExtension;
  private final List<String> jvmOptions = new ArrayList<>();
  private final List<String> jvmOptionsAfterAgent = new ArrayList<>();
  private AgentHealth health = AgentHealth.CLEAN;

  private AppLauncher(TestApp app, Target target) {
    this.app = app;
    this.target = target;
  }

  /** A launch of {@code app} on {@code target}'s JDK, database and HikariCP version or pool. */
  static AppLauncher of(TestApp app, Target target) {
    return new AppLauncher(app, target);
  }

  /** The scenario the app runs (its first argument). */
  AppLauncher scenario(String name) {
    this.scenario = name;
    return this;
  }

  /** Agent arguments besides {@code report}, e.g. {@code fail.on=leak,leak.threshold=300ms}. */
  AppLauncher agentArgs(String args) {
    this.agentArgs = args;
    return this;
  }

  /**
   * JVM options before connlens's {@code -javaagent} (and so before the app's launch arguments), e.g.
   * {@code -XX:+DisableAttachMechanism}, or another {@code -javaagent} that must start first.
   */
  AppLauncher jvmOptions(String... options) {
    return jvmOptions(List.of(options));
  }

  /** JVM options before connlens's {@code -javaagent}: see {@link #jvmOptions(String...)}. */
  AppLauncher jvmOptions(List<String> options) {
    jvmOptions.addAll(options);
    return this;
  }

  /**
   * JVM options after connlens's {@code -javaagent}, before the app's launch arguments: another
   * {@code -javaagent} that must start after connlens. The JVM runs agents' premain in command-line order.
   */
  AppLauncher jvmOptionsAfterAgent(List<String> options) {
    jvmOptionsAfterAgent.addAll(options);
    return this;
  }

  /**
   * Loads connlens as an extension of the OpenTelemetry Java agent instead of with its own
   * {@code -javaagent}: {@code -Dotel.javaagent.extensions=<connlens jar>}, and its settings ({@code report}
   * and {@link #agentArgs}) as {@code -Dconnlens.<key>} system properties, as a user of extension mode
   * would give them. The OTel agent's {@code -javaagent} must be among the {@link #jvmOptions}.
   */
  AppLauncher asOtelExtension() {
    this.asOtelExtension = true;
    return this;
  }

  /**
   * Runs the app with the OpenTelemetry Java agent, configured by {@code otelOptions} (its
   * {@code -javaagent} and settings, see {@link OtelAgent#exportingTo}), placed as {@code placement} says.
   * {@link OtelAgent.Placement#ALONE} starts no connlens and expects no report.
   */
  AppLauncher otelAgent(OtelAgent.Placement placement, List<String> otelOptions) {
    switch (placement) {
      case ALONE -> withoutAgent().expect(AgentHealth.NO_REPORT).jvmOptions(otelOptions);
      case BEFORE_CONNLENS -> jvmOptions(otelOptions);
      case AFTER_CONNLENS -> jvmOptionsAfterAgent(otelOptions);
      case CONNLENS_AS_EXTENSION -> jvmOptions(otelOptions).asOtelExtension();
      default -> throw new AssertionError(placement);
    }
    return this;
  }

  /** Runs against this URL instead of the target database's. */
  AppLauncher url(String jdbcUrl) {
    this.url = jdbcUrl;
    return this;
  }

  /**
   * Starts the JVM without {@code -javaagent}: the test attaches connlens later, or checks that the
   * app behaves the same without it. The run then expects a report only if the attach asks for one.
   */
  AppLauncher withoutAgent() {
    this.withAgent = false;
    return this;
  }

  /** What the run's report must say of the agent's health, instead of "no error of any kind". */
  AppLauncher expect(AgentHealth expected) {
    this.health = expected;
    return this;
  }

  /** Runs the app to its exit (60 s at most) and checks the agent's health in its report. */
  AppRun run() {
    return start().awaitExit();
  }

  /** Starts the app; the caller decides when it should end. */
  RunningApp start() {
    if (scenario == null) {
      throw new IllegalStateException("no scenario");
    }
    String jdbcUrl = url != null ? url : target.database().url();
    Path runDirectory = newRunDirectory();
    Path report = runDirectory.resolve("connlens-report.json");
    Path stdout = runDirectory.resolve("stdout.txt");
    Path stderr = runDirectory.resolve("stderr.txt");

    List<String> command = command(report, jdbcUrl);
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(runDirectory.toFile())
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile());
    // the app sees only the configuration the test gives it (OTEL_*: the OpenTelemetry agent's too)
    builder.environment().keySet().removeIf(name -> name.startsWith("CONNLENS_") || name.startsWith("OTEL_")
        || name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS")
        || name.equals("_JAVA_OPTIONS"));
    try {
      Files.writeString(runDirectory.resolve("command.txt"), String.join(" ", command) + "\n");
      String title = app + " " + scenario + " on " + target
          + (agentArgs.isEmpty() ? "" : ", agent args " + agentArgs)
          + (withAgent && asOtelExtension ? ", connlens as the OpenTelemetry agent's extension" : "");
      return new RunningApp(builder.start(), title, String.join(" ", command), runDirectory, stdout,
          stderr, report, health);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /**
   * Every app JVM's first options: the suite starts hundreds of JVMs that live seconds, two at a time
   * on a 2-core machine, where the JIT's optimizing compiler and G1's threads took much of the CPU
   * (load average 7 over a whole run). C1 only and the serial collector change how fast the code
   * runs, never what it does, nor what the agent sees; a test that passes its own options after
   * these (a collector, a heap) wins. {@code -Dconnlens.it.shortLivedJvms=false} leaves them out.
   */
  static final List<String> SHORT_LIVED_JVM_OPTIONS =
      Boolean.parseBoolean(System.getProperty("connlens.it.shortLivedJvms", "true"))
          ? List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
          : List.of();

  /** The command line of a run whose report goes to {@code report}: the JDK's java, the options, the app. */
  List<String> command(Path report, String jdbcUrl) {
    String allAgentArgs = "report=" + report + (agentArgs.isEmpty() ? "" : "," + agentArgs);
    List<String> command = new ArrayList<>();
    command.add(target.jdk().javaLauncher().toString());
    command.addAll(SHORT_LIVED_JVM_OPTIONS);
    command.addAll(jvmOptions);
    if (withAgent && asOtelExtension) {
      command.add("-Dotel.javaagent.extensions=" + agentJar());
      command.addAll(asSystemProperties(allAgentArgs));
    } else if (withAgent) {
      command.add("-javaagent:" + agentJar() + "=" + allAgentArgs);
    }
    command.addAll(jvmOptionsAfterAgent);
    command.addAll(app.launchArguments(target.hikari()));
    if (target.pool() != null) {
      command.add(target.pool().argument()); // the pools app: POOL SCENARIO URL
    }
    command.add(scenario);
    command.add(jdbcUrl);
    return command;
  }

  /**
   * Agent arguments as {@code -Dconnlens.<key>=<value>} options, split as the agent splits them
   * (docs/configuration.md): a comma-separated part without {@code =} continues the previous value.
   */
  static List<String> asSystemProperties(String agentArguments) {
    List<String> keys = new ArrayList<>();
    List<StringBuilder> values = new ArrayList<>();
    for (String part : agentArguments.split(",")) {
      int equals = part.indexOf('=');
      if (equals < 0) {
        if (!values.isEmpty() && !part.isBlank()) {
          values.get(values.size() - 1).append(',').append(part.trim());
        }
      } else {
        keys.add(part.substring(0, equals).trim());
        values.add(new StringBuilder(part.substring(equals + 1).trim()));
      }
    }
    List<String> properties = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      properties.add("-Dconnlens." + keys.get(i) + "=" + values.get(i));
    }
    return properties;
  }

  private Path newRunDirectory() {
    String runs = System.getProperty(RUNS_PROPERTY, "target/it-runs");
    String name = String.format("%03d-%s-%s-%s", RUN_NUMBER.incrementAndGet(), app, scenario,
        target).toLowerCase().replaceAll("[^a-z0-9.-]+", "-");
    try {
      Path directory = Path.of(runs).toAbsolutePath().resolve(name);
      Files.createDirectories(directory);
      try (var old = Files.walk(directory)) {
        // left by an earlier mvn run, files and directories (an OSGi cache, a module repository)
        for (Path path : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
          if (!path.equals(directory)) {
            Files.delete(path);
          }
        }
      }
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a run directory under " + runs, e);
    }
  }

  /** The agent jar under test. */
  static Path agentJar() {
    String configured = System.getProperty(AGENT_JAR_PROPERTY);
    if (configured == null) {
      throw new IllegalStateException("system property " + AGENT_JAR_PROPERTY
          + " is not set: run the integration tests through Maven (mvn verify)");
    }
    Path jar = Path.of(configured).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no agent jar at " + jar + ": build it first (mvn package)");
    }
    return jar;
  }
}
