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
 * What the agent adds to a JVM's start: the wall-clock time of {@code java -cp benchmarks.jar
 * io.connlens.bench.Hello} (start, print one line, exit) without and with {@code -javaagent}, run in
 * rounds that take each case in turn, after unmeasured warm-up runs that fill the file cache. Prints
 * every case's median and writes {@code <out>/startup.md}.
 */
public final class StartupTime {
  private static final Set<String> ARGUMENTS = Set.of("connlens-jar", "otel-jar", "runs", "warmup-runs", "out", "command");

  private StartupTime() {}

  /** {@code --connlens-jar PATH --out DIR}, optionally {@code --otel-jar PATH --runs 10 --warmup-runs 2}. */
  public static void main(String[] args) throws Exception {
    CommandLine line = CommandLine.parse("StartupTime", ARGUMENTS, args);
    Path connlens = line.path("connlens-jar");
    Path out = line.path("out");
    int runs = line.getInt("runs", 10);
    int warmupRuns = line.getInt("warmup-runs", 2);
    Map<String, List<String>> cases = new LinkedHashMap<>();
    cases.put("no agent", List.of());
    cases.put("connlens (defaults)", List.of("-javaagent:" + connlens));
    if (!line.get("otel-jar", "").isEmpty()) {
      cases.put("OpenTelemetry agent, exporters off (for comparison)", List.of("-javaagent:" + line.path("otel-jar"),
          "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"));
    }
    String machine = Machine.describe() + Machine.agentJar(connlens);
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    Map<String, List<Double>> millis = new LinkedHashMap<>();
    cases.keySet().forEach(name -> millis.put(name, new ArrayList<>()));
    for (int round = -warmupRuns; round < runs; round++) {
      for (Map.Entry<String, List<String>> c : cases.entrySet()) {
        ChildJvm.Outcome outcome = ChildJvm.run(c.getValue(), Hello.class, List.of());
        if (!outcome.stdout().contains("hello")) {
          throw new IllegalStateException(c.getKey() + ": Hello did not print hello: " + outcome.stdout());
        }
        if (round >= 0) {
          millis.get(c.getKey()).add(outcome.wallNanos() / 1e6);
        }
      }
    }

    double baseline = ChildJvm.median(millis.get("no agent"));
    StringBuilder table = new StringBuilder("| case | JVM arguments | median ms | min ms | max ms | added ms (median) |\n"
        + "| --- | --- | ---: | ---: | ---: | ---: |\n");
    for (Map.Entry<String, List<Double>> c : millis.entrySet()) {
      double median = ChildJvm.median(c.getValue());
      String jvmArgs = String.join(" ", cases.get(c.getKey())).replace(connlens.toString(), "connlens-agent.jar");
      if (line.get("otel-jar", "").length() > 0) {
        jvmArgs = jvmArgs.replace(line.path("otel-jar").toString(), "opentelemetry-javaagent.jar");
      }
      table.append(String.format(Locale.ROOT, "| %s | `%s` | %.0f | %.0f | %.0f | %s |%n", c.getKey(),
          jvmArgs.isEmpty() ? "(none)" : jvmArgs, median, c.getValue().stream().mapToDouble(d -> d).min().orElse(0),
          c.getValue().stream().mapToDouble(d -> d).max().orElse(0),
          c.getKey().equals("no agent") ? "" : String.format(Locale.ROOT, "%+.0f", median - baseline)));
    }
    String report = "# connlens start-up time\n\n"
        + "Started " + started + ". Command:\n\n```\n" + line.get("command", "StartupTime " + String.join(" ", args))
        + "\n```\n\n"
        + String.format(Locale.ROOT, "Wall-clock time of `java <JVM arguments> -cp benchmarks.jar io.connlens.bench.Hello`,"
            + " from process start to exit, %d measured runs per case (after %d unmeasured), the cases taken in turn.%n%n",
            runs, warmupRuns)
        + machine + "\n" + table;
    Files.createDirectories(out);
    Files.writeString(out.resolve("startup.md"), report);
    System.out.println(report);
    System.out.println("Written: " + out.resolve("startup.md"));
  }
}
