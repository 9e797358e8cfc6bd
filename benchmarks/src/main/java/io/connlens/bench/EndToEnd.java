package io.connlens.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The end-to-end workload: {@link EndToEndWorker} runs, each in a fresh JVM, alternately without and with
 * the connlens agent, several pairs; prints the throughput of every run and the median of the pairs'
 * with/without ratios, and writes {@code <out>/e2e.md}. Within a pair the order alternates (without
 * first, then with first) so a machine that slows down over time does not favour one side.
 */
public final class EndToEnd {
  private static final Set<String> ARGUMENTS = Set.of("connlens-jar", "url", "threads", "pool", "transactions",
      "warmup-transactions", "pairs", "agent-options", "out", "command");

  /** The PostgreSQL the integration tests use, unless {@code CONNLENS_TEST_PG_URL} names another. */
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  /** {@code CONNLENS_TEST_PG_URL} when set, else {@link #DEFAULT_URL}: the PostgreSQL the PostgreSQL parts use. */
  static String postgresUrl() {
    String envUrl = System.getenv("CONNLENS_TEST_PG_URL");
    return envUrl == null || envUrl.isBlank() ? DEFAULT_URL : envUrl;
  }

  private EndToEnd() {}

  /**
   * {@code --connlens-jar PATH --out DIR}, optionally {@code --url JDBC_URL --threads 4 --pool 8
   * --transactions 20000 --warmup-transactions 2000 --pairs 5 --agent-options console=false}.
   */
  public static void main(String[] args) throws Exception {
    CommandLine line = CommandLine.parse("EndToEnd", ARGUMENTS, args);
    Path agent = line.path("connlens-jar");
    Path out = line.path("out");
    String url = line.get("url", postgresUrl());
    int threads = line.getInt("threads", 4);
    int pool = line.getInt("pool", 8);
    int transactions = line.getInt("transactions", 20_000);
    int warmup = line.getInt("warmup-transactions", 2_000);
    int pairs = line.getInt("pairs", 5);
    String agentOptions = line.get("agent-options", "");
    String agentArg = "-javaagent:" + agent + (agentOptions.isEmpty() ? "" : "=" + agentOptions);
    if (!Files.isRegularFile(agent)) {
      throw new IllegalArgumentException("no agent jar at " + agent);
    }
    String machine = Machine.describe() + Machine.agentJar(agent);
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    createTable(url);

    List<String> workerArgs = List.of(url, Integer.toString(threads), Integer.toString(pool),
        Integer.toString(warmup), Integer.toString(transactions));
    List<String> heap = List.of("-Xms256m", "-Xmx256m");
    List<Double> without = new ArrayList<>();
    List<Double> with = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    StringBuilder runs = new StringBuilder("| pair | order | tx/s without agent | tx/s with agent | with / without |\n"
        + "| ---: | --- | ---: | ---: | ---: |\n");
    for (int pair = 1; pair <= pairs; pair++) {
      boolean withoutFirst = pair % 2 == 1;
      double a = 0;
      double b = 0;
      for (int half = 0; half < 2; half++) {
        boolean agentOn = withoutFirst == (half == 1);
        List<String> jvmArgs = new ArrayList<>(heap);
        if (agentOn) {
          jvmArgs.add(0, agentArg);
        }
        double txPerSecond = Double.parseDouble(ChildJvm.run(jvmArgs, EndToEndWorker.class, workerArgs).result("txPerSecond"));
        System.out.printf(Locale.ROOT, "pair %d: %s agent: %.1f tx/s%n", pair, agentOn ? "with" : "without", txPerSecond);
        if (agentOn) {
          b = txPerSecond;
        } else {
          a = txPerSecond;
        }
      }
      without.add(a);
      with.add(b);
      ratios.add(b / a);
      runs.append(String.format(Locale.ROOT, "| %d | %s | %,.1f | %,.1f | %.4f |%n",
          pair, withoutFirst ? "without, with" : "with, without", a, b, b / a));
    }
    double medianRatio = ChildJvm.median(ratios);
    String report = "# connlens end-to-end on PostgreSQL\n\n"
        + "Started " + started + ". Command:\n\n```\n" + line.get("command", "EndToEnd " + String.join(" ", args))
        + "\n```\n\n"
        + String.format(Locale.ROOT, "%d threads, a HikariCP pool of %d, auto-commit off; one transaction = UPDATE"
            + " of a random row of %d, SELECT of it, COMMIT. Each run: a fresh JVM (-Xms256m -Xmx256m), %,d warm-up"
            + " transactions untimed, then %,d timed. Agent: `%s`. Database: `%s`.%n%n",
            threads, pool, EndToEndWorker.ROWS, warmup, transactions,
            agentArg.replace(agent.toString(), "connlens-agent.jar"), redact(url))
        + machine + "\n" + runs + "\n"
        + String.format(Locale.ROOT, "Median tx/s: %,.1f without, %,.1f with. **Median with/without ratio: %.4f**"
            + " (%+.2f%% throughput with the agent).%n",
            ChildJvm.median(without), ChildJvm.median(with), medianRatio, (medianRatio - 1) * 100);
    Files.createDirectories(out);
    Files.writeString(out.resolve("e2e.md"), report);
    System.out.println();
    System.out.println(report);
    System.out.println("Written: " + out.resolve("e2e.md"));
  }

  /** The URL without its password, if it has one: a report never shows a password. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  /** (Re)creates the table with its rows, so every run of the command starts from the same data. */
  private static void createTable(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + EndToEndWorker.TABLE);
      s.execute("CREATE TABLE " + EndToEndWorker.TABLE + " (id INT PRIMARY KEY, balance BIGINT NOT NULL)");
      s.execute("INSERT INTO " + EndToEndWorker.TABLE + " SELECT g, 0 FROM generate_series(1, "
          + EndToEndWorker.ROWS + ") g");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + redact(url) + " is not reachable (" + e.getMessage()
          + "); start it with scripts/start-databases.sh or set CONNLENS_TEST_PG_URL", e);
    }
  }
}
