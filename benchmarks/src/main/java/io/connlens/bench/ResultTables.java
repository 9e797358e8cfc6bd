package io.connlens.bench;

import io.connlens.bench.BenchRunner.Cell;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown tables of {@code results.md}: operations by variant, and the targets. */
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
    return table.toString();
  }

  private static void target(StringBuilder table, Map<Variant, Map<String, Cell>> results, String name,
      Variant measured, Variant peer, String operation, double fraction) {
    Cell baseline = cell(results, Variant.NO_AGENT, operation);
    Cell ours = cell(results, measured, operation);
    Cell theirs = cell(results, peer, operation);
    table.append("| ").append(name).append(" (`").append(operation).append("`) | ");
    if (baseline == null || ours == null || theirs == null) {
      table.append("not run | not run | not run |\n");
      return;
    }
    double added = ours.nanos() - baseline.nanos();
    double limit = fraction * (theirs.nanos() - baseline.nanos());
    boolean withinError = Math.abs(added) < combinedError(ours, baseline);
    table.append(signed(added)).append(" ns").append(withinError ? " (within error)" : "")
        .append(" | ").append(limit <= 0 ? "peer adds nothing measurable" : "≤ " + number(limit) + " ns")
        .append(" | ").append(limit <= 0 ? "cannot tell" : added <= limit ? "yes" : "no")
        .append(" |\n");
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

  private static String signed(double value) {
    return (value >= 0 ? "+" : "") + number(value);
  }
}
