package io.connlens.bench;

import fakejdbc.FakeDataSource;
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
 * What the agent keeps in memory per open lease: {@link OpenLeasesWorker} holds many leases of a
 * {@link FakeDataSource} open, in a fresh JVM per case (no agent, connlens default, connlens every lease),
 * and reports the used heap after a full GC; this prints the bytes per open lease and what stays after
 * they are all closed, and writes {@code <out>/memory.md}.
 */
public final class OpenLeasesMemory {
  private static final Set<String> ARGUMENTS = Set.of("connlens-jar", "leases", "depth", "out", "command");
  private static final List<String> HEAP = List.of("-Xms1g", "-Xmx1g", "-XX:+UseSerialGC");

  private OpenLeasesMemory() {}

  /** {@code --connlens-jar PATH --out DIR}, optionally {@code --leases 100000 --depth 110}. */
  public static void main(String[] args) throws Exception {
    CommandLine line = CommandLine.parse("OpenLeasesMemory", ARGUMENTS, args);
    Path connlens = line.path("connlens-jar");
    Path out = line.path("out");
    int leases = line.getInt("leases", 100_000);
    int depth = line.getInt("depth", 110);
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("no agent", "");
    cases.put("connlens default", "-javaagent:" + connlens + "=console=false");
    cases.put("connlens every lease", "-javaagent:" + connlens + "=site.capture=all,console=false");
    String machine = Machine.describe() + Machine.agentJar(connlens);
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    StringBuilder table = new StringBuilder("| case | agent argument | used heap before | with all open | after closing all"
        + " | bytes per open lease | agent's bytes per open lease | left after closing |\n"
        + "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    double baselinePerLease = Double.NaN;
    for (Map.Entry<String, String> c : cases.entrySet()) {
      List<String> jvmArgs = new ArrayList<>(HEAP);
      if (!c.getValue().isEmpty()) {
        jvmArgs.add(0, c.getValue());
      }
      ChildJvm.Outcome outcome = ChildJvm.run(jvmArgs, OpenLeasesWorker.class,
          List.of(Integer.toString(leases), Integer.toString(depth)));
      long before = Long.parseLong(outcome.result("baseline"));
      long open = Long.parseLong(outcome.result("open"));
      long closed = Long.parseLong(outcome.result("closed"));
      double perLease = (open - before) / (double) leases;
      if (c.getValue().isEmpty()) {
        baselinePerLease = perLease;
      }
      System.out.printf(Locale.ROOT, "%s: before %d B, %d open %d B, after closing %d B: %.1f B per open lease%n",
          c.getKey(), before, leases, open, closed, perLease);
      table.append(String.format(Locale.ROOT, "| %s | `%s` | %s | %s | %s | %.0f | %s | %s |%n", c.getKey(),
          c.getValue().isEmpty() ? "(none)" : c.getValue().replace(connlens.toString(), "connlens-agent.jar"),
          mib(before), mib(open), mib(closed), perLease,
          c.getValue().isEmpty() ? "" : String.format(Locale.ROOT, "%.0f", perLease - baselinePerLease),
          signedMib(closed - before)));
    }
    String report = "# connlens memory with open leases\n\n"
        + "Started " + started + ". Command:\n\n```\n" + line.get("command", "OpenLeasesMemory " + String.join(" ", args))
        + "\n```\n\n"
        + String.format(Locale.ROOT, "%,d leases of a fake `DataSource` (each connection a 16-byte object) taken %d"
            + " frames below `main`, all from one site, held open together; used heap after a full collection (`System.gc()` 3"
            + " times, 100 ms apart; the heap pools' usage after their last collection) in a fresh JVM per case with `%s`. \"bytes per open lease\" = (with all open − before)"
            + " / %,d, the application's own connection object and the agent's records together.%n%n",
            leases, depth, String.join(" ", HEAP), leases)
        + machine + "\n" + table;
    Files.createDirectories(out);
    Files.writeString(out.resolve("memory.md"), report);
    System.out.println();
    System.out.println(report);
    System.out.println("Written: " + out.resolve("memory.md"));
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024.0);
  }

  private static String signedMib(long bytes) {
    return String.format(Locale.ROOT, "%+.2f MiB", bytes / 1024.0 / 1024.0);
  }
}
