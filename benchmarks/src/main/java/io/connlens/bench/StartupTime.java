package io.connlens.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the agent adds to a JVM's start, in wall-clock time from process start to exit, without and with
 * {@code -javaagent}, for three programs: {@link Hello} (prints one line and never loads a JDBC class),
 * {@link HelloJdbc} (opens one H2 connection through {@code DriverManager}, runs one query, prints its
 * row) and, given {@code --spring-jar}, the Spring Boot test application run as its fat jar through
 * Spring Boot's launcher ({@code java -jar connlens-spring-petclinic-app.jar clinic-batch-fetch}: starts
 * the context without a web server, runs its batch, exits). Runs in rounds that take each case in turn,
 * after unmeasured warm-up runs that fill the file cache; prints every case's median, each target and
 * whether it was met, and writes {@code <out>/startup.md}.
 */
public final class StartupTime {
  private static final Set<String> ARGUMENTS =
      Set.of("connlens-jar", "otel-jar", "spring-jar", "runs", "spring-runs", "warmup-runs", "out", "command");
  private static final String NO_AGENT = "no agent";
  private static final String CONNLENS = "connlens (defaults)";
  /** The floor: what the JVM charges for any agent ({@link NoopAgent}), below which connlens cannot go. */
  private static final String NOOP_AGENT = "an agent that does nothing (what any -javaagent costs)";

  /** How a program is started: a child JVM with the case's JVM arguments. */
  private interface Launcher {
    ChildJvm.Outcome run(List<String> jvmArgs) throws Exception;
  }

  /** One program timed, its cases (name → JVM arguments), what it must print, and its target. */
  private static final class Program {
    final String title;
    /** What follows the JVM arguments on its command line, as the report shows it. */
    final String launch;
    final Launcher launcher;
    final Map<String, List<String>> cases = new LinkedHashMap<>();
    final Map<String, List<Double>> millis = new LinkedHashMap<>();
    final String expected;
    /** The most connlens may add: milliseconds, or with {@link #ratioTarget} a fraction of the start. */
    final double target;
    final boolean ratioTarget;
    final int runs;

    Program(String title, String launch, Launcher launcher, String expected, double target, boolean ratioTarget,
        int runs) {
      this.title = title;
      this.launch = launch;
      this.launcher = launcher;
      this.expected = expected;
      this.target = target;
      this.ratioTarget = ratioTarget;
      this.runs = runs;
    }

    void addCase(String name, List<String> jvmArgs) {
      cases.put(name, jvmArgs);
      millis.put(name, new ArrayList<>());
    }
  }

  private StartupTime() {}

  /**
   * {@code --connlens-jar PATH --out DIR}, optionally {@code --otel-jar PATH --spring-jar PATH --runs 10
   * --spring-runs 6 --warmup-runs 2}.
   */
  public static void main(String[] args) throws Exception {
    CommandLine line = CommandLine.parse("StartupTime", ARGUMENTS, args);
    Path connlens = line.path("connlens-jar");
    Path out = line.path("out");
    int runs = line.getInt("runs", 10);
    int warmupRuns = line.getInt("warmup-runs", 2);
    String otelJar = line.get("otel-jar", "");
    String springJar = line.get("spring-jar", "");
    List<String> withConnlens = List.of("-javaagent:" + connlens);

    List<Program> programs = new ArrayList<>();
    Program hello = new Program("One line, no JDBC class ever loaded", "-cp benchmarks.jar io.connlens.bench.Hello",
        jvmArgs -> ChildJvm.run(jvmArgs, Hello.class, List.of()), "hello", 50, false, runs);
    hello.addCase(NO_AGENT, List.of());
    hello.addCase(CONNLENS, withConnlens);
    hello.addCase(NOOP_AGENT, List.of("-javaagent:" + NoopAgent.writeJar(out.resolve("noop-agent.jar"))));
    if (!otelJar.isEmpty()) {
      hello.addCase("OpenTelemetry agent, exporters off (for comparison)", List.of("-javaagent:" + otelJar,
          "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"));
    }
    programs.add(hello);
    Program jdbc = new Program("One line over JDBC (one H2 connection, one query)",
        "-cp benchmarks.jar io.connlens.bench.HelloJdbc", jvmArgs -> ChildJvm.run(jvmArgs, HelloJdbc.class, List.of()),
        "hello 1", 300, false, runs);
    jdbc.addCase(NO_AGENT, List.of());
    jdbc.addCase(CONNLENS, withConnlens);
    programs.add(jdbc);
    if (!springJar.isEmpty()) {
      Program spring = new Program("Spring Boot 4 application, its fat jar through Spring Boot's launcher",
          "-jar connlens-spring-petclinic-app.jar clinic-batch-fetch",
          jvmArgs -> ChildJvm.runJar(jvmArgs, Path.of(springJar), List.of("clinic-batch-fetch")),
          "SCENARIO clinic-batch-fetch DONE", 0.10, true,
          line.getInt("spring-runs", Math.max(3, runs * 6 / 10)));
      spring.addCase(NO_AGENT, List.of());
      // console=false: the scenario's findings would print on this run's standard error
      spring.addCase(CONNLENS, List.of("-javaagent:" + connlens + "=console=false"));
      programs.add(spring);
    }
    String machine = Machine.describe() + Machine.agentJar(connlens);
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    for (Program program : programs) {
      System.out.println("start-up: " + program.title + " (" + program.runs + " runs per case) ...");
      for (int round = -warmupRuns; round < program.runs; round++) {
        for (Map.Entry<String, List<String>> c : program.cases.entrySet()) {
          ChildJvm.Outcome outcome = program.launcher.run(c.getValue());
          if (!outcome.stdout().contains(program.expected)) {
            throw new IllegalStateException(c.getKey() + ": " + program.launch + " did not print '" + program.expected
                + "': " + outcome.stdout());
          }
          if (round >= 0) {
            program.millis.get(c.getKey()).add(outcome.wallNanos() / 1e6);
          }
        }
      }
    }

    StringBuilder tables = new StringBuilder();
    StringBuilder targets = new StringBuilder("| program | target | measured | met |\n| --- | --- | ---: | --- |\n");
    for (Program program : programs) {
      double baseline = ChildJvm.median(program.millis.get(NO_AGENT));
      tables.append("### ").append(program.title).append("\n\n`java <JVM arguments> ").append(program.launch)
          .append("`, ").append(program.runs).append(" measured runs per case.\n\n")
          .append("| case | JVM arguments | median ms | min ms | max ms | added ms (median) | ratio |\n")
          .append("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
      for (Map.Entry<String, List<Double>> c : program.millis.entrySet()) {
        double median = ChildJvm.median(c.getValue());
        String jvmArgs = String.join(" ", program.cases.get(c.getKey())).replace(connlens.toString(), "connlens-agent.jar")
            .replace(out.resolve("noop-agent.jar").toString(), "noop-agent.jar");
        if (!otelJar.isEmpty()) {
          jvmArgs = jvmArgs.replace(otelJar, "opentelemetry-javaagent.jar");
        }
        boolean base = c.getKey().equals(NO_AGENT);
        tables.append(String.format(Locale.ROOT, "| %s | `%s` | %.0f | %.0f | %.0f | %s | %s |%n", c.getKey(),
            jvmArgs.isEmpty() ? "(none)" : jvmArgs, median, c.getValue().stream().mapToDouble(d -> d).min().orElse(0),
            c.getValue().stream().mapToDouble(d -> d).max().orElse(0),
            base ? "" : String.format(Locale.ROOT, "%+.0f", median - baseline),
            base ? "" : String.format(Locale.ROOT, "%.2f", median / baseline)));
      }
      tables.append('\n');
      double added = ChildJvm.median(program.millis.get(CONNLENS)) - baseline;
      boolean met = program.ratioTarget ? added <= program.target * baseline : added <= program.target;
      targets.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", program.title,
          program.ratioTarget ? String.format(Locale.ROOT, "at most %.0f%% slower", program.target * 100)
              : String.format(Locale.ROOT, "at most +%.0f ms", program.target),
          program.ratioTarget ? String.format(Locale.ROOT, "%+.1f%% (%+.0f ms)", 100 * added / baseline, added)
              : String.format(Locale.ROOT, "%+.0f ms", added),
          met ? "yes" : String.format(Locale.ROOT, "**no**, by %.0f ms",
              added - (program.ratioTarget ? program.target * baseline : program.target))));
    }
    String report = "# connlens start-up time\n\n"
        + "Started " + started + ". Command:\n\n```\n" + line.get("command", "StartupTime " + String.join(" ", args))
        + "\n```\n\n"
        + String.format(Locale.ROOT, "Wall-clock time from process start to exit; %d unmeasured runs per case first,"
            + " then the cases taken in turn.%n%n", warmupRuns)
        + machine + "\n" + tables + "### Targets (issue 13)\n\n" + targets;
    Files.createDirectories(out);
    Files.writeString(out.resolve("startup.md"), report);
    System.out.println(report);
    System.out.println("Written: " + out.resolve("startup.md"));
  }
}
