package io.connlens.bench;

import io.connlens.bench.BenchRunner.Cell;
import io.connlens.bench.BenchRunner.TagCheck;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown tables of {@code results.md} (operations by variant, and the targets) and of
 * {@code pools.md} (pools by variant, and the per-pool target), and of {@code appname.md} (the request on
 * PostgreSQL by variant, and what each fork saw of the application_name tag).
 */
final class ResultTables {
  private ResultTables() {}

  /** Every operation under every variant that ran, with what each variant adds over no agent. */
  static String operations(Map<Variant, Map<String, Cell>> results, List<String> operations) {
    StringBuilder table = new StringBuilder()
        .append("## Operations\n\n")
        .append("ns/op: JMH's mean; ±: its 99.9% confidence half-interval (n/a with a single measurement")
        .append(" iteration). B/op: bytes allocated per operation (`gc.alloc.rate.norm` of `-prof gc`).")
        .append(" added: the variant's value minus no agent's for the same operation.\n\n")
        .append("| operation | variant | ns/op | ± | B/op | added ns/op | added B/op |\n")
        .append("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (String operation : operations) {
      Cell baseline = cell(results, Variant.NO_AGENT, operation);
      for (Map.Entry<Variant, Map<String, Cell>> entry : results.entrySet()) {
        Cell cell = entry.getValue().get(operation);
        if (cell == null) {
          continue;
        }
        boolean isBaseline = entry.getKey() == Variant.NO_AGENT || baseline == null;
        table.append("| ").append(operation)
            .append(" | ").append(entry.getKey().label())
            .append(" | ").append(number(cell.nanos()))
            .append(" | ").append(number(cell.error()))
            .append(" | ").append(number(cell.bytes()))
            .append(" | ").append(isBaseline ? "" : signed(cell.nanos() - baseline.nanos()))
            .append(" | ").append(isBaseline ? "" : signed(cell.bytes() - baseline.bytes()))
            .append(" |\n");
      }
    }
    return table.toString();
  }

  /** The per-operation targets, each checked against the added costs measured in this run. */
  static String targets(Map<Variant, Map<String, Cell>> results) {
    StringBuilder table = new StringBuilder()
        .append("## Targets\n\n")
        .append("Each row compares what a variant adds over no agent with a fraction of what a peer adds,")
        .append(" on the same operation in the same run. \"within error\": the added cost is smaller than the")
        .append(" two means' errors together, so this run cannot tell it from zero.\n\n")
        .append("| target | connlens adds | limit | met? |\n")
        .append("| --- | ---: | ---: | --- |\n");
    target(table, results, "default mode, borrow + return, shallow stack: at most 1/2 of HikariCP leakDetectionThreshold",
        Variant.CONNLENS_DEFAULT, Variant.HIKARI_LEAK_DETECTION, "borrowReturn", 0.5);
    target(table, results, "default mode, borrow + return, deep stack: at most 1/4 of HikariCP leakDetectionThreshold",
        Variant.CONNLENS_DEFAULT, Variant.HIKARI_LEAK_DETECTION, "borrowReturnDeepStack", 0.25);
    target(table, results, "every-lease mode, borrow + return, shallow stack: at most HikariCP leakDetectionThreshold",
        Variant.CONNLENS_EVERY_LEASE, Variant.HIKARI_LEAK_DETECTION, "borrowReturn", 1.0);
    target(table, results, "every-lease mode, borrow + return, deep stack: at most HikariCP leakDetectionThreshold",
        Variant.CONNLENS_EVERY_LEASE, Variant.HIKARI_LEAK_DETECTION, "borrowReturnDeepStack", 1.0);
    target(table, results, "default mode, per executed statement: at most 1/10 of the OpenTelemetry agent",
        Variant.CONNLENS_DEFAULT, Variant.OTEL_AGENT, "preparedStatementOnHeldConnection", 0.1);
    target(table, results, "every-lease mode, per executed statement: at most 1/10 of the OpenTelemetry agent",
        Variant.CONNLENS_EVERY_LEASE, Variant.OTEL_AGENT, "preparedStatementOnHeldConnection", 0.1);
    for (String operation : List.of("borrowReturn", "borrowQueryReturnInRequest", "preparedStatementOnHeldConnection")) {
      besideTarget(table, results, "beside the OpenTelemetry agent, exporting through it: at most 1/2 of what that"
          + " agent adds (`" + operation + "`)", operation, 0.5);
    }
    return table.toString();
  }

  /**
   * Borrow + return through each pool under every variant that ran: a row per pool, a column per variant
   * with what it adds over no agent on the same pool; ns/op, then B/op.
   */
  static String pools(Map<Variant, Map<String, Cell>> results, List<String> pools,
      Map<Variant, Map<String, Long>> leasesSeen) {
    StringBuilder table = new StringBuilder()
        .append("## Borrow + return per pool\n\n")
        .append("`borrowReturnPerPool`: `getConnection()` + `close()` through each pool, ")
        .append(PoolBenchmark.PER_POOL_SIZE).append(" connections to the same H2 database. ns/op: JMH's mean ± its")
        .append(" 99.9% confidence half-interval (n/a with a single measurement iteration); B/op: bytes allocated")
        .append(" per operation (`gc.alloc.rate.norm` of `-prof gc`); added: the variant's value minus no agent's")
        .append(" on the same pool. –: not run (HikariCP's leakDetectionThreshold exists only in HikariCP).\n\n");
    poolTable(table, results, pools, "ns/op", true);
    table.append("\n");
    poolTable(table, results, pools, "B/op", false);
    if (!leasesSeen.isEmpty()) {
      table.append("\nLeases connlens counted as open while each fork's setup held one connection of the pool")
          .append(" (`io.connlens:type=Agent` `OpenLeases`): 1, it tracks the pool's leases; 0, it does not, and")
          .append(" what it adds there is not the cost of tracking a lease.\n\n| pool");
      leasesSeen.keySet().forEach(variant -> table.append(" | ").append(variant.label()));
      table.append(" |\n| ---").append(" | ---:".repeat(leasesSeen.size())).append(" |\n");
      for (String pool : pools) {
        table.append("| ").append(pool);
        leasesSeen.values().forEach(seen -> table.append(" | ").append(seen.containsKey(pool) ? seen.get(pool) : "–"));
        table.append(" |\n");
      }
    }
    return table.toString();
  }

  /**
   * {@link PoolBenchmark#postgresBorrowQueryReturn} under every variant that ran, in µs: what each adds over no
   * agent and over connlens default, with the error of the difference; then what the tag adds over connlens
   * every lease, i.e. without the stack capture that both pay per lease.
   */
  static String applicationName(Map<Variant, Map<String, Cell>> results, String database) {
    String operation = BenchRunner.APPLICATION_NAME_OPERATION;
    StringBuilder table = new StringBuilder()
        .append("## Borrow + SELECT 1 + close on PostgreSQL\n\n")
        .append("`").append(operation).append("`: HikariCP, a pool of ").append(PoolBenchmark.POSTGRES_POOL_SIZE)
        .append(" connections to `").append(database).append("`, all open before the first iteration; one op is")
        .append(" `getConnection()`, `prepareStatement(\"SELECT 1\")`, `executeQuery`, read the row, close all.")
        .append(" µs/op: JMH's mean; ±: its 99.9% confidence half-interval (n/a with a single measurement")
        .append(" iteration), and for an added cost the two errors combined (root of the sum of squares).")
        .append(" B/op: `gc.alloc.rate.norm` of `-prof gc`.\n\n")
        .append("| variant | µs/op | ± | B/op | added over no agent | added over connlens default |\n")
        .append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    Cell none = cell(results, Variant.NO_AGENT, operation);
    Cell connlens = cell(results, Variant.CONNLENS_DEFAULT, operation);
    for (Map.Entry<Variant, Map<String, Cell>> entry : results.entrySet()) {
      Cell cell = entry.getValue().get(operation);
      if (cell == null) {
        continue;
      }
      table.append("| ").append(entry.getKey().label())
          .append(" | ").append(micros(cell.nanos()))
          .append(" | ").append(micros(cell.error()))
          .append(" | ").append(number(cell.bytes()))
          .append(" | ").append(entry.getKey() == Variant.NO_AGENT ? "" : addedMicros(cell, none))
          .append(" | ").append(entry.getKey() == Variant.NO_AGENT || entry.getKey() == Variant.CONNLENS_DEFAULT ? ""
              : addedMicros(cell, connlens))
          .append(" |\n");
    }
    Cell tag = cell(results, Variant.CONNLENS_APPLICATION_NAME, operation);
    Cell everyLease = cell(results, Variant.CONNLENS_EVERY_LEASE, operation);
    if (tag != null && everyLease != null) {
      table.append("\ntag.application_name over connlens every lease (the same stack capture per lease, so")
          .append(" what is left is the tag itself: a `SET application_name` round trip at the borrow and one at")
          .append(" close): ").append(addedMicros(tag, everyLease)).append(" µs per request.\n");
    }
    return table.toString();
  }

  /**
   * What each fork saw in {@code pg_stat_activity} at setup and tear-down: the application_name of a held
   * connection's backend and the one it had after close, and whether that is what the variant implies.
   */
  static String applicationNameChecks(Map<Variant, List<TagCheck>> checks) {
    StringBuilder table = new StringBuilder()
        .append("## Is the tag applied?\n\n")
        .append("At setup (after the pool is filled) and at tear-down (after the last iteration) each fork holds")
        .append(" one connection of the pool and reads its backend's `application_name` in `pg_stat_activity`")
        .append(" from another session, then again after `close()`. Expected: a tag naming the acquire site while")
        .append(" leased, the driver's value set back after close, under tag.application_name; the driver's value")
        .append(" both times under every other variant.\n\n")
        .append("| variant | when | while leased | after close | as expected? |\n")
        .append("| --- | --- | --- | --- | --- |\n");
    for (Map.Entry<Variant, List<TagCheck>> entry : checks.entrySet()) {
      if (entry.getValue().isEmpty()) {
        table.append("| ").append(entry.getKey().label()).append(" | – | not recorded | not recorded | no |\n");
      }
      for (TagCheck check : entry.getValue()) {
        table.append("| ").append(entry.getKey().label())
            .append(" | ").append(check.when())
            .append(" | `").append(check.whileLeased())
            .append("` | `").append(check.afterClose())
            .append("` | ").append(check.tagged() == entry.getKey().tagsApplicationName() ? "yes" : "**no**")
            .append(" |\n");
      }
    }
    return table.toString();
  }

  /** Whether every fork recorded its checks and each shows the tag exactly when its variant sets one. */
  static boolean tagsAsExpected(Map<Variant, List<TagCheck>> checks) {
    return checks.entrySet().stream().allMatch(entry -> !entry.getValue().isEmpty()
        && entry.getValue().stream().allMatch(check -> check.tagged() == entry.getKey().tagsApplicationName()));
  }

  private static String addedMicros(Cell cell, Cell baseline) {
    return baseline == null ? "–"
        : signedMicros(cell.nanos() - baseline.nanos()) + " ± "
            + (Double.isNaN(cell.error()) || Double.isNaN(baseline.error()) ? "n/a" : micros(combinedError(cell, baseline)));
  }

  private static void poolTable(StringBuilder table, Map<Variant, Map<String, Cell>> results, List<String> pools,
      String unit, boolean nanos) {
    table.append("| pool (").append(unit).append(")");
    StringBuilder rule = new StringBuilder("| ---");
    for (Variant variant : results.keySet()) {
      table.append(" | ").append(variant.label());
      rule.append(" | ---:");
      if (variant != Variant.NO_AGENT) {
        table.append(" | added");
        rule.append(" | ---:");
      }
    }
    table.append(" |\n").append(rule).append(" |\n");
    for (String pool : pools) {
      Cell baseline = cell(results, Variant.NO_AGENT, pool);
      table.append("| ").append(pool);
      for (Variant variant : results.keySet()) {
        Cell cell = cell(results, variant, pool);
        table.append(" | ").append(cell == null ? "–"
            : nanos ? number(cell.nanos()) + " ± " + number(cell.error()) : number(cell.bytes()));
        if (variant != Variant.NO_AGENT) {
          table.append(" | ").append(cell == null || baseline == null ? "–"
              : nanos ? signed(cell.nanos() - baseline.nanos()) : signed(cell.bytes() - baseline.bytes()));
        }
      }
      table.append(" |\n");
    }
  }

  /**
   * The target for every pool, as for HikariCP: connlens default adds at most half of what HikariCP's
   * leakDetectionThreshold adds, measured on HikariCP in the same run (the other pools have no such setting;
   * its cost, a {@code new Exception()} per borrow, hardly depends on the pool). A pool through which connlens
   * tracked no lease ({@code leasesSeen} 0) cannot meet it: what connlens adds there is not a lease's cost.
   */
  static String poolTargets(Map<Variant, Map<String, Cell>> results, List<String> pools,
      Map<Variant, Map<String, Long>> leasesSeen) {
    StringBuilder table = new StringBuilder()
        .append("## Targets per pool\n\n")
        .append("Each row compares what connlens default adds over no agent on one pool with half of what")
        .append(" HikariCP's leakDetectionThreshold adds over no agent on HikariCP, in the same run. \"within")
        .append(" error\": the added cost is smaller than the two means' errors together, so this run cannot")
        .append(" tell it from zero.\n\n")
        .append("| target | connlens adds | limit | met? |\n")
        .append("| --- | ---: | ---: | --- |\n");
    Map<String, Long> seen = leasesSeen.getOrDefault(Variant.CONNLENS_DEFAULT, Map.of());
    for (String pool : pools) {
      target(table, results, "default mode, borrow + return through " + pool
              + ": at most 1/2 of what HikariCP leakDetectionThreshold adds to HikariCP (`"
              + BenchRunner.PER_POOL_OPERATION + "`)",
          Variant.CONNLENS_DEFAULT, pool, Variant.HIKARI_LEAK_DETECTION, "hikari", 0.5,
          Long.valueOf(0).equals(seen.get(pool)) ? "cannot tell: connlens tracked no lease through " + pool : null);
    }
    return table.toString();
  }

  private static void target(StringBuilder table, Map<Variant, Map<String, Cell>> results, String name,
      Variant measured, Variant peer, String operation, double fraction) {
    target(table, results, name + " (`" + operation + "`)", measured, operation, peer, operation, fraction, null);
  }

  /**
   * One target row: what {@code measured} adds over no agent on {@code key} against {@code fraction} of what
   * {@code peer} adds over no agent on {@code peerKey} (an operation, or in a per-pool run a pool);
   * {@code verdict}, when not null, is the "met?" column instead of the comparison's.
   */
  private static void target(StringBuilder table, Map<Variant, Map<String, Cell>> results, String label,
      Variant measured, String key, Variant peer, String peerKey, double fraction, String verdict) {
    row(table, label, cell(results, measured, key), cell(results, Variant.NO_AGENT, key),
        cell(results, peer, peerKey), cell(results, Variant.NO_AGENT, peerKey), fraction, verdict);
  }

  /**
   * A target row: what {@code ours} adds over {@code base} against {@code fraction} of what
   * {@code theirs} adds over {@code theirBase}; a missing cell is "not run".
   */
  private static void row(StringBuilder table, String label, Cell ours, Cell base, Cell theirs, Cell theirBase,
      double fraction, String verdict) {
    table.append("| ").append(label).append(" | ");
    if (base == null || ours == null || theirBase == null || theirs == null) {
      table.append("not run | not run | not run |\n");
      return;
    }
    double added = ours.nanos() - base.nanos();
    double limit = fraction * (theirs.nanos() - theirBase.nanos());
    boolean withinError = Math.abs(added) < combinedError(ours, base);
    table.append(signed(added)).append(" ns").append(withinError ? " (within error)" : "")
        .append(" | ").append(limit <= 0 ? "peer adds nothing measurable" : "≤ " + number(limit) + " ns")
        .append(" | ").append(verdict != null ? verdict : limit <= 0 ? "cannot tell" : added <= limit ? "yes" : "no")
        .append(" |\n");
  }

  /**
   * One target row for connlens beside the OpenTelemetry agent: what it adds over that agent alone on
   * {@code operation}, against {@code fraction} of what that agent adds over no agent.
   */
  private static void besideTarget(StringBuilder table, Map<Variant, Map<String, Cell>> results, String label,
      String operation, double fraction) {
    Cell otel = cell(results, Variant.OTEL_AGENT, operation);
    row(table, label, cell(results, Variant.OTEL_AGENT_WITH_CONNLENS, operation), otel, otel,
        cell(results, Variant.NO_AGENT, operation), fraction, null);
  }

  private static double combinedError(Cell a, Cell b) {
    if (Double.isNaN(a.error()) || Double.isNaN(b.error())) {
      return 0;
    }
    return Math.sqrt(a.error() * a.error() + b.error() * b.error());
  }

  private static Cell cell(Map<Variant, Map<String, Cell>> results, Variant variant, String operation) {
    Map<String, Cell> cells = results.get(variant);
    return cells == null ? null : cells.get(operation);
  }

  private static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, value >= 100 || value <= -100 ? "%,.0f" : "%,.1f", value);
  }

  private static String micros(double nanos) {
    if (Double.isNaN(nanos) || Double.isInfinite(nanos)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, Math.abs(nanos) < 10_000 ? "%,.2f" : "%,.1f", nanos / 1000);
  }

  private static String signedMicros(double nanos) {
    return (nanos >= 0 ? "+" : "") + micros(nanos);
  }

  private static String signed(double value) {
    return (value >= 0 ? "+" : "") + number(value);
  }
}
