package io.connlens.agent.report;

import io.connlens.agent.application.ApplicationPackages;
import io.connlens.agent.detection.Finding;
import io.connlens.api.FindingType;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a report says, gathered at one instant: counters, agent health and the findings, frozen
 * ({@link Finding#snapshot()}), so that it says the same while it is written however the application
 * goes on. The runtime builds it; {@link JsonReportSink} and the console exit summary only format it.
 */
public final class ReportSnapshot {
  /** The value of the report's {@code schema} field. */
  public static final String SCHEMA = "connlens.report/v1";

  /** Why the report was made: at JVM exit, or on demand (CLI, JMX). */
  public enum Trigger { EXIT, ON_DEMAND }

  /**
   * Opened, closed and still-open counts of leases or physical connections, and those dropped
   * without close (garbage-collected: neither closed nor open any more).
   */
  public static final class Counts {
    public final long opened;
    public final long closed;
    public final long open;
    public final long unclosed;

    public Counts(long opened, long closed, long open, long unclosed) {
      this.opened = opened;
      this.closed = closed;
      this.open = open;
      this.unclosed = unclosed;
    }
  }

  /**
   * A pool's measured need (docs/report-format.md, {@code pools[].sizing}): the most leases open at
   * once, the time at its maximum size (sampled once a second), and the borrows that waited longer
   * than {@code waitThresholdMillis}: how many, in total and the longest.
   */
  public static final class Sizing {
    /** Nothing measured: a pool seen only through its physical connections. */
    public static final Sizing NONE = new Sizing(0, 0, 0, 0, 0, 0);

    public final long peakLeases;
    /** Time observed with a known maximum size, and the part of it at maximum, in milliseconds. */
    public final long observedMillis;
    public final long atMaxMillis;
    public final long waits;
    public final long waitedMillis;
    public final long longestWaitMillis;

    public Sizing(long peakLeases, long observedMillis, long atMaxMillis, long waits, long waitedMillis,
        long longestWaitMillis) {
      this.peakLeases = peakLeases;
      this.observedMillis = observedMillis;
      this.atMaxMillis = atMaxMillis;
      this.waits = waits;
      this.waitedMillis = waitedMillis;
      this.longestWaitMillis = longestWaitMillis;
    }
  }

  /**
   * One connection pool: its leases and the physical connections it opened since start, as the
   * registry counts them per pool name (docs/report-format.md, {@code pools}).
   */
  public static final class Pool {
    public final String name;
    /** The pool's kind ({@code hikaricp}, {@code dbcp2}, ...), or {@code null} when unknown. */
    public final String kind;
    /** The database URL, password removed; {@code null} when unknown. */
    public final String database;
    public final Counts leases;
    public final Counts physicalConnections;
    /** The pool's size and use as it reports them now: -1 where it does not say. */
    public final int maxSize;
    public final int active;
    public final int idle;
    /** Threads waiting for a connection now, as the pool reports them: -1 where it does not say. */
    public final int waiting;
    /** Its measured need, as {@link PoolSizing} compares it with its size. */
    public final Sizing sizing;

    public Pool(String name, String kind, String database, Counts leases, Counts physicalConnections, int maxSize,
        int active, int idle) {
      this(name, kind, database, leases, physicalConnections, maxSize, active, idle, -1, Sizing.NONE);
    }

    /** A pool that does not say how many threads wait. */
    public Pool(String name, String kind, String database, Counts leases, Counts physicalConnections, int maxSize,
        int active, int idle, Sizing sizing) {
      this(name, kind, database, leases, physicalConnections, maxSize, active, idle, -1, sizing);
    }

    public Pool(String name, String kind, String database, Counts leases, Counts physicalConnections, int maxSize,
        int active, int idle, int waiting, Sizing sizing) {
      this.waiting = waiting;
      this.sizing = sizing;
      this.name = name;
      this.kind = kind;
      this.database = database;
      this.leases = leases;
      this.physicalConnections = physicalConnections;
      this.maxSize = maxSize;
      this.active = active;
      this.idle = idle;
    }
  }

  /** One database server (host, port, database): the physical connections to it, whoever opened them. */
  public static final class Server {
    /** {@code host:port/database}, or an embedded database's URL without {@code jdbc:}. */
    public final String server;
    /** {@code null} for an embedded database. */
    public final String host;
    /** -1 when the URL gives none. */
    public final int port;
    /** {@code null} when the URL names none. */
    public final String database;
    public final Counts physicalConnections;
    /** Its open physical connections per pool name, in name order, and those no pool opened. */
    public final Map<String, Long> openByPool;
    public final long openDirect;
    /**
     * Each pool's own count of its connections to this server (in use and idle), in name order: also
     * those it opened before connlens was attached, which connlens never saw opened.
     */
    public final Map<String, Long> poolReported;

    public Server(String server, String host, int port, String database, Counts physicalConnections) {
      this(server, host, port, database, physicalConnections, Map.of(), 0);
    }

    public Server(String server, String host, int port, String database, Counts physicalConnections,
        Map<String, Long> openByPool, long openDirect) {
      this(server, host, port, database, physicalConnections, openByPool, openDirect, Map.of());
    }

    public Server(String server, String host, int port, String database, Counts physicalConnections,
        Map<String, Long> openByPool, long openDirect, Map<String, Long> poolReported) {
      this.poolReported = Collections.unmodifiableMap(new LinkedHashMap<>(poolReported));
      this.openByPool = Collections.unmodifiableMap(new LinkedHashMap<>(openByPool));
      this.openDirect = openDirect;
      this.server = server;
      this.host = host;
      this.port = port;
      this.database = database;
      this.physicalConnections = physicalConnections;
    }
  }

  /** The pools, by name. */
  public final List<Pool> pools;
  /** The database servers, by key. */
  public final List<Server> servers;

  public final String agentVersion;
  public final long pid;
  public final String javaVersion;
  public final long startedAtMillis;
  public final long generatedAtMillis;
  public final Trigger trigger;
  public final Counts leases;
  public final Counts physicalConnections;
  /** The acquire-site capture mode in force: {@code all}, {@code sampled} or {@code off}. */
  public final String siteCapture;
  public final long suppressedErrors;
  /** One line per class the agent failed to instrument. */
  public final List<String> instrumentationErrors;
  /** One line per configuration problem found at start. */
  public final List<String> configurationProblems;
  /** The finding types that fail the run ({@code fail.on}); empty when nothing does. */
  public final Set<FindingType> failOn;
  /** Whether the run fails: a {@code failOn} type has outstanding occurrences ({@code FailVerdict}). */
  public final boolean failed;
  /** The {@code failOn} types that fail the run, in enum order; empty when it does not fail. */
  public final Set<FindingType> failingTypes;
  /** The exit status connlens forces when {@link #failed} at exit, else {@code null}. */
  public final Integer exitStatus;
  public final List<Finding> findings;
  public final Map<FindingType, Long> occurrencesByType;
  /**
   * What the agent's bounds refused, by name ({@code findings}, {@code unitQueries}, ...; see
   * docs/how-it-works.md), in a stable order: nothing is lost without a count.
   */
  public final Map<String, Long> dropped;
  /** Which packages are the application's and how that was decided. */
  public final ApplicationPackages applicationPackages;
  /**
   * Query bursts not reported because no line of the application's could change them, by reason
   * ({@code initializer}: a schema or data script run at start-up), in a stable order.
   */
  public final Map<String, Long> skippedBursts;
  /** The tests a test harness failed because of connlens, as it told the agent ({@link TestFailures}). */
  public final List<TestFailures.TestFailure> tests;
  /** Each pool's use over the run ({@link PoolTimeline}); empty in a snapshot made without it. */
  public final List<PoolTimeline.Series> timeline;

  /** A snapshot without pools. */
  public ReportSnapshot(String agentVersion, long pid, String javaVersion, long startedAtMillis,
      long generatedAtMillis, Trigger trigger, Counts leases, Counts physicalConnections,
      String siteCapture, long suppressedErrors, List<String> instrumentationErrors,
      List<String> configurationProblems, Set<FindingType> failOn, Set<FindingType> failingTypes,
      Integer exitStatus, List<Finding> findings, Map<FindingType, Long> occurrencesByType,
      Map<String, Long> dropped, ApplicationPackages applicationPackages, Map<String, Long> skippedBursts) {
    this(agentVersion, pid, javaVersion, startedAtMillis, generatedAtMillis, trigger, leases, physicalConnections,
        siteCapture, suppressedErrors, instrumentationErrors, configurationProblems, failOn, failingTypes, exitStatus,
        findings, occurrencesByType, dropped, applicationPackages, skippedBursts, List.of(), List.of(), List.of(),
        List.of());
  }

  public ReportSnapshot(String agentVersion, long pid, String javaVersion, long startedAtMillis,
      long generatedAtMillis, Trigger trigger, Counts leases, Counts physicalConnections,
      String siteCapture, long suppressedErrors, List<String> instrumentationErrors,
      List<String> configurationProblems, Set<FindingType> failOn, Set<FindingType> failingTypes,
      Integer exitStatus, List<Finding> findings, Map<FindingType, Long> occurrencesByType,
      Map<String, Long> dropped, ApplicationPackages applicationPackages, Map<String, Long> skippedBursts,
      List<Pool> pools, List<Server> servers, List<TestFailures.TestFailure> tests,
      List<PoolTimeline.Series> timeline) {
    this.tests = List.copyOf(tests);
    this.timeline = List.copyOf(timeline);
    this.pools = List.copyOf(pools);
    this.servers = List.copyOf(servers);
    this.agentVersion = agentVersion;
    this.pid = pid;
    this.javaVersion = javaVersion;
    this.startedAtMillis = startedAtMillis;
    this.generatedAtMillis = generatedAtMillis;
    this.trigger = trigger;
    this.leases = leases;
    this.physicalConnections = physicalConnections;
    this.siteCapture = siteCapture;
    this.suppressedErrors = suppressedErrors;
    this.instrumentationErrors = List.copyOf(instrumentationErrors);
    this.configurationProblems = List.copyOf(configurationProblems);
    this.failOn = Set.copyOf(failOn);
    this.failingTypes = failingTypes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(failingTypes));
    this.failed = !failingTypes.isEmpty();
    this.exitStatus = exitStatus;
    this.findings = List.copyOf(findings);
    this.occurrencesByType = Map.copyOf(occurrencesByType);
    this.dropped = Collections.unmodifiableMap(new LinkedHashMap<>(dropped));
    this.applicationPackages = applicationPackages;
    this.skippedBursts = Collections.unmodifiableMap(new LinkedHashMap<>(skippedBursts));
  }
}
