package io.connlens.agent.report;

import io.connlens.agent.detection.ConnectionGroup;
import io.connlens.agent.detection.ExhaustionSnapshot;
import io.connlens.agent.detection.Finding;
import io.connlens.agent.detection.Holder;
import io.connlens.agent.detection.OpenLease;
import io.connlens.agent.detection.OpenLeases;
import io.connlens.agent.detection.UnpooledRate;
import io.connlens.agent.registry.BorrowWaits;
import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.OrmLoad;
import io.connlens.api.FindingType;
import io.connlens.api.report.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a {@link ReportSnapshot} as the JSON report ({@code report=PATH}), schema
 * {@value ReportSnapshot#SCHEMA}. The field names are a public interface (docs/report-format.md): a
 * QA run parses them, so never rename one; optional fields are left out rather than written as
 * {@code null}.
 */
public final class JsonReportSink {

  /** A sink; it keeps no state, so one instance serves every report. */
  public JsonReportSink() {
  }

  /**
   * Writes the report to {@code path} in UTF-8, creating missing parent directories. The text goes
   * to a temporary file beside {@code path} first and is then moved into place, so a reader (a CI
   * step, a second report on demand) never sees half a report.
   *
   * @throws IOException when the directory or file cannot be written; no temporary file is left
   */
  public void write(ReportSnapshot snapshot, Path path) throws IOException {
    Path target = path.toAbsolutePath();
    Path directory = target.getParent();
    Files.createDirectories(directory);
    byte[] bytes = (toJson(snapshot) + "\n").getBytes(StandardCharsets.UTF_8);
    // Not Files.createTempFile: it creates owner-only files, and the report should get the same
    // permissions as any other file the process creates.
    Path temp = directory.resolve(target.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        out.write(bytes);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The report as pretty-printed JSON text, without a trailing newline. */
  public String toJson(ReportSnapshot snapshot) {
    return toJson(snapshot, null);
  }

  /**
   * The report as pretty-printed JSON text, without a trailing newline; with {@code leases}, the open
   * leases too (the command line's on-demand report), else without them.
   */
  public String toJson(ReportSnapshot snapshot, OpenLeases.Listing leases) {
    JsonWriter json = new JsonWriter();
    json.beginObject();
    json.name("schema").value(ReportSnapshot.SCHEMA);
    json.name("summary");
    summary(json, snapshot);
    json.name("pools").beginArray();
    for (ReportSnapshot.Pool pool : snapshot.pools) {
      json.beginObject();
      json.name("name").value(pool.name);
      optional(json, "kind", pool.kind);
      optional(json, "database", pool.database);
      json.name("leases");
      counts(json, pool.leases);
      json.name("physicalConnections");
      counts(json, pool.physicalConnections);
      gauge(json, "maxSize", pool.maxSize);
      gauge(json, "active", pool.active);
      gauge(json, "idle", pool.idle);
      gauge(json, "waiting", pool.waiting);
      sizing(json, pool);
      json.endObject();
    }
    json.endArray();
    json.name("servers").beginArray();
    for (ReportSnapshot.Server server : snapshot.servers) {
      json.beginObject();
      json.name("server").value(server.server);
      optional(json, "host", server.host);
      gauge(json, "port", server.port);
      optional(json, "database", server.database);
      json.name("physicalConnections");
      counts(json, server.physicalConnections);
      json.name("openByPool").beginArray();
      for (Map.Entry<String, Long> held : server.openByPool.entrySet()) {
        json.beginObject().name("pool").value(held.getKey()).name("open").value(held.getValue()).endObject();
      }
      json.endArray();
      json.name("openDirect").value(server.openDirect);
      if (!server.poolReported.isEmpty()) {
        json.name("poolReported").beginArray();
        for (Map.Entry<String, Long> pool : server.poolReported.entrySet()) {
          json.beginObject().name("pool").value(pool.getKey()).name("connections").value(pool.getValue()).endObject();
        }
        json.endArray();
      }
      json.endObject();
    }
    json.endArray();
    if (leases != null) {
      json.name("leases").beginArray();
      for (OpenLease lease : leases.leases()) {
        lease(json, lease);
      }
      json.endArray();
      json.name("leasesOmitted").value(leases.omitted());
    }
    json.name("tests").beginArray();
    for (TestFailures.TestFailure test : snapshot.tests) {
      json.beginObject().name("test").value(test.test).name("type").value(test.type);
      optional(json, "site", test.site);
      optional(json, "sql", test.sql);
      json.endObject();
    }
    json.endArray();
    json.name("timeline").beginObject().name("pools").beginArray();
    for (PoolTimeline.Series series : snapshot.timeline) {
      json.beginObject().name("pool").value(series.pool).name("intervalMillis").value(series.intervalMillis);
      json.name("samples").beginArray();
      for (long[] sample : series.samples) {
        json.beginArray();
        for (long v : sample) {
          json.value(v);
        }
        json.endArray();
      }
      json.endArray().endObject();
    }
    json.endArray().endObject();
    json.name("findings").beginArray();
    for (Finding finding : snapshot.findings) {
      finding(json, finding);
    }
    json.endArray();
    json.endObject();
    return json.toString();
  }

  /** A pool's measured need and the line that compares it with its size (docs/report-format.md). */
  private static void sizing(JsonWriter json, ReportSnapshot.Pool pool) {
    ReportSnapshot.Sizing z = pool.sizing;
    json.name("peakLeases").value(z.peakLeases);
    json.name("atMax").beginObject();
    json.name("observedMillis").value(z.observedMillis);
    json.name("atMaxMillis").value(z.atMaxMillis);
    json.endObject();
    json.name("waits").beginObject();
    json.name("overMillis").value(BorrowWaits.THRESHOLD_NANOS / 1_000_000L);
    json.name("count").value(z.waits);
    json.name("totalMillis").value(z.waitedMillis);
    json.name("longestMillis").value(z.longestWaitMillis);
    json.endObject();
    json.name("sizing").value(PoolSizing.line(pool));
  }

  private static void summary(JsonWriter json, ReportSnapshot s) {
    json.beginObject();
    json.name("agentVersion").value(s.agentVersion);
    json.name("pid").value(s.pid);
    json.name("java").value(s.javaVersion);
    json.name("startedAt").value(instant(s.startedAtMillis));
    json.name("generatedAt").value(instant(s.generatedAtMillis));
    json.name("trigger").value(s.trigger == ReportSnapshot.Trigger.EXIT ? "exit" : "on-demand");
    json.name("leases");
    counts(json, s.leases);
    json.name("physicalConnections");
    counts(json, s.physicalConnections);
    json.name("siteCapture").value(s.siteCapture);
    json.name("applicationPackages").beginObject();
    json.name("included");
    strings(json, s.applicationPackages.included());
    json.name("excluded");
    strings(json, s.applicationPackages.excluded());
    json.name("source").value(s.applicationPackages.source());
    json.endObject();
    json.name("findings").value(s.findings.size());
    json.name("occurrences").beginObject();
    // Enum order, so the report reads the same from run to run.
    for (FindingType type : FindingType.values()) {
      Long count = s.occurrencesByType.get(type);
      if (count != null && count > 0) {
        json.name(type.name()).value(count);
      }
    }
    json.endObject();
    json.name("dropped").beginObject();
    for (Map.Entry<String, Long> e : s.dropped.entrySet()) {
      json.name(e.getKey()).value(e.getValue());
    }
    json.endObject();
    json.name("skippedBursts").beginObject();
    for (Map.Entry<String, Long> e : s.skippedBursts.entrySet()) {
      json.name(e.getKey()).value(e.getValue());
    }
    json.endObject();
    json.name("suppressedErrors").value(s.suppressedErrors);
    json.name("instrumentationErrors");
    strings(json, s.instrumentationErrors);
    json.name("configurationProblems");
    strings(json, s.configurationProblems);
    json.name("failOn").beginArray();
    for (FindingType type : FindingType.values()) {
      if (s.failOn.contains(type)) {
        json.value(type.name());
      }
    }
    json.endArray();
    json.name("failed").value(s.failed);
    json.name("exitStatus");
    if (s.exitStatus == null) {
      json.nullValue();
    } else {
      json.value(s.exitStatus.longValue());
    }
    json.endObject();
  }

  private static void finding(JsonWriter json, Finding f) {
    json.beginObject();
    json.name("type").value(f.type().name());
    json.name("severity").value(f.severity().name().toLowerCase(Locale.ROOT));
    json.name("message").value(f.message());
    json.name("count").value(f.count());
    long returned = f.returned();
    if (returned > 0) {
      // suspected leaks whose connection came back after all: they no longer fail the run
      json.name("returned").value(returned);
    }
    json.name("site");
    site(json, f.site());
    optional(json, "thread", f.thread());
    optional(json, "pool", f.pool());
    optional(json, "database", f.database());
    if (f.poolEnd() != null) {
      json.name("endedBy").value(f.poolEnd().name());
    }
    long held = f.heldMillis();
    if (held >= 0) {
      json.name("heldMillis").value(held);
    }
    optional(json, "sql", f.sql());
    if (f.executions() >= 0) {
      json.name("executions").value(f.executions());
    }
    optional(json, "sourceSql", f.sourceSql());
    OrmLoad load = f.ormLoad();
    if (load != null) {
      // the mapping where the fix goes: Owner.pets (a collection), or PetType (one entity at a time)
      optional(json, load.kind() == OrmLoad.Kind.COLLECTION ? "association" : "entity", load.name());
    }
    optional(json, "hint", f.hint());
    UnpooledRate rate = f.unpooledRate();
    if (rate != null) {
      json.name("connections").value(rate.connections());
      json.name("windowMillis").value(rate.windowMillis());
      json.name("perSecond").value(rate.perSecond());
      json.name("meanHeldMicros").value(rate.meanHeldMicros());
    }
    if (f.statements() >= 0) {
      json.name("statements").value(f.statements());
    }
    optional(json, "lastSql", f.lastSql());
    CallSite statementSite = f.statementSite();
    if (statementSite != null) {
      json.name("statementSite").beginObject();
      json.name("captured").value(statementSite.isCaptured());
      json.name("frames");
      strings(json, statementSite.frames());
      json.endObject();
    }
    json.name("firstSeen").value(instant(f.firstSeenMillis()));
    json.name("lastSeen").value(instant(f.lastSeenMillis()));
    Holder holder = f.holder();
    if (holder != null) {
      json.name("holder");
      holder(json, holder);
    }
    ExhaustionSnapshot exhaustion = f.exhaustion();
    if (exhaustion != null) {
      exhaustion(json, exhaustion);
    }
    json.endObject();
  }

  private static void lease(JsonWriter json, OpenLease lease) {
    json.beginObject();
    if (lease.id() > 0) {
      json.name("id").value(lease.id());
    }
    json.name("beforeAttach").value(lease.beforeAttach());
    optional(json, "pool", lease.pool());
    optional(json, "database", lease.database());
    optional(json, "thread", lease.thread());
    if (lease.acquiredAtMillis() >= 0) {
      json.name("acquiredAt").value(instant(lease.acquiredAtMillis()));
    }
    if (lease.heldMillis() >= 0) {
      json.name("heldMillis").value(lease.heldMillis());
    }
    if (lease.statements() >= 0) {
      json.name("statements").value(lease.statements());
    }
    optional(json, "lastSql", lease.lastSql());
    json.name("inTransaction").value(lease.inTransaction());
    json.name("site");
    site(json, lease.site());
    if (lease.holder() != null) {
      json.name("holder");
      holder(json, lease.holder());
    }
    json.endObject();
  }

  private static void holder(JsonWriter json, Holder holder) {
    json.beginObject();
    json.name("thread").value(holder.threadName());
    json.name("state").value(holder.threadState());
    json.name("activity").value(holder.activity() == null ? null : holder.activity().name());
    json.name("frames");
    strings(json, holder.frames());
    json.endObject();
  }

  /** The fields of POOL_EXHAUSTED, POOL_SATURATION and SERVER_CONNECTION_LIMIT (docs/report-format.md). */
  private static void exhaustion(JsonWriter json, ExhaustionSnapshot s) {
    gauge(json, "maxSize", s.maxSize());
    gauge(json, "active", s.active());
    gauge(json, "waiting", s.waiting());
    if (s.failedSite() != null) {
      json.name("failedBorrow").beginObject();
      optional(json, "thread", s.failedThread());
      json.name("site");
      site(json, s.failedSite());
      json.endObject();
    }
    if (s.server() != null) {
      json.name("server").value(s.server());
      json.name("serverConnections").beginObject();
      json.name("pools").beginObject();
      for (Map.Entry<String, Integer> e : s.poolConnections().entrySet()) {
        json.name(e.getKey()).value(e.getValue().longValue());
      }
      json.endObject();
      json.name("direct").value(s.directConnections());
      json.name("directBySite");
      groups(json, s);
      json.endObject();
    } else {
      json.name("holders");
      groups(json, s);
    }
    if (s.groupsNotShown() > 0) {
      json.name("sitesNotShown").value(s.groupsNotShown());
    }
  }

  private static void groups(JsonWriter json, ExhaustionSnapshot s) {
    json.beginArray();
    for (ConnectionGroup group : s.groups()) {
      json.beginObject();
      json.name("site");
      site(json, group.site());
      json.name("count").value(group.count());
      json.name("oldestHeldMillis").value(group.oldestHeldMillis());
      json.name("threads").beginArray();
      for (Holder holder : group.holders()) {
        holder(json, holder);
      }
      json.endArray();
      json.endObject();
    }
    json.endArray();
  }

  private static void site(JsonWriter json, CallSite site) {
    json.beginObject();
    json.name("captured").value(site.isCaptured());
    if (site.isCaptured()) {
      json.name("applicationFrame").value(site.hasApplicationFrame());
    }
    json.name("frames");
    strings(json, site.frames());
    json.endObject();
  }

  private static void counts(JsonWriter json, ReportSnapshot.Counts counts) {
    json.beginObject();
    json.name("opened").value(counts.opened);
    json.name("closed").value(counts.closed);
    json.name("open").value(counts.open);
    json.name("unclosed").value(counts.unclosed);
    json.endObject();
  }

  private static void strings(JsonWriter json, List<String> values) {
    json.beginArray();
    for (String value : values) {
      json.value(value);
    }
    json.endArray();
  }

  /** A pool's gauge or a port, left out when unknown (negative). */
  private static void gauge(JsonWriter json, String name, int value) {
    if (value >= 0) {
      json.name(name).value(value);
    }
  }

  private static void optional(JsonWriter json, String name, String value) {
    if (value != null) {
      json.name(name).value(value);
    }
  }

  /** ISO-8601 in UTC, e.g. {@code 2025-01-31T12:00:00.123Z}. */
  private static String instant(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
