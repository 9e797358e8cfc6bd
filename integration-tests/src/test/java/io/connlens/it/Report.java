package io.connlens.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** A connlens JSON report ({@code connlens.report/v1}, see docs/report-format.md), read with Jackson. */
final class Report {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode root;

  private Report(JsonNode root) {
    this.root = root;
  }

  static Report parse(String text) {
    try {
      JsonNode root = JSON.readTree(text);
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("the report is not a JSON object");
      }
      return new Report(root);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  String schema() {
    return root.path("schema").asText(null);
  }

  /** The {@code servers} array. */
  JsonNode servers() {
    return root.path("servers");
  }

  /** The {@code summary} object. */
  JsonNode summary() {
    return root.path("summary");
  }

  /** {@code summary.suppressedErrors}; -1 when absent, so a missing field fails the health check. */
  long suppressedErrors() {
    JsonNode node = summary().get("suppressedErrors");
    return node == null || !node.isNumber() ? -1 : node.asLong();
  }

  /** {@code summary.instrumentationErrors}; a missing field reads as one error saying so. */
  List<String> instrumentationErrors() {
    JsonNode node = summary().get("instrumentationErrors");
    if (node == null || !node.isArray()) {
      return List.of("(summary.instrumentationErrors missing or not a list)");
    }
    return texts(node);
  }

  List<String> configurationProblems() {
    return texts(summary().path("configurationProblems"));
  }

  long leasesOpened() {
    return summary().path("leases").path("opened").asLong(-1);
  }

  long leasesClosed() {
    return summary().path("leases").path("closed").asLong(-1);
  }

  /** {@code summary.failed}: whether a fail.on finding was outstanding. */
  boolean failed() {
    return summary().path("failed").asBoolean(false);
  }

  /** {@code summary.exitStatus}: the status connlens forced, or null when it forced none. */
  Integer exitStatus() {
    JsonNode node = summary().get("exitStatus");
    return node == null || node.isNull() ? null : node.asInt();
  }

  /** {@code summary.dropped.NAME}; -1 when absent. */
  long dropped(String name) {
    return summary().path("dropped").path(name).asLong(-1);
  }

  /**
   * {@code summary.skippedBursts.REASON}: repeated statements not reported for that reason (e.g.
   * {@code initializer}: a framework's schema or data script at start-up); -1 when absent.
   */
  long skippedBursts(String reason) {
    return summary().path("skippedBursts").path(reason).asLong(-1);
  }

  long leasesOpen() {
    return summary().path("leases").path("open").asLong(-1);
  }

  /** The {@code pools} entries, by name. */
  java.util.Map<String, JsonNode> pools() {
    java.util.Map<String, JsonNode> pools = new java.util.LinkedHashMap<>();
    root.path("pools").forEach(node -> pools.put(node.path("name").asText(null), node));
    return pools;
  }

  /** The {@code pools} entry named {@code name}; null when there is none. */
  ReportPool pool(String name) {
    JsonNode node = pools().get(name);
    return node == null ? null : new ReportPool(node);
  }

  /** The report's {@code tests}, each as {@code "TEST TYPE SITE"}, in order. */
  List<String> tests() {
    List<String> tests = new ArrayList<>();
    for (JsonNode test : root.path("tests")) {
      tests.add(test.path("test").asText() + " " + test.path("type").asText() + " " + test.path("site").asText());
    }
    return tests;
  }

  List<ReportFinding> findings() {
    List<ReportFinding> findings = new ArrayList<>();
    root.path("findings").forEach(node -> findings.add(new ReportFinding(node)));
    return findings;
  }

  /** The findings of one type, e.g. {@code LEAK_UNCLOSED}. */
  List<ReportFinding> findings(String type) {
    return findings().stream().filter(finding -> type.equals(finding.type())).toList();
  }

  /** The types of all findings, in report order. */
  List<String> findingTypes() {
    return findings().stream().map(ReportFinding::type).toList();
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.isTextual() ? node.asText() : node.toString()));
    return texts;
  }
}
