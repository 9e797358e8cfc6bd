package io.connlens.api;

/**
 * The agent's live view over JMX, registered as {@value #OBJECT_NAME}: counts a test or an operator
 * can poll, and an operation that writes the report now. The names below are the one declaration of
 * the bean's name, attributes and operations: a client calling through {@code MBeanServerConnection}
 * uses them, or a proxy of this interface ({@code JMX.newMXBeanProxy}).
 */
public interface ConnlensMXBean {
  /** The object name the bean is registered under. */
  String OBJECT_NAME = "io.connlens:type=Agent";
  /** Attribute: {@link #getOpenLeases()}. */
  String OPEN_LEASES = "OpenLeases";
  /** Attribute: {@link #getSuppressedErrors()}. */
  String SUPPRESSED_ERRORS = "SuppressedErrors";
  /** Operation: {@link #occurrences(String)}. */
  String OCCURRENCES = "occurrences";
  /** Operation: {@link #namedOccurrences(String)}. */
  String NAMED_OCCURRENCES = "namedOccurrences";
  /** Operation: {@link #occurrencesAt(String, String)}. */
  String OCCURRENCES_AT = "occurrencesAt";
  /** Operation: {@link #writeReport()}. */
  String WRITE_REPORT = "writeReport";
  /** Operation: {@link #reportJson()}. */
  String REPORT_JSON = "reportJson";
  /** Attribute: {@link #getOpenLeaseList()}. */
  String OPEN_LEASE_LIST = "OpenLeaseList";
  /** Attribute: {@link #getFindingCounts()}. */
  String FINDING_COUNTS = "FindingCounts";
  /** Attribute: {@link #getLastLeaseId()}. */
  String LAST_LEASE_ID = "LastLeaseId";
  /** Attribute: {@link #getFailOn()}. */
  String FAIL_ON = "FailOn";
  /** Operation: {@link #recordTestFailure(String, String, String, String)}. */
  String RECORD_TEST_FAILURE = "recordTestFailure";
  /** Operation: {@link #settle(String)}. */
  String SETTLE = "settle";
  /**
   * The type of the notification the bean sends once per new finding (not for later occurrences of
   * it): its message is the finding's message, its user data a composite with the items
   * {@code type}, {@code severity}, {@code pool}, {@code site} (first frame of the acquire site, or
   * {@code null}) and {@code sql} (normalized, or {@code null}).
   */
  String FINDING_NOTIFICATION = "io.connlens.finding";

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

  /**
   * The connections the application holds now, longest held first (at most 1000), those a pool
   * handed out before connlens was attached included.
   */
  LeaseStatus[] getOpenLeaseList();

  /** Occurrences so far per finding type ({@code LEAK_SUSPECTED}, ...), only the types seen. */
  java.util.Map<String, Long> getFindingCounts();

  /**
   * The report now, as JSON (schema {@code connlens.report/v1}, with the open leases), written
   * nowhere: what {@code connlens report PID} prints.
   */
  String reportJson();

  /** Writes the JSON report now to the configured {@code report} path; returns the path, or an explanation. */
  String writeReport();

  /**
   * The id of the last lease opened, 0 before the first. Ids rise in acquire order (the report's
   * {@code leases[].id}): a lease whose id is above the value read at some moment was acquired after it.
   */
  long getLastLeaseId();

  /** The finding types of {@code fail.on} (leak expanded to its types), in the order of {@link FindingType}. */
  String[] getFailOn();

  /**
   * Records now what the next scan would: the query bursts waiting to become findings, and the runs
   * of back-to-back executions in progress on the threads named {@code threadName} (every thread for
   * {@code null} or empty), which end here. Returns once done, or after five seconds. What a test
   * harness calls at the end of a test so that an N+1 the test ran is a finding before it looks.
   *
   * @return whether everything was recorded in time
   */
  boolean settle(String threadName);

  /**
   * A test harness failed {@code test} because of connlens: the report lists it under {@code tests}
   * (at most 1000; the rest are counted in {@code dropped.testFailures}).
   *
   * @param test the test, e.g. {@code com.example.OrderTest.leaks()}, or its class for its class-level methods
   * @param type {@code OPEN_AT_TEST_END} for a connection left open, else the finding type
   * @param site the first frame of the acquire or finding site, or {@code null}
   * @param sql the normalized SQL, or {@code null}
   */
  void recordTestFailure(String test, String type, String site, String sql);
}
