package io.connlens.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Version;

/**
 * Runs every {@link PoolBenchmark} operation under every {@link Variant} in one command: one JMH run per
 * variant (a JMH run takes one set of fork arguments), each writing {@code <out>/<Variant>.json}, then
 * {@code <out>/results.md}: the operations side by side with the added cost of each variant over no
 * agent, and the targets checked against them.
 *
 * <p>With {@code --pools}, runs {@link PoolBenchmark#borrowReturnPerPool} instead, through each pool of
 * {@link Pools#NAMES} (or those listed) under every variant that {@linkplain Variant#appliesTo applies}
 * to it: {@code <out>/pools-<Variant>.json} and {@code <out>/pools.md}, a row per pool and a column per
 * variant.
 *
 * <p>With {@code --appname-url JDBC_URL} (empty: {@code CONNLENS_TEST_PG_URL}, else the integration tests'
 * PostgreSQL), runs {@link PoolBenchmark#postgresBorrowQueryReturn} on that PostgreSQL instead, by default
 * under no agent, connlens default, connlens every lease and connlens {@code tag.application_name}:
 * {@code <out>/appname-<Variant>.json}, {@code <out>/appname-<Variant>.tag} (what each fork saw in
 * {@code pg_stat_activity}) and {@code <out>/appname.md}. It exits with status 1 when a fork's
 * application_name is not what its variant implies (tagged under the tag variant only), so the number
 * cannot measure a tag that was never set.
 */
public final class BenchRunner {
  private static final Set<String> ARGUMENTS = Set.of("connlens-jar", "otel-jar", "out", "forks", "warmup",
      "warmup-time", "iterations", "time", "variants", "ops", "pools", "appname-url", "command", "heap");

  /** The operations in table order: the {@link PoolBenchmark} method names. */
  static final List<String> OPERATIONS = List.of("borrowReturn", "borrowReturnDeepStack", "borrowQueryReturn",
      "borrowQueryReturnInRequest", "preparedStatementOnHeldConnection", "driverManagerConnectClose");

  /** The one operation of a per-pool run. */
  static final String PER_POOL_OPERATION = "borrowReturnPerPool";

  /** The one operation of an application-name run. */
  static final String APPLICATION_NAME_OPERATION = "postgresBorrowQueryReturn";

  /** The variants of an application-name run unless {@code --variants} names others. */
  static final List<Variant> APPLICATION_NAME_VARIANTS = List.of(Variant.NO_AGENT, Variant.CONNLENS_DEFAULT,
      Variant.CONNLENS_EVERY_LEASE, Variant.CONNLENS_APPLICATION_NAME);

  private static final String ALLOCATION = "gc.alloc.rate.norm";

  /** One operation under one variant: mean and error in ns/op, allocation in B/op. */
  record Cell(double nanos, double error, double bytes) {}

  /** What a fork of the application-name run saw as a held connection's application_name, and after its close. */
  record TagCheck(String when, String whileLeased, String afterClose) {
    /** Whether the connection carried a name of its own while leased. */
    boolean tagged() {
      return !whileLeased.equals(afterClose);
    }
  }

  private BenchRunner() {}

  /**
   * {@code --connlens-jar PATH --otel-jar PATH --out DIR}, and optionally {@code --forks N --warmup N
   * --warmup-time 1s --iterations N --time 1s --variants NoAgent,ConnlensDefault --ops borrowReturn,...
   * --heap 512m --command TEXT} (the command shown in the report); {@code --pools hikari,dbcp2,...} (an
   * empty list: all of {@link Pools#NAMES}) for the per-pool run, which takes no {@code --ops};
   * {@code --appname-url JDBC_URL} (empty: the default PostgreSQL) for the application-name run, which takes
   * neither.
   */
  public static void main(String[] args) throws IOException, RunnerException {
    CommandLine line = CommandLine.parse("BenchRunner", ARGUMENTS, args);
    Variant.AgentJars jars = new Variant.AgentJars(line.path("connlens-jar"), line.path("otel-jar"));
    Path out = line.path("out");
    boolean perPool = line.get("pools", null) != null;
    boolean appName = line.get("appname-url", null) != null;
    if (perPool && appName) {
      throw new IllegalArgumentException("BenchRunner: --pools and --appname-url are two runs; give one");
    }
    if ((perPool || appName) && !line.get("ops", "").isBlank()) {
      throw new IllegalArgumentException("BenchRunner: --pools and --appname-url run one operation each ("
          + PER_POOL_OPERATION + ", " + APPLICATION_NAME_OPERATION + "); drop --ops");
    }
    List<Variant> variants = selectVariants(line.get("variants", ""), appName);
    String postgresUrl = line.get("appname-url", "").isBlank() ? EndToEnd.postgresUrl() : line.get("appname-url", "");
    List<String> pools = perPool ? selectPools(line.get("pools", "")) : List.of();
    List<String> operations = perPool ? List.of(PER_POOL_OPERATION)
        : appName ? List.of(APPLICATION_NAME_OPERATION) : selectOperations(line.get("ops", ""));
    String prefix = perPool ? "pools-" : appName ? "appname-" : "";
    for (Variant variant : variants) {
      for (String jvmArg : variant.jvmArgs(jars)) {
        if (jvmArg.startsWith("-javaagent:") && !Files.isRegularFile(Path.of(agentPath(jvmArg)))) {
          throw new IllegalArgumentException(variant.id() + ": no agent jar at " + agentPath(jvmArg));
        }
      }
    }
    Files.createDirectories(out);
    String settings = String.format(Locale.ROOT,
        "JMH %s, mode AverageTime, %d fork(s), %d warm-up iteration(s) of %s, %d measurement iteration(s) of %s,"
            + " 1 thread, -prof gc, fork heap -Xms%s -Xmx%s",
        jmhVersion(), line.getInt("forks", 1), line.getInt("warmup", 5), line.get("warmup-time", "1s"),
        line.getInt("iterations", 5), line.get("time", "1s"), line.get("heap", "512m"), line.get("heap", "512m"));
    String machine = Machine.describe() + Machine.agentJar(jars.connlens());
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    Map<Variant, Map<String, Cell>> results = new EnumMap<>(Variant.class);
    // per-pool run, connlens variants: leases connlens counted while the fork's setup held one connection, by pool
    Map<Variant, Map<String, Long>> leasesSeen = new EnumMap<>(Variant.class);
    // application-name run: what each variant's fork saw in pg_stat_activity
    Map<Variant, List<TagCheck>> tagChecks = new EnumMap<>(Variant.class);
    for (Variant variant : variants) {
      Path json = out.resolve(prefix + variant.id() + ".json");
      List<String> variantPools = pools.stream().filter(variant::appliesTo).toList();
      if (perPool && variantPools.isEmpty()) {
        System.out.println("== " + variant.id() + " (" + variant.label() + "): applies to none of " + pools + ", skipped");
        continue;
      }
      ChainedOptionsBuilder options = new OptionsBuilder()
          .include("^" + Pattern.quote(variant.benchmarkClass().getName()) + "\\.(?:"
              + String.join("|", operations) + ")$")
          .forks(line.getInt("forks", 1))
          .warmupIterations(line.getInt("warmup", 5))
          .warmupTime(TimeValue.fromString(line.get("warmup-time", "1s")))
          .measurementIterations(line.getInt("iterations", 5))
          .measurementTime(TimeValue.fromString(line.get("time", "1s")))
          .threads(1)
          .addProfiler(GCProfiler.class)
          // set, so that forks do not inherit this launcher's own JVM arguments
          .jvmArgs("-Xms" + line.get("heap", "512m"), "-Xmx" + line.get("heap", "512m"))
          // replaces any @Fork(jvmArgsPrepend): the variant's arguments are the only ones
          .jvmArgsPrepend(variant.jvmArgs(jars).toArray(String[]::new))
          .resultFormat(ResultFormatType.JSON)
          .result(json.toString());
      Path leaseCheck = out.resolve(prefix + variant.id() + ".leases");
      Path tagCheck = out.resolve(prefix + variant.id() + ".tag");
      if (appName) {
        Files.deleteIfExists(tagCheck);
        options.jvmArgsAppend("-D" + PoolBenchmark.POSTGRES_URL_PROPERTY + "=" + postgresUrl,
            "-D" + PoolBenchmark.APPLICATION_NAME_CHECK_PROPERTY + "=" + tagCheck);
      }
      boolean loadsConnlens = variant.jvmArgs(jars).stream().anyMatch(a -> a.startsWith("-javaagent:" + jars.connlens()));
      if (perPool) {
        options.param("pool", variantPools.toArray(String[]::new));
        Files.deleteIfExists(leaseCheck);
        if (loadsConnlens) {
          options.jvmArgsAppend("-D" + Pools.LEASE_CHECK_PROPERTY + "=" + leaseCheck);
        }
      }
      System.out.println("== " + variant.id() + " (" + variant.label() + "): fork arguments "
          + variant.jvmArgs(jars) + ", results in " + json);
      Map<String, Cell> cells = new LinkedHashMap<>();
      for (RunResult result : new Runner(options.build()).run()) {
        String benchmark = result.getParams().getBenchmark();
        Result<?> allocation = result.getSecondaryResults().get(ALLOCATION);
        // keyed by operation, or in a per-pool run (one operation) by pool
        String key = perPool ? result.getParams().getParam("pool") : benchmark.substring(benchmark.lastIndexOf('.') + 1);
        cells.put(key, new Cell(result.getPrimaryResult().getScore(),
            result.getPrimaryResult().getScoreError(), allocation == null ? Double.NaN : allocation.getScore()));
      }
      results.put(variant, cells);
      if (perPool && loadsConnlens && Files.exists(leaseCheck)) {
        Map<String, Long> seen = new LinkedHashMap<>();
        for (String entry : Files.readAllLines(leaseCheck)) {
          String[] fields = entry.split("\t");
          seen.put(fields[0], Long.parseLong(fields[1]));
        }
        leasesSeen.put(variant, seen);
      }
      if (appName) {
        List<TagCheck> checks = new ArrayList<>();
        if (Files.exists(tagCheck)) {
          for (String entry : Files.readAllLines(tagCheck)) {
            String[] fields = entry.split("\t", -1);
            checks.add(new TagCheck(fields[0], fields[1], fields[2]));
          }
        }
        tagChecks.put(variant, checks);
      }
    }

    String report = "# connlens " + (perPool ? "per-pool " : appName ? "tag.application_name " : "")
        + "benchmark results\n\n"
        + "Started " + started + ". Command:\n\n```\n" + line.get("command", "BenchRunner " + String.join(" ", args))
        + "\n```\n\n" + settings + ".\n\n" + machine + "\n"
        + (perPool
            ? ResultTables.pools(results, pools, leasesSeen) + "\n" + ResultTables.poolTargets(results, pools, leasesSeen)
            : appName
            ? ResultTables.applicationName(results, EndToEnd.redact(postgresUrl)) + "\n"
                + ResultTables.applicationNameChecks(tagChecks)
            : ResultTables.operations(results, operations) + "\n" + ResultTables.targets(results));
    Path markdown = out.resolve(perPool ? "pools.md" : appName ? "appname.md" : "results.md");
    Files.writeString(markdown, report);
    System.out.println();
    System.out.println(report);
    System.out.println("Written: " + markdown + " and " + results.keySet().stream()
        .map(v -> prefix + v.id() + ".json").collect(Collectors.joining(", ")));
    if (appName && !ResultTables.tagsAsExpected(tagChecks)) {
      System.err.println("BenchRunner: a fork's application_name is not what its variant implies (see "
          + markdown + "): its number does not measure tag.application_name");
      System.exit(1);
    }
  }

  /**
   * The variants {@code names} lists; none: those of an application-name run, or for the H2 runs every
   * variant but those that tag application names (they would only repeat connlens every lease there).
   */
  private static List<Variant> selectVariants(String names, boolean appName) {
    if (names.isBlank()) {
      return appName ? APPLICATION_NAME_VARIANTS
          : Arrays.stream(Variant.values()).filter(v -> !v.tagsApplicationName()).toList();
    }
    List<Variant> selected = new ArrayList<>();
    for (String name : names.split(",")) {
      selected.add(Arrays.stream(Variant.values()).filter(v -> v.id().equalsIgnoreCase(name.trim())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown variant " + name + "; known: "
              + Arrays.stream(Variant.values()).map(Variant::id).collect(Collectors.joining(", ")))));
    }
    return selected;
  }

  private static List<String> selectOperations(String names) {
    if (names.isBlank()) {
      return OPERATIONS;
    }
    List<String> selected = new ArrayList<>();
    for (String name : names.split(",")) {
      if (!OPERATIONS.contains(name.trim())) {
        throw new IllegalArgumentException("unknown operation " + name + "; known: " + String.join(", ", OPERATIONS));
      }
      selected.add(name.trim());
    }
    return selected;
  }

  private static List<String> selectPools(String names) {
    if (names.isBlank()) {
      return Pools.NAMES;
    }
    List<String> selected = new ArrayList<>();
    for (String name : names.split(",")) {
      if (!Pools.NAMES.contains(name.trim())) {
        throw new IllegalArgumentException("unknown pool " + name + "; known: " + String.join(", ", Pools.NAMES));
      }
      selected.add(name.trim());
    }
    return selected;
  }

  private static String agentPath(String javaagentArg) {
    String path = javaagentArg.substring("-javaagent:".length());
    int options = path.indexOf('=');
    return options < 0 ? path : path.substring(0, options);
  }

  private static String jmhVersion() {
    return Version.getPlainVersion();
  }
}
