package io.connlens.bench;

import io.connlens.api.report.JsonReader;
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
 * The soak: {@link SoakWorker} without the agent and with connlens's defaults, one fresh JVM each, then
 * checks what the agent's report counts against what the worker did (every lease opened and closed, none
 * open or unclosed, no finding, no suppressed error, every {@code dropped} count of the report 0) and
 * whether the used heap after a full collection stayed flat along the run.
 * Writes {@code <out>/soak.md}; exits with status 1 when a count is wrong or the heap grew.
 */
public final class Soak {
  private static final Set<String> ARGUMENTS =
      Set.of("connlens-jar", "out", "threads", "leases", "shapes", "thread-leases", "samples", "command");
  private static final List<String> HEAP = List.of("-Xms512m", "-Xmx512m");
  /** How much the heap after GC may move between the second sample and the last and still be flat. */
  private static final long FLAT_BYTES = 8L * 1024 * 1024;

  private Soak() {}

  /** {@code --connlens-jar PATH --out DIR}, optionally the worker's sizes. */
  public static void main(String[] args) throws Exception {
    CommandLine line = CommandLine.parse("Soak", ARGUMENTS, args);
    Path connlens = line.path("connlens-jar");
    Path out = line.path("out");
    int threads = line.getInt("threads", 64);
    long leases = Long.parseLong(line.get("leases", "10000000"));
    int shapes = line.getInt("shapes", 100_000);
    int threadLeases = line.getInt("thread-leases", 20_000);
    int samples = line.getInt("samples", 10);
    Files.createDirectories(out);
    Path reportFile = out.resolve("soak-report.json");
    Files.deleteIfExists(reportFile);
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("no agent", "");
    cases.put("connlens default", "-javaagent:" + connlens + "=console=false,report=" + reportFile);
    String machine = Machine.describe() + Machine.agentJar(connlens);
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<String> workerArgs = List.of(Integer.toString(threads), Long.toString(leases), Integer.toString(shapes),
        Integer.toString(threadLeases), Integer.toString(samples));

    StringBuilder table = new StringBuilder();
    List<String> problems = new ArrayList<>();
    Map<String, ChildJvm.Outcome> outcomes = new LinkedHashMap<>();
    for (Map.Entry<String, String> c : cases.entrySet()) {
      List<String> jvmArgs = new ArrayList<>(HEAP);
      if (!c.getValue().isEmpty()) {
        jvmArgs.add(0, c.getValue());
      }
      System.out.println("soak, " + c.getKey() + ": " + threads + " threads, " + leases + " leases ...");
      ChildJvm.Outcome outcome = ChildJvm.run(jvmArgs, SoakWorker.class, workerArgs);
      outcomes.put(c.getKey(), outcome);
      long done = Long.parseLong(outcome.result("leases"));
      if (done != leases) {
        problems.add(c.getKey() + ": the worker took " + done + " leases, not " + leases);
      }
      System.out.printf(Locale.ROOT, "%s: %d leases on %s threads in %s s%n", c.getKey(), done,
          outcome.result("threads"), outcome.result("seconds"));
    }

    table.append("| case | seconds | threads started | heap after GC at each sample (MiB) | heap moved, second sample to last |\n")
        .append("| --- | ---: | ---: | --- | ---: |\n");
    for (Map.Entry<String, ChildJvm.Outcome> o : outcomes.entrySet()) {
      List<long[]> heap = heapSamples(o.getValue());
      StringBuilder series = new StringBuilder();
      for (long[] s : heap) {
        series.append(series.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", s[1] / 1048576.0));
      }
      long moved = heap.size() < 3 ? 0 : heap.get(heap.size() - 1)[1] - heap.get(1)[1];
      if (moved > FLAT_BYTES) {
        problems.add(o.getKey() + ": the heap after GC grew by " + mib(moved) + " between the second sample and the last");
      }
      table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", o.getKey(), o.getValue().result("seconds"),
          o.getValue().result("threads"), series, signedMib(moved)));
    }

    long setup = Long.parseLong(outcomes.get("connlens default").result("setupLeases"));
    String counts = checkReport(reportFile, leases + setup, problems);
    String verdict = problems.isEmpty() ? "**passed**: every count exact, nothing reported, heap flat"
        : "**failed**:\n\n- " + String.join("\n- ", problems);
    String report = "# connlens soak\n\n"
        + "Started " + started + ". Command:\n\n```\n" + line.get("command", "Soak " + String.join(" ", args)) + "\n```\n\n"
        + String.format(Locale.ROOT, "%d threads at once take %,d leases from HikariCP (16 connections) over H2 in memory,"
            + " each one prepared query of %,d distinct shapes in turn; each thread ends after %,d leases and a new one"
            + " takes its place. Used heap after a full collection %d times along the run, `%s`.%n%n",
            threads, leases, shapes, threadLeases, samples, String.join(" ", HEAP))
        + machine + "\n" + table + "\nWhat connlens's report counts (`soak-report.json`):\n\n" + counts + "\n" + verdict + "\n";
    Files.writeString(out.resolve("soak.md"), report);
    System.out.println();
    System.out.println(report);
    System.out.println("Written: " + out.resolve("soak.md"));
    if (!problems.isEmpty()) {
      System.exit(1);
    }
  }

  /** {done, heap} of each {@code SAMPLE} line, in order. */
  private static List<long[]> heapSamples(ChildJvm.Outcome outcome) {
    List<long[]> samples = new ArrayList<>();
    for (String l : outcome.stdout()) {
      if (l.startsWith("SAMPLE ")) {
        Map<String, String> pairs = pairs(l.substring("SAMPLE ".length()));
        samples.add(new long[] {Long.parseLong(pairs.get("done")), Long.parseLong(pairs.get("heap"))});
      }
    }
    return samples;
  }

  private static Map<String, String> pairs(String text) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String pair : text.split(" ")) {
      int eq = pair.indexOf('=');
      pairs.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return pairs;
  }

  /** Checks the report's counts against {@code expectedLeases}; returns them as a table. */
  @SuppressWarnings("unchecked")
  private static String checkReport(Path reportFile, long expectedLeases, List<String> problems) throws Exception {
    if (!Files.exists(reportFile)) {
      problems.add("connlens wrote no report at " + reportFile);
      return "(none)\n";
    }
    Map<String, Object> summary = (Map<String, Object>) ((Map<String, Object>) JsonReader.parse(Files.readString(reportFile)))
        .get("summary");
    Map<String, Object> leases = (Map<String, Object>) summary.get("leases");
    Map<String, Object> dropped = (Map<String, Object>) summary.get("dropped");
    Map<String, Object> occurrences = (Map<String, Object>) summary.get("occurrences");
    long suppressed = number(summary.get("suppressedErrors"));
    expect(problems, "leases opened", number(leases.get("opened")), expectedLeases);
    expect(problems, "leases closed", number(leases.get("closed")), expectedLeases);
    expect(problems, "leases open", number(leases.get("open")), 0);
    expect(problems, "leases unclosed", number(leases.get("unclosed")), 0);
    expect(problems, "suppressed errors", suppressed, 0);
    long findings = 0;
    for (Object n : occurrences.values()) {
      findings += number(n);
    }
    expect(problems, "finding occurrences", findings, 0);
    for (Map.Entry<String, Object> d : dropped.entrySet()) {
      expect(problems, "dropped." + d.getKey(), number(d.getValue()), 0);
    }
    StringBuilder table = new StringBuilder("| count | value |\n| --- | ---: |\n");
    table.append(String.format(Locale.ROOT, "| leases opened / closed / open / unclosed | %d / %d / %d / %d (expected %d / %d / 0 / 0) |%n",
        number(leases.get("opened")), number(leases.get("closed")), number(leases.get("open")),
        number(leases.get("unclosed")), expectedLeases, expectedLeases));
    table.append(String.format(Locale.ROOT, "| finding occurrences | %d %s |%n", findings, occurrences));
    table.append(String.format(Locale.ROOT, "| suppressed errors | %d |%n", suppressed));
    table.append(String.format(Locale.ROOT, "| dropped | %s |%n", dropped));
    return table.toString();
  }

  private static void expect(List<String> problems, String what, long actual, long expected) {
    if (actual != expected) {
      problems.add(what + ": " + actual + ", expected " + expected);
    }
  }

  private static long number(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  private static String signedMib(long bytes) {
    return String.format(Locale.ROOT, "%+.1f MiB", bytes / 1048576.0);
  }
}
