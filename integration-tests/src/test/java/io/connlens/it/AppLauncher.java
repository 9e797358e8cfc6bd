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
 * {@code <jdk>/bin/java -javaagent:<agent jar>=report=<file>,<args> -cp <app> <main> <scenario> <url>}
 * ({@code -jar <app>} instead of {@code -cp <app> <main>} for a fat jar, see {@link TestApp.Launch}),
 * with stdout and stderr going to files in a fresh run directory under {@value #RUNS_PROPERTY}.
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
  private final List<String> jvmOptions = new ArrayList<>();
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

  /** JVM options before the app's launch arguments, e.g. {@code -XX:+DisableAttachMechanism}. */
  AppLauncher jvmOptions(String... options) {
    jvmOptions.addAll(List.of(options));
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

    String allAgentArgs = "report=" + report + (agentArgs.isEmpty() ? "" : "," + agentArgs);
    List<String> command = new ArrayList<>();
    command.add(target.jdk().javaLauncher().toString());
    command.addAll(jvmOptions);
    if (withAgent) {
      command.add("-javaagent:" + agentJar() + "=" + allAgentArgs);
    }
    command.addAll(app.launchArguments(target.hikari()));
    if (target.pool() != null) {
      command.add(target.pool().argument()); // the pools app: POOL SCENARIO URL
    }
    command.add(scenario);
    command.add(jdbcUrl);

    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(runDirectory.toFile())
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile());
    // the app sees only the configuration the test gives it
    builder.environment().keySet().removeIf(name -> name.startsWith("CONNLENS_")
        || name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS")
        || name.equals("_JAVA_OPTIONS"));
    try {
      Files.writeString(runDirectory.resolve("command.txt"), String.join(" ", command) + "\n");
      String title = app + " " + scenario + " on " + target
          + (agentArgs.isEmpty() ? "" : ", agent args " + agentArgs);
      return new RunningApp(builder.start(), title, String.join(" ", command), runDirectory, stdout,
          stderr, report, health);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
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
