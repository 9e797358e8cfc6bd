package io.connlens.it;

import com.fasterxml.jackson.databind.JsonNode;

/** One entry of a report's {@code pools}, with the fields the tests read; absent fields read as null or -1. */
final class ReportPool {
  private final JsonNode node;

  ReportPool(JsonNode node) {
    this.node = node;
  }

  String name() {
    return text(node.get("name"));
  }

  /** {@code database}: the pool's JDBC URL, password redacted; null when absent. */
  String database() {
    return text(node.get("database"));
  }

  /** {@code leases} as JSON text, e.g. {@code {"opened":53,"closed":53,"open":0,"unclosed":0}}. */
  String leases() {
    return node.path("leases").toString();
  }

  /** {@code physicalConnections}: what the pool opened, as the summary's object of that name. */
  JsonNode physicalConnections() {
    return node.path("physicalConnections");
  }

  /** {@code maxSize}: the most connections the pool is configured to hold; -1 when absent. */
  long maxSize() {
    return node.path("maxSize").asLong(-1);
  }

  /** {@code peakLeases}: the most leases open at once; -1 when absent. */
  long peakLeases() {
    return node.path("peakLeases").asLong(-1);
  }

  /** {@code waits}: the borrows that waited past {@code waits.overMillis}, as JSON. */
  JsonNode waits() {
    return node.path("waits");
  }

  /** {@code sizing}: the line comparing the pool's need with its size; null when absent. */
  String sizing() {
    return text(node.get("sizing"));
  }

  @Override
  public String toString() {
    return node.toPrettyString();
  }

  private static String text(JsonNode value) {
    return value == null || value.isNull() ? null : value.asText();
  }
}
