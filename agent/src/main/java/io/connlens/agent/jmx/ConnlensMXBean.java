package io.connlens.agent.jmx;

/**
 * The agent's live view over JMX, registered as {@code io.connlens:type=Agent}: counts a test or an
 * operator can poll, and an operation that writes the report now.
 */
public interface ConnlensMXBean {
  /** The object name the bean is registered under. */
  String OBJECT_NAME = "io.connlens:type=Agent";

  /** Leases open now. */
  long getOpenLeases();

  /** Physical connections open now. */
  long getOpenPhysicalConnections();

  /** Every pool seen since start, by name. */
  PoolStatus[] getPools();

  /** Every database server a physical connection was opened to since start. */
  ServerStatus[] getServers();

  /** Errors the agent suppressed; anything but 0 is a connlens bug worth reporting. */
  long getSuppressedErrors();

  /** Findings so far (aggregated entries). */
  long getFindings();

  /** Occurrences of findings of this type so far (0 for an unknown type). */
  long occurrences(String findingType);

  /** Occurrences of findings of this type whose acquire site was captured. */
  long namedOccurrences(String findingType);

  /**
   * Occurrences of findings of this type whose site's first frame contains {@code siteText} (for
   * example {@code "OrderService.export("}): lets a test wait for the one finding it provoked.
   */
  long occurrencesAt(String findingType, String siteText);

  /** Writes the JSON report now to the configured {@code report} path; returns the path, or an explanation. */
  String writeReport();
}
