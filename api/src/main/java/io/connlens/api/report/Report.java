package io.connlens.api.report;

import io.connlens.api.FindingType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A connlens JSON report ({@value #SCHEMA}, docs/report-format.md) as tools read it: the summary,
 * the pools, the servers and the findings, immutable. Fields a newer agent adds are ignored; a field
 * an older one lacks reads as absent ({@code null}, {@code -1}, empty). Built for the JUnit extension,
 * the Maven plugin and the command line, which read reports and must not depend on the agent.
 */
public final class Report {
  /** The schema this reads; every {@code connlens.report/v1} report. */
  public static final String SCHEMA = "connlens.report/v1";

  private final Summary summary;
  private final List<Pool> pools;
  private final List<Server> servers;
  private final List<Finding> findings;
  private final List<Lease> leases;
  private final long leasesOmitted;
  private final List<TestFailure> tests;
  private final List<PoolTimeline> timeline;

  private Report(Map<String, Object> json) {
    this.summary = new Summary(object(json, "summary"));
    this.pools = list(json, "pools", Pool::new);
    this.servers = list(json, "servers", Server::new);
    this.findings = list(json, "findings", Finding::new);
    this.leases = list(json, "leases", Lease::new);
    this.leasesOmitted = number(json, "leasesOmitted");
    this.tests = list(json, "tests", TestFailure::new);
    this.timeline = list(object(json, "timeline"), "pools", PoolTimeline::new);
  }

  /**
   * The report {@code json} holds.
   *
   * @throws IllegalArgumentException when it is not JSON, or not a {@value #SCHEMA} report
   */
  public static Report parse(String json) {
    Object value;
    try {
      value = JsonReader.parse(json);
    } catch (JsonReader.JsonException e) {
      throw new IllegalArgumentException("not a connlens report: " + e.getMessage(), e);
    }
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException("not a connlens report: not a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> report = (Map<String, Object>) value;
    Object schema = report.get("schema");
    if (!SCHEMA.equals(schema)) {
      throw new IllegalArgumentException("not a " + SCHEMA + " report: schema " + schema);
    }
    return new Report(report);
  }

  /** The report in the file {@code path} (UTF-8). */
  public static Report read(Path path) throws IOException {
    return parse(new String(Files.readAllBytes(path), StandardCharsets.UTF_8));
  }

  /** The run's totals, health and verdict. */
  public Summary summary() {
    return summary;
  }

  /** The pools, by name. */
  public List<Pool> pools() {
    return pools;
  }

  /** The database servers. */
  public List<Server> servers() {
    return servers;
  }

  /** The findings, most severe first. */
  public List<Finding> findings() {
    return findings;
  }

  /**
   * The leases open when the report was made, longest held first: only in a report the command line
   * asked for ({@code connlens leases}, {@code watch}, {@code report PID}); empty in the report file.
   */
  public List<Lease> leases() {
    return leases;
  }

  /** Open leases the report left out (it lists at most a thousand), the most recently taken. */
  public long leasesOmitted() {
    return leasesOmitted;
  }

  /**
   * The tests a test harness (the JUnit extension) failed because of connlens, in the order it did:
   * empty when none ran, or none failed.
   */
  public List<TestFailure> tests() {
    return tests;
  }

  /** Each pool's use over the run, sampled (the agent keeps at most 600 samples a pool); empty in older reports. */
  public List<PoolTimeline> timeline() {
    return timeline;
  }

  /** One pool's samples: time since the agent started, used, idle, max and waiting connections. */
  public static final class PoolTimeline {
    private final String pool;
    private final long intervalMillis;
    private final List<long[]> samples;

    PoolTimeline(Map<String, Object> json) {
      this.pool = text(json, "pool");
      this.intervalMillis = number(json, "intervalMillis");
      List<long[]> rows = new ArrayList<>();
      Object value = json.get("samples");
      if (value instanceof List) {
        for (Object row : (List<?>) value) {
          if (row instanceof List && ((List<?>) row).size() >= 5) {
            long[] sample = new long[5];
            for (int i = 0; i < 5; i++) {
              Object v = ((List<?>) row).get(i);
              sample[i] = v instanceof Number ? ((Number) v).longValue() : -1;
            }
            rows.add(sample);
          }
        }
      }
      this.samples = Collections.unmodifiableList(rows);
    }

    public String pool() {
      return pool;
    }

    /** Milliseconds between two samples at the end of the run. */
    public long intervalMillis() {
      return intervalMillis;
    }

    /**
     * The samples in time order, each {@code [millisSinceStart, used, idle, max, waiting]}; -1 where
     * the pool does not say.
     */
    public List<long[]> samples() {
      return samples;
    }
  }

  /**
   * The tests the JUnit extension failed for {@code finding}: those with its site's first frame, for
   * its type, or for a connection left open when it is a leak (whose finding comes after the test).
   */
  public List<String> testsOf(Finding finding) {
    List<String> names = new ArrayList<>();
    String site = finding.firstFrame();
    if (site == null) {
      return names;
    }
    FindingType type = FindingType.byName(finding.type());
    for (TestFailure t : tests) {
      boolean sameKind = finding.type().equals(t.type())
          || (type != null && type.isLeak() && TestFailure.OPEN_AT_TEST_END.equals(t.type()));
      if (sameKind && site.equals(t.site()) && !names.contains(t.test())) {
        names.add(t.test());
      }
    }
    return names;
  }

  /** A test failed because of connlens: which, why, and where. */
  public static final class TestFailure {
    /** The type of a failure for a connection the test left open. */
    public static final String OPEN_AT_TEST_END = "OPEN_AT_TEST_END";

    private final String test;
    private final String type;
    private final String site;
    private final String sql;

    TestFailure(Map<String, Object> json) {
      this.test = text(json, "test");
      this.type = text(json, "type");
      this.site = text(json, "site");
      this.sql = text(json, "sql");
    }

    /** The test, e.g. {@code com.example.OrderTest.leaks()}, or a class for its class-level methods. */
    public String test() {
      return test;
    }

    /** {@code OPEN_AT_TEST_END} for a connection left open, else the finding type. */
    public String type() {
      return type;
    }

    /** The first frame of the acquire or finding site, or {@code null}. */
    public String site() {
      return site;
    }

    /** The normalized SQL, or {@code null}. */
    public String sql() {
      return sql;
    }
  }

  /** The findings of one type. */
  public List<Finding> findings(FindingType type) {
    List<Finding> of = new ArrayList<>();
    for (Finding f : findings) {
      if (type.name().equals(f.type())) {
        of.add(f);
      }
    }
    return Collections.unmodifiableList(of);
  }

  /** Opened, closed, open and unclosed (garbage-collected without close) leases or connections. */
  public static final class Counts {
    private final long opened;
    private final long closed;
    private final long open;
    private final long unclosed;

    Counts(Map<String, Object> json) {
      this.opened = number(json, "opened");
      this.closed = number(json, "closed");
      this.open = number(json, "open");
      this.unclosed = number(json, "unclosed");
    }

    /** Opened since start. */
    public long opened() {
      return opened;
    }

    /** Closed since start. */
    public long closed() {
      return closed;
    }

    /** Open when the report was made. */
    public long open() {
      return open;
    }

    /** Garbage-collected without close. */
    public long unclosed() {
      return unclosed;
    }
  }

  /** The report's {@code summary}. */
  public static final class Summary {
    private final String startedAt;
    private final String generatedAt;
    private final String java;
    private final String agentVersion;
    private final long pid;
    private final Counts leases;
    private final Counts physicalConnections;
    private final Map<String, Long> occurrences;
    private final long suppressedErrors;
    private final List<String> instrumentationErrors;
    private final List<String> failOn;
    private final boolean failed;
    private final Long exitStatus;

    Summary(Map<String, Object> json) {
      this.startedAt = text(json, "startedAt");
      this.generatedAt = text(json, "generatedAt");
      this.java = text(json, "java");
      this.agentVersion = text(json, "agentVersion");
      this.pid = number(json, "pid");
      this.leases = new Counts(object(json, "leases"));
      this.physicalConnections = new Counts(object(json, "physicalConnections"));
      Map<String, Long> byType = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : object(json, "occurrences").entrySet()) {
        if (e.getValue() instanceof Number) {
          byType.put(e.getKey(), ((Number) e.getValue()).longValue());
        }
      }
      this.occurrences = Collections.unmodifiableMap(byType);
      this.suppressedErrors = number(json, "suppressedErrors");
      this.instrumentationErrors = texts(json, "instrumentationErrors");
      this.failOn = texts(json, "failOn");
      this.failed = Boolean.TRUE.equals(json.get("failed"));
      Object status = json.get("exitStatus");
      this.exitStatus = status instanceof Number ? ((Number) status).longValue() : null;
    }

    /** The agent's version. */
    /** When the agent started (ISO-8601, UTC), or {@code null}. */
    public String startedAt() {
      return startedAt;
    }

    /** When the report was made (ISO-8601, UTC), or {@code null}. */
    public String generatedAt() {
      return generatedAt;
    }

    /** The Java version of the JVM, or {@code null}. */
    public String java() {
      return java;
    }

    public String agentVersion() {
      return agentVersion;
    }

    /** The process id. */
    public long pid() {
      return pid;
    }

    /** The leases of the run. */
    public Counts leases() {
      return leases;
    }

    /** The physical connections of the run. */
    public Counts physicalConnections() {
      return physicalConnections;
    }

    /** Occurrences by finding type name (types with none left out). */
    public Map<String, Long> occurrences() {
      return occurrences;
    }

    /** Errors connlens suppressed; anything but 0 is a connlens bug. */
    public long suppressedErrors() {
      return suppressedErrors;
    }

    /** Classes connlens failed to instrument. */
    public List<String> instrumentationErrors() {
      return instrumentationErrors;
    }

    /** The finding type names that fail the run. */
    public List<String> failOn() {
      return failOn;
    }

    /** Whether the run failed ({@code fail.on}). */
    public boolean failed() {
      return failed;
    }

    /** The {@code fail.on} types that occurred, in {@code fail.on}'s order: what failed the run; empty when it did not fail. */
    public List<String> failingTypes() {
      if (!failed) {
        return List.of();
      }
      List<String> types = new ArrayList<>();
      for (String type : failOn) {
        if (occurrences.getOrDefault(type, 0L) > 0) {
          types.add(type);
        }
      }
      return Collections.unmodifiableList(types);
    }

    /** The exit status connlens forced, or {@code null}. */
    public Long exitStatus() {
      return exitStatus;
    }
  }

  /** One entry of {@code pools}. */
  public static final class Pool {
    private final String name;
    private final String kind;
    private final String database;
    private final Counts leases;
    private final Counts physicalConnections;
    private final long maxSize;
    private final long active;
    private final long idle;
    private final long waiting;
    private final long peakLeases;
    private final long observedMillis;
    private final long atMaxMillis;
    private final long waits;
    private final long waitedMillis;
    private final long longestWaitMillis;
    private final String sizing;

    Pool(Map<String, Object> json) {
      this.peakLeases = optionalNumber(json, "peakLeases");
      Map<String, Object> atMax = object(json, "atMax");
      this.observedMillis = optionalNumber(atMax, "observedMillis");
      this.atMaxMillis = optionalNumber(atMax, "atMaxMillis");
      Map<String, Object> waitsJson = object(json, "waits");
      this.waits = optionalNumber(waitsJson, "count");
      this.waitedMillis = optionalNumber(waitsJson, "totalMillis");
      this.longestWaitMillis = optionalNumber(waitsJson, "longestMillis");
      this.sizing = text(json, "sizing");
      this.name = text(json, "name");
      this.kind = text(json, "kind");
      this.database = text(json, "database");
      this.leases = new Counts(object(json, "leases"));
      this.physicalConnections = new Counts(object(json, "physicalConnections"));
      this.maxSize = optionalNumber(json, "maxSize");
      this.active = optionalNumber(json, "active");
      this.idle = optionalNumber(json, "idle");
      this.waiting = optionalNumber(json, "waiting");
    }

    /** The pool's name, as findings name it. */
    public String name() {
      return name;
    }

    /** {@code hikaricp}, {@code dbcp2}, ..., or {@code null}. */
    public String kind() {
      return kind;
    }

    /** The database URL (password masked), or {@code null}. */
    public String database() {
      return database;
    }

    /** Its leases. */
    public Counts leases() {
      return leases;
    }

    /** Its physical connections. */
    public Counts physicalConnections() {
      return physicalConnections;
    }

    /** Its maximum size, or -1 when the report does not say. */
    public long maxSize() {
      return maxSize;
    }

    /** Connections in use as the pool said, or -1. */
    public long active() {
      return active;
    }

    /** Idle connections as the pool said, or -1. */
    public long idle() {
      return idle;
    }

    /** Threads waiting for a connection when the report was made, or -1 when the pool does not say. */
    public long waiting() {
      return waiting;
    }

    /** The most leases open at once since start, or -1 when the report does not say. */
    public long peakLeases() {
      return peakLeases;
    }

    /** The time observed with a known maximum size (sampled once a second), in ms, or -1. */
    public long observedMillis() {
      return observedMillis;
    }

    /** The part of {@link #observedMillis()} the pool spent at its maximum size, in ms, or -1. */
    public long atMaxMillis() {
      return atMaxMillis;
    }

    /** Borrows that waited longer than the report's {@code waits.overMillis} (1 ms), or -1. */
    public long waits() {
      return waits;
    }

    /** Their total wait in ms, or -1. */
    public long waitedMillis() {
      return waitedMillis;
    }

    /** The longest wait in ms, or -1. */
    public long longestWaitMillis() {
      return longestWaitMillis;
    }

    /** The line comparing its need with its size ("peak 4 of 25; 21 idle connections hold server slots"), or {@code null}. */
    public String sizing() {
      return sizing;
    }
  }

  /** One entry of {@code servers}. */
  public static final class Server {
    private final String server;
    private final String host;
    private final long port;
    private final String database;
    private final Counts physicalConnections;
    private final Map<String, Long> openByPool;
    private final long openDirect;
    private final Map<String, Long> poolReported;

    Server(Map<String, Object> json) {
      this.openByPool = perPool(json, "openByPool", "open");
      this.poolReported = perPool(json, "poolReported", "connections");
      this.openDirect = optionalNumber(json, "openDirect");
      this.server = text(json, "server");
      this.host = text(json, "host");
      this.port = optionalNumber(json, "port");
      this.database = text(json, "database");
      this.physicalConnections = new Counts(object(json, "physicalConnections"));
    }

    /** {@code host:port/database}, or an embedded database's URL without {@code jdbc:}. */
    public String server() {
      return server;
    }

    /** The host, or {@code null}. */
    public String host() {
      return host;
    }

    /** The port, or -1. */
    public long port() {
      return port;
    }

    /** The database, or {@code null}. */
    public String database() {
      return database;
    }

    /** The physical connections to it. */
    public Counts physicalConnections() {
      return physicalConnections;
    }

    /** Its open physical connections per pool name, in name order; empty when the report does not say. */
    public Map<String, Long> openByPool() {
      return openByPool;
    }

    /** Its open physical connections no pool opened (DriverManager, a data source that is no pool), or -1. */
    public long openDirect() {
      return openDirect;
    }

    /**
     * Each pool's own count of its connections to this server (in use and idle), by pool name: also those
     * opened before connlens was attached; empty when no pool says.
     */
    public Map<String, Long> poolReported() {
      return poolReported;
    }
  }

  /** One entry of {@code findings}. */
  public static final class Finding {
    private final String type;
    private final String severity;
    private final String message;
    private final long count;
    private final boolean siteCaptured;
    private final List<String> frames;
    private final String thread;
    private final String pool;
    private final String database;
    private final long heldMillis;
    private final String sql;
    private final long executions;
    private final String endedBy;
    private final String hint;
    private final long waiting;
    private final List<ConnectionGroup> holders;
    private final String failedThread;
    private final List<String> failedFrames;
    private final String server;
    private final Map<String, Long> serverPools;
    private final long directConnections;
    private final List<ConnectionGroup> directBySite;
    private final long connections;
    private final long windowMillis;
    private final long meanHeldMicros;

    Finding(Map<String, Object> json) {
      this.connections = optionalNumber(json, "connections");
      this.windowMillis = optionalNumber(json, "windowMillis");
      this.meanHeldMicros = optionalNumber(json, "meanHeldMicros");
      this.type = text(json, "type");
      this.severity = text(json, "severity");
      this.message = text(json, "message");
      this.count = number(json, "count");
      Map<String, Object> site = object(json, "site");
      this.siteCaptured = Boolean.TRUE.equals(site.get("captured"));
      this.frames = texts(site, "frames");
      this.thread = text(json, "thread");
      this.pool = text(json, "pool");
      this.database = text(json, "database");
      this.heldMillis = optionalNumber(json, "heldMillis");
      this.sql = text(json, "sql");
      this.executions = optionalNumber(json, "executions");
      this.endedBy = text(json, "endedBy");
      this.hint = text(json, "hint");
      this.waiting = optionalNumber(json, "waiting");
      this.holders = list(json, "holders", ConnectionGroup::new);
      Map<String, Object> failed = object(json, "failedBorrow");
      this.failedThread = text(failed, "thread");
      this.failedFrames = texts(object(failed, "site"), "frames");
      this.server = text(json, "server");
      Map<String, Object> connections = object(json, "serverConnections");
      Map<String, Long> pools = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : object(connections, "pools").entrySet()) {
        if (e.getValue() instanceof Number) {
          pools.put(e.getKey(), ((Number) e.getValue()).longValue());
        }
      }
      this.serverPools = Collections.unmodifiableMap(pools);
      this.directConnections = optionalNumber(connections, "direct");
      this.directBySite = list(connections, "directBySite", ConnectionGroup::new);
    }

    /** Threads waiting for a connection of the pool (POOL_EXHAUSTED, POOL_SATURATION), or -1. */
    public long waiting() {
      return waiting;
    }

    /**
     * The pool's open connections by acquire site, most first (POOL_EXHAUSTED, POOL_SATURATION): the
     * first is the finding's site, the code that pinned the connections.
     */
    public List<ConnectionGroup> holders() {
      return holders;
    }

    /** The thread whose borrow failed (POOL_EXHAUSTED), or {@code null}. */
    public String failedThread() {
      return failedThread;
    }

    /** Where the borrow that failed was made (POOL_EXHAUSTED), application frames first; empty when unknown. */
    public List<String> failedFrames() {
      return failedFrames;
    }

    /** The server that refused a connection ({@code host:port/database}; SERVER_CONNECTION_LIMIT), or {@code null}. */
    public String server() {
      return server;
    }

    /** This JVM's open physical connections to {@link #server()} per pool (SERVER_CONNECTION_LIMIT). */
    public Map<String, Long> serverPools() {
      return serverPools;
    }

    /** This JVM's open physical connections to {@link #server()} that no pool opened, or -1. */
    public long directConnections() {
      return directConnections;
    }

    /** The direct connections to {@link #server()} by acquire site (SERVER_CONNECTION_LIMIT). */
    public List<ConnectionGroup> directBySite() {
      return directBySite;
    }

    /** The finding type's name ({@code LEAK_UNCLOSED}); see {@link FindingType}. */
    public String type() {
      return type;
    }

    /** {@code error}, {@code warning} or {@code info}. */
    public String severity() {
      return severity;
    }

    /** One line saying what happened. */
    public String message() {
      return message;
    }

    /** How many occurrences it aggregates. */
    public long count() {
      return count;
    }

    /** Whether the acquire site was captured. */
    public boolean siteCaptured() {
      return siteCaptured;
    }

    /** The acquire site's frames, the application's line first; empty when not captured. */
    public List<String> frames() {
      return frames;
    }

    /** The first frame, where the fix goes, or {@code null}. */
    public String firstFrame() {
      return frames.isEmpty() ? null : frames.get(0);
    }

    /** The thread that took the connection (or ran the queries), or {@code null}. */
    public String thread() {
      return thread;
    }

    /** The pool's name, or {@code null}. */
    public String pool() {
      return pool;
    }

    /** The database URL (password masked), or {@code null}. */
    public String database() {
      return database;
    }

    /** How long the connection was held, in milliseconds, or -1. */
    public long heldMillis() {
      return heldMillis;
    }

    /** The normalized SQL of a query finding, or {@code null}. */
    public String sql() {
      return sql;
    }

    /** How often the query ran, or -1. */
    public long executions() {
      return executions;
    }

    /** {@code POOL} or {@code POOL_SHUTDOWN} for a leak the pool ended, else {@code null}. */
    public String endedBy() {
      return endedBy;
    }

    /** The fix hint, or {@code null}. */
    public String hint() {
      return hint;
    }

    /** {@code UNPOOLED_CONNECTIONS}: physical connections opened at the site in the window, or -1. */
    public long connections() {
      return connections;
    }

    /** {@code UNPOOLED_CONNECTIONS}: the window's length in ms, or -1. */
    public long windowMillis() {
      return windowMillis;
    }

    /** {@code UNPOOLED_CONNECTIONS}: how long each connection was held on average, in µs, or -1. */
    public long meanHeldMicros() {
      return meanHeldMicros;
    }
  }

  /** A connection the application holds: a lease connlens tracked, or one a pool handed out before connlens was attached. */
  public static final class Lease {
    private final long id;
    private final boolean beforeAttach;
    private final String pool;
    private final String database;
    private final String thread;
    private final String acquiredAt;
    private final long heldMillis;
    private final long statements;
    private final String lastSql;
    private final boolean inTransaction;
    private final boolean siteCaptured;
    private final boolean applicationFrame;
    private final List<String> frames;
    private final Holder holder;

    Lease(Map<String, Object> json) {
      this.id = number(json, "id");
      this.beforeAttach = Boolean.TRUE.equals(json.get("beforeAttach"));
      this.pool = text(json, "pool");
      this.database = text(json, "database");
      this.thread = text(json, "thread");
      this.acquiredAt = text(json, "acquiredAt");
      this.heldMillis = optionalNumber(json, "heldMillis");
      this.statements = optionalNumber(json, "statements");
      this.lastSql = text(json, "lastSql");
      this.inTransaction = Boolean.TRUE.equals(json.get("inTransaction"));
      Map<String, Object> site = object(json, "site");
      this.siteCaptured = Boolean.TRUE.equals(site.get("captured"));
      this.applicationFrame = Boolean.TRUE.equals(site.get("applicationFrame"));
      this.frames = texts(site, "frames");
      Map<String, Object> holderJson = object(json, "holder");
      this.holder = holderJson.isEmpty() ? null : new Holder(holderJson);
    }

    /** The lease's number in the JVM; 0 for one taken before the attach. */
    public long id() {
      return id;
    }

    /** Whether the pool handed it out before connlens was attached (then known only as the pool recorded it). */
    public boolean beforeAttach() {
      return beforeAttach;
    }

    /** The pool's name, or {@code null} (DriverManager, a data source that is no pool). */
    public String pool() {
      return pool;
    }

    /** The database URL (password masked), or {@code null}. */
    public String database() {
      return database;
    }

    /** The thread that took it, or {@code null} when unknown. */
    public String thread() {
      return thread;
    }

    /** When it was taken (ISO-8601), or {@code null} when the pool does not say. */
    public String acquiredAt() {
      return acquiredAt;
    }

    /** How long it has been held, in milliseconds, or -1 when unknown. */
    public long heldMillis() {
      return heldMillis;
    }

    /** Statements run on it, or -1 when unknown. */
    public long statements() {
      return statements;
    }

    /** The last statement run on it, normalized, or {@code null}. */
    public String lastSql() {
      return lastSql;
    }

    /** Whether a transaction is open on it. */
    public boolean inTransaction() {
      return inTransaction;
    }

    /** Whether its acquire site is known. */
    public boolean siteCaptured() {
      return siteCaptured;
    }

    /** Whether the site's first frame is the application's. */
    public boolean applicationFrame() {
      return applicationFrame;
    }

    /** The acquire site's frames, the application's first; empty when not captured. */
    public List<String> frames() {
      return frames;
    }

    /** The acquire site's first frame, or {@code null}. */
    public String firstFrame() {
      return frames.isEmpty() ? null : frames.get(0);
    }

    /** What the holder thread is doing now, or {@code null} when the holder is unknown. */
    public Holder holder() {
      return holder;
    }
  }

  /** A thread holding a connection, as it was when the report was made. */
  public static final class Holder {
    private final String thread;
    private final String state;
    private final String activity;
    private final List<String> frames;

    Holder(Map<String, Object> json) {
      this.thread = text(json, "thread");
      this.state = text(json, "state");
      this.activity = text(json, "activity");
      this.frames = texts(json, "frames");
    }

    /** The thread's name. */
    public String thread() {
      return thread;
    }

    /** Its {@code Thread.State} name, or {@code null}. */
    public String state() {
      return state;
    }

    /** What it does: {@code IN_JDBC_CALL}, {@code RUNNING_APPLICATION_CODE}, {@code WAITING}, {@code IDLE_IN_THREAD_POOL}, {@code DEAD}, {@code UNKNOWN}. */
    public String activity() {
      return activity;
    }

    /** The top of its stack now. */
    public List<String> frames() {
      return frames;
    }
  }


  /** Open connections taken at one acquire site, in an exhaustion finding. */
  public static final class ConnectionGroup {
    private final List<String> frames;
    private final long count;
    private final long oldestHeldMillis;
    private final List<String> threads;
    private final List<String> activities;

    ConnectionGroup(Map<String, Object> json) {
      this.frames = texts(object(json, "site"), "frames");
      this.count = number(json, "count");
      this.oldestHeldMillis = optionalNumber(json, "oldestHeldMillis");
      List<String> names = new ArrayList<>();
      List<String> doing = new ArrayList<>();
      for (Map<String, Object> thread : list(json, "threads", thread -> thread)) {
        names.add(text(thread, "thread"));
        doing.add(text(thread, "activity"));
      }
      this.threads = Collections.unmodifiableList(names);
      this.activities = Collections.unmodifiableList(doing);
    }

    /** The site's frames, the application's line first; empty when it was not captured. */
    public List<String> frames() {
      return frames;
    }

    /** The first frame, or {@code null}. */
    public String firstFrame() {
      return frames.isEmpty() ? null : frames.get(0);
    }

    /** How many open connections were taken there. */
    public long count() {
      return count;
    }

    /** How long the oldest was held, in milliseconds, or -1. */
    public long oldestHeldMillis() {
      return oldestHeldMillis;
    }

    /** The names of the holder threads described (a few of the oldest). */
    public List<String> threads() {
      return threads;
    }

    /** What each of {@link #threads()} was doing ({@code RUNNING_APPLICATION_CODE}, ...), in the same order. */
    public List<String> activities() {
      return activities;
    }
  }

  // reading, lenient about what is missing: an older report lacks newer fields

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Map<String, Object> json, String name) {
    Object value = json.get(name);
    return value instanceof Map ? (Map<String, Object>) value : Map.of();
  }

  private interface Reading<T> {
    T read(Map<String, Object> json);
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> list(Map<String, Object> json, String name, Reading<T> reading) {
    Object value = json.get(name);
    if (!(value instanceof List)) {
      return List.of();
    }
    List<T> items = new ArrayList<>();
    for (Object item : (List<Object>) value) {
      if (item instanceof Map) {
        items.add(reading.read((Map<String, Object>) item));
      }
    }
    return Collections.unmodifiableList(items);
  }

  /** A list of {@code {"pool": NAME, count: N}} objects as a map from name to count, in the list's order. */
  private static Map<String, Long> perPool(Map<String, Object> json, String name, String count) {
    Map<String, Long> byPool = new LinkedHashMap<>();
    for (Map<String, Object> item : list(json, name, item -> item)) {
      String pool = text(item, "pool");
      if (pool != null) {
        byPool.put(pool, number(item, count));
      }
    }
    return Collections.unmodifiableMap(byPool);
  }

  private static String text(Map<String, Object> json, String name) {
    Object value = json.get(name);
    return value instanceof String ? (String) value : null;
  }

  private static List<String> texts(Map<String, Object> json, String name) {
    Object value = json.get(name);
    if (!(value instanceof List)) {
      return List.of();
    }
    List<String> texts = new ArrayList<>();
    for (Object item : (List<?>) value) {
      if (item instanceof String) {
        texts.add((String) item);
      }
    }
    return Collections.unmodifiableList(texts);
  }

  private static long number(Map<String, Object> json, String name) {
    Object value = json.get(name);
    return value instanceof Number ? ((Number) value).longValue() : 0;
  }

  private static long optionalNumber(Map<String, Object> json, String name) {
    Object value = json.get(name);
    return value instanceof Number ? ((Number) value).longValue() : -1;
  }
}
