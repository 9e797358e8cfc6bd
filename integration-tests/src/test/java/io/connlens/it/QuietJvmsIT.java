package io.connlens.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With the agent in {@code JAVA_TOOL_OPTIONS} every JVM on the machine loads it, JDK tools included.
 * In a JVM whose boot layer has no {@code java.sql} module (jcmd, an application that leaves the
 * module out) the agent installs nothing and says nothing, and with {@code debug=true} one line. In a
 * JVM that has it but never loads a JDBC class, the agent starts but never makes its runtime or builds
 * its instrumentation; it still writes the report it is asked for, at exit.
 */
@DisplayName("quiet JVMs")
class QuietJvmsIT {
  /** What the JVM itself prints when it reads JAVA_TOOL_OPTIONS: not the agent's output. */
  private static final String PICKED_UP = "Picked up JAVA_TOOL_OPTIONS: ";
  private static final String NOT_INSTALLED = "[connlens] not installed: this JVM has no java.sql module";
  private static final AtomicInteger RUN_NUMBER = new AtomicInteger();
  /** Byte Buddy's agent builder, as the class loading log names it: loaded only to build the instrumentation. */
  private static final String BYTE_BUDDY_AGENT_BUILDER = " io.connlens.agent.shaded.net.bytebuddy.agent.builder.AgentBuilder ";

  static List<Jdk> everyJdk() {
    return Jdk.underTest();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void jcmdPrintsOnlyItsOwnOutput(Jdk jdk) {
    List<String> jcmd = List.of(jdk.home().resolve("bin").resolve("jcmd").toString(), "-h");
    // given jcmd's output without the agent
    Output without = run("jcmd", jdk, jcmd, null);
    assertThat(without.stdout() + without.stderr()).as(without.context()).contains("jcmd");
    // when the agent is in JAVA_TOOL_OPTIONS
    Output run = run("jcmd", jdk, jcmd, "-javaagent:" + AppLauncher.agentJar());
    // then jcmd printed what it prints without it, and the JVM's own "Picked up" line
    assertThat(run.exitStatus()).as(run.context()).isEqualTo(without.exitStatus());
    assertThat(run.stdout()).as(run.context()).isEqualTo(without.stdout());
    assertThat(run.stderrWithoutPickedUp()).as(run.context()).isEqualTo(without.stderr());
    assertThat(run.stderr()).as(run.context()).contains(PICKED_UP);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void withDebugJcmdHearsOneLineSayingWhy(Jdk jdk) {
    List<String> jcmd = List.of(jdk.home().resolve("bin").resolve("jcmd").toString(), "-h");
    Output without = run("jcmd-debug", jdk, jcmd, null);
    Output run = run("jcmd-debug", jdk, jcmd, "-javaagent:" + AppLauncher.agentJar() + "=debug=true");
    assertThat(run.agentLines()).as(run.context()).singleElement().asString().startsWith(NOT_INSTALLED);
    assertThat(run.stdout()).as(run.context()).isEqualTo(without.stdout());
    assertThat(run.stderrWithoutPickedUp()).as(run.context())
        .isEqualTo(run.agentLines().get(0) + "\n" + without.stderr());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void anApplicationWithoutJavaSqlPrintsOnlyItsOwnOutput(Jdk jdk) {
    // given an application whose module graph is java.base alone
    List<String> app = limitedToJavaBase(jdk);
    // when it runs with the agent in JAVA_TOOL_OPTIONS
    Output run = run("no-java-sql", jdk, app, "-javaagent:" + AppLauncher.agentJar());
    // then it ran, and only it and the JVM's "Picked up" line printed anything
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).isEqualTo(NoJdbcMain.GREETING + "\n");
    assertThat(run.stderrWithoutPickedUp()).as(run.context()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void withDebugAnApplicationWithoutJavaSqlHearsOneLineSayingWhy(Jdk jdk) {
    // a bad value too: a JVM the agent does not install in has nothing to warn about
    Output run = run("no-java-sql-debug", jdk, limitedToJavaBase(jdk),
        "-javaagent:" + AppLauncher.agentJar() + "=debug=true,leak.threshold=soon");
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).isEqualTo(NoJdbcMain.GREETING + "\n");
    assertThat(run.agentLines()).as(run.context()).singleElement().asString().startsWith(NOT_INSTALLED);
    assertThat(run.stderrWithoutPickedUp().lines()).as(run.context()).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void theSameApplicationWithJavaSqlGetsTheAgent(Jdk jdk) throws IOException {
    // the control: without --limit-modules the boot layer has java.sql, and the agent installs
    Path report = newRunDirectory("with-java-sql", jdk).resolve("report.json");
    List<String> app = List.of(jdk.javaLauncher().toString(), "-cp", testClasses().toString(),
        NoJdbcMain.class.getName());
    Output run = run("with-java-sql", jdk, app, "-javaagent:" + AppLauncher.agentJar() + "=report=" + report);
    assertThat(run.exitStatus()).as(run.context()).isZero();
    assertThat(run.stdout()).as(run.context()).isEqualTo(NoJdbcMain.GREETING + "\n");
    assertThat(report).as(run.context()).exists();
    assertThat(Report.parse(Files.readString(report)).leasesOpened()).as(run.context()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void aJvmThatNeverLoadsAJdbcClassNeverLoadsByteBuddysInstrumentation(Jdk jdk) throws IOException {
    // given the class loading log of a JVM that never touches JDBC, and of one that only asks DriverManager
    Path quietLog = newRunDirectory("no-jdbc-class-log", jdk).resolve("classes.txt");
    Output quiet = run("no-jdbc-class", jdk, List.of(jdk.javaLauncher().toString(), "-Xlog:class+load:file=" + quietLog,
        "-cp", testClasses().toString(), NoJdbcMain.class.getName()), "-javaagent:" + AppLauncher.agentJar());
    Path jdbcLog = newRunDirectory("driver-manager-class-log", jdk).resolve("classes.txt");
    Output jdbc = run("driver-manager", jdk, List.of(jdk.javaLauncher().toString(), "-Xlog:class+load:file=" + jdbcLog,
        "-cp", testClasses().toString(), DriverManagerMain.class.getName()), "-javaagent:" + AppLauncher.agentJar());
    assertThat(quiet.exitStatus()).as(quiet.context()).isZero();
    assertThat(jdbc.exitStatus()).as(jdbc.context()).isZero();
    assertThat(jdbc.stdout()).as(jdbc.context()).startsWith(DriverManagerMain.GREETING);
    // then both started the agent; only the one that used JDBC made its runtime and built the instrumentation
    String quietClasses = Files.readString(quietLog);
    String jdbcClasses = Files.readString(jdbcLog);
    assertThat(quietClasses).as(quiet.context()).contains(" io.connlens.agent.DeferredRuntime ");
    assertThat(quietClasses).as(quiet.context()).doesNotContain(BYTE_BUDDY_AGENT_BUILDER)
        .doesNotContain(" io.connlens.agent.instrumentation.Instrumenter ")
        .doesNotContain(" io.connlens.agent.AgentRuntime ")
        .doesNotContain(" io.connlens.agent.registry.LeaseRegistry ");
    assertThat(jdbcClasses).as(jdbc.context()).contains(BYTE_BUDDY_AGENT_BUILDER)
        .contains(" io.connlens.agent.instrumentation.Instrumenter ")
        .contains(" io.connlens.agent.AgentRuntime ");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyJdk")
  void theCommandLineSaysWhyAnAgentWaitingForJdbcHasNothingToShow(Jdk jdk) throws Exception {
    // given a JVM started with the agent that has loaded no JDBC class, waiting on its standard input
    Path directory = newRunDirectory("idle-cli", jdk);
    Path stdout = directory.resolve("stdout.txt");
    ProcessBuilder builder = new ProcessBuilder(jdk.javaLauncher().toString(), "-javaagent:" + AppLauncher.agentJar(),
        "-cp", testClasses().toString(), WaitingMain.class.getName())
        .directory(directory.toFile()).redirectOutput(stdout.toFile()).redirectError(directory.resolve("stderr.txt").toFile());
    withoutJavaOptionsFromTheEnvironment(builder);
    Process idle = builder.start();
    try {
      long deadline = System.nanoTime() + RunningApp.DEADLINE.toNanos();
      while (!read(stdout).contains(WaitingMain.READY) && idle.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20); // polling its output file with a deadline: the process has no other signal
      }
      assertThat(read(stdout)).as("the waiting JVM started").contains(WaitingMain.READY);
      // when a responder asks it for its leases
      ConnlensCli.Result leases = ConnlensCli.run(jdk, directory, "leases", String.valueOf(idle.pid()));
      // then the command line says it is idle and why, and fails
      assertThat(leases.exitStatus()).as(leases.context()).isEqualTo(1);
      assertThat(leases.stderr() + leases.stdout()).as(leases.context())
          .contains("connlens in pid " + idle.pid() + " is idle: the JVM has loaded no JDBC class yet");
    } finally {
      idle.getOutputStream().close(); // its main reads to the end of its input, then exits
      if (!idle.waitFor(RunningApp.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        idle.destroyForcibly().waitFor();
      }
    }
    assertThat(idle.exitValue()).isZero();
  }

  private static List<String> limitedToJavaBase(Jdk jdk) {
    return List.of(jdk.javaLauncher().toString(), "--limit-modules", "java.base", "-cp", testClasses().toString(),
        NoJdbcMain.class.getName());
  }

  /** The directory this test's classes were loaded from: NoJdbcMain loads nothing else from it. */
  private static Path testClasses() {
    try {
      return Path.of(NoJdbcMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs {@code command} to its exit with {@code javaToolOptions} as the only Java options from the
   * environment (none when null), and no connlens configuration but the agent arguments.
   */
  private static Output run(String name, Jdk jdk, List<String> command, String javaToolOptions) {
    Path directory = newRunDirectory(name + (javaToolOptions == null ? "-without-agent" : ""), jdk);
    Path stdout = directory.resolve("stdout.txt");
    Path stderr = directory.resolve("stderr.txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    withoutJavaOptionsFromTheEnvironment(builder);
    if (javaToolOptions != null) {
      builder.environment().put("JAVA_TOOL_OPTIONS", javaToolOptions);
    }
    String shown = (javaToolOptions == null ? "" : "JAVA_TOOL_OPTIONS=" + javaToolOptions + " ")
        + String.join(" ", command);
    try {
      Files.writeString(directory.resolve("command.txt"), shown + "\n");
      Process process = builder.start();
      if (!process.waitFor(RunningApp.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        fail(name + " did not exit within " + RunningApp.DEADLINE.toSeconds() + " s; killed\n"
            + AppRun.describe(name + " on " + jdk, shown, directory, null, read(stdout), read(stderr)));
      }
      return new Output(name + " on " + jdk, shown, directory, process.exitValue(), read(stdout), read(stderr));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + shown, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + shown + " ran", e);
    }
  }

  /** No connlens configuration and no Java options from this JVM's environment reach the child. */
  private static void withoutJavaOptionsFromTheEnvironment(ProcessBuilder builder) {
    builder.environment().keySet().removeIf(variable -> variable.startsWith("CONNLENS_")
        || variable.equals("JAVA_TOOL_OPTIONS") || variable.equals("JDK_JAVA_OPTIONS")
        || variable.equals("_JAVA_OPTIONS"));
  }

  private static Path newRunDirectory(String name, Jdk jdk) {
    String runs = System.getProperty(AppLauncher.RUNS_PROPERTY, "target/it-runs");
    String directoryName = String.format("quiet-%03d-%s-%s", RUN_NUMBER.incrementAndGet(), name, jdk)
        .toLowerCase().replaceAll("[^a-z0-9.-]+", "-");
    Path directory = Path.of(runs).toAbsolutePath().resolve(directoryName);
    try {
      Files.createDirectories(directory);
      try (Stream<Path> old = Files.walk(directory)) {
        for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
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

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What one JVM printed, and how it ended. */
  private record Output(String title, String command, Path directory, int exitStatus, String stdout,
      String stderr) {

    /** Standard error without the JVM's own "Picked up JAVA_TOOL_OPTIONS" line. */
    String stderrWithoutPickedUp() {
      List<String> kept = new ArrayList<>();
      for (String line : stderr.split("\n", -1)) {
        if (!line.startsWith(PICKED_UP)) {
          kept.add(line);
        }
      }
      return String.join("\n", kept);
    }

    /** Every line of either output that mentions connlens. */
    List<String> agentLines() {
      return Stream.concat(stdout.lines(), stderr.lines())
          .filter(line -> line.contains("connlens") && !line.startsWith(PICKED_UP)).toList();
    }

    String context() {
      return AppRun.describe(title, command, directory, exitStatus, stdout, stderr);
    }
  }

  /** Asks {@code DriverManager} for its drivers: a JDBC class loads, no connection is opened. */
  public static final class DriverManagerMain {
    static final String GREETING = "drivers:";

    private DriverManagerMain() {}

    public static void main(String[] args) {
      System.out.println(GREETING + " " + java.util.Collections.list(java.sql.DriverManager.getDrivers()).size());
    }
  }

  /** An application without JDBC that runs until its standard input ends. */
  public static final class WaitingMain {
    static final String READY = "waiting for standard input to end";

    private WaitingMain() {}

    public static void main(String[] args) throws IOException {
      System.out.println(READY);
      System.out.flush();
      while (System.in.read() >= 0) {
        // nothing: the test closes its input when it is done
      }
    }
  }

  /** The application without JDBC: java.base is all it needs. */
  public static final class NoJdbcMain {
    static final String GREETING = "no JDBC here";

    private NoJdbcMain() {}

    public static void main(String[] args) {
      System.out.println(GREETING);
    }
  }
}
