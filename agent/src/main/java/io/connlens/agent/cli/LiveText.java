package io.connlens.agent.cli;

import io.connlens.agent.detection.DurationText;
import io.connlens.api.report.Report;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the command line prints of a running JVM's report: the open leases, the pools, the servers and
 * the holders grouped by site. Plain functions of the report, so what a responder reads is tested
 * without a JVM to attach to.
 */
final class LiveText {
  /** Up to this many leases are listed one by one; beyond it they are grouped by site first. */
  static final int LISTED_ONE_BY_ONE = 20;

  private LiveText() {}

  /** The {@code leases} text: every lease when few, else the sites holding them and the longest held. */
  static String leases(Report report, long pid, boolean all) {
    StringBuilder text = new StringBuilder();
    List<Report.Lease> leases = report.leases();
    long beforeAttach = leases.stream().filter(Report.Lease::beforeAttach).count();
    text.append("pid ").append(pid).append(": ").append(plural(leases.size() + report.leasesOmitted(), "open lease"));
    if (beforeAttach > 0) {
      text.append(" (").append(beforeAttach).append(" acquired before attach)");
    }
    text.append(leases.isEmpty() ? "\n" : ", longest held first\n");
    if (leases.size() > LISTED_ONE_BY_ONE && !all) {
      text.append("\nby acquire site:\n").append(sites(leases, Integer.MAX_VALUE));
      text.append("\nthe ").append(LISTED_ONE_BY_ONE).append(" held longest (--all lists every one):\n");
    }
    int shown = 0;
    for (Report.Lease lease : leases) {
      if (!all && shown++ >= LISTED_ONE_BY_ONE) {
        break;
      }
      text.append('\n').append(lease(lease));
    }
    if (report.leasesOmitted() > 0) {
      text.append("\n(").append(report.leasesOmitted()).append(" more, taken most recently, not listed)\n");
    }
    String servers = servers(report);
    if (!servers.isEmpty()) {
      text.append("\nphysical connections of this JVM, per database server:\n").append(servers);
    }
    return text.toString();
  }

  /** One lease: held for, pool, thread, site, statements, last SQL, the holder now. */
  static String lease(Report.Lease lease) {
    StringBuilder text = new StringBuilder();
    text.append("  ").append(lease.id() > 0 ? "#" + lease.id() : "before attach").append("  held ")
        .append(held(lease)).append("  pool ").append(orDash(lease.pool()))
        .append("  thread ").append(lease.thread() == null ? "unknown" : lease.thread()).append('\n');
    if (lease.siteCaptured() && !lease.frames().isEmpty()) {
      text.append("    acquired at ").append(lease.firstFrame());
      if (lease.beforeAttach()) {
        text.append(" (before attach, as the pool recorded it)");
      }
      if (!lease.applicationFrame()) {
        text.append(" (no application frame: set app.packages if one of these is yours)");
      }
      text.append('\n');
      for (String frame : lease.frames().subList(1, Math.min(lease.frames().size(), 4))) {
        text.append("             ").append(frame).append('\n');
      }
    } else if (lease.beforeAttach()) {
      text.append("    acquired before attach: its site was never seen (the pool records it only with its own")
          .append(" leak detection on); ")
          .append(lease.acquiredAt() == null ? "the pool does not say when" : "taken at " + lease.acquiredAt()).append('\n');
    } else {
      text.append("    acquire site not captured (site.capture=sampled takes one in many; all captures every one)\n");
    }
    if (lease.statements() >= 0) {
      text.append("    ").append(plural(lease.statements(), "statement")).append(" run");
      if (lease.lastSql() != null) {
        text.append(", last: ").append(lease.lastSql());
      }
      if (lease.inTransaction()) {
        text.append(" (in a transaction)");
      }
      text.append('\n');
    }
    Report.Holder holder = lease.holder();
    if (holder != null) {
      text.append("    holder now: ").append(holder.thread()).append(" (").append(holder.state()).append(") ")
          .append(activity(holder.activity()));
      String frame = firstOwnFrame(holder.frames());
      if (frame != null) {
        text.append(", at ").append(frame);
      }
      text.append('\n');
    }
    return text.toString();
  }

  /** How long a lease has been held: a lease from before the attach whose pool does not say is older than we know. */
  private static String held(Report.Lease lease) {
    if (lease.heldMillis() >= 0) {
      return DurationText.ofMillis(lease.heldMillis());
    }
    return lease.beforeAttach() ? "since before the attach" : "unknown";
  }

  /** The holders grouped by acquire site, most leases first: {@code 8 leases, oldest 5 min 3 s, at X (threads ...)}. */
  static String sites(List<Report.Lease> leases, int limit) {
    Map<String, List<Report.Lease>> bySite = new LinkedHashMap<>();
    for (Report.Lease lease : leases) {
      bySite.computeIfAbsent(siteOf(lease), k -> new ArrayList<>()).add(lease);
    }
    List<Map.Entry<String, List<Report.Lease>>> groups = new ArrayList<>(bySite.entrySet());
    // leases come longest held first, so each group's first lease is its oldest
    groups.sort((a, b) -> {
      int bySize = Integer.compare(b.getValue().size(), a.getValue().size());
      return bySize != 0 ? bySize : Long.compare(b.getValue().get(0).heldMillis(), a.getValue().get(0).heldMillis());
    });
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, List<Report.Lease>> group : groups.subList(0, Math.min(limit, groups.size()))) {
      List<Report.Lease> of = group.getValue();
      Map<String, Integer> activities = new LinkedHashMap<>();
      for (Report.Lease lease : of) {
        String activity = lease.holder() == null ? "holder unknown" : activity(lease.holder().activity());
        activities.merge(activity, 1, Integer::sum);
      }
      text.append(String.format(Locale.ROOT, "  %5d  oldest %-12s %s%n", of.size(), held(of.get(0)), group.getKey()));
      StringBuilder doing = new StringBuilder();
      for (Map.Entry<String, Integer> activity : activities.entrySet()) {
        doing.append(doing.length() == 0 ? "" : "; ").append(activity.getValue()).append(' ').append(activity.getKey());
      }
      text.append("         holders: ").append(doing).append('\n');
    }
    return text.toString();
  }

  private static String siteOf(Report.Lease lease) {
    if (lease.siteCaptured() && lease.firstFrame() != null) {
      return lease.firstFrame();
    }
    return lease.beforeAttach() ? "(acquired before attach, site unknown)" : "(site not captured)";
  }

  /** Per pool: used, idle and max, and the threads waiting. */
  static String pools(Report report) {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "  %-32s %-12s %6s %6s %6s %8s %8s%n", "POOL", "KIND", "USED", "IDLE", "MAX",
        "WAITING", "TRACKED"));
    for (Report.Pool pool : report.pools()) {
      text.append(String.format(Locale.ROOT, "  %-32s %-12s %6s %6s %6s %8s %8d%n", clip(pool.name(), 32),
          orDash(pool.kind()), gauge(pool.active()), gauge(pool.idle()), gauge(pool.maxSize()), gauge(pool.waiting()),
          pool.leases().open()));
    }
    if (report.pools().isEmpty()) {
      text.append("  (no pool has handed out a connection since connlens started)\n");
    }
    return text.toString();
  }

  /**
   * The {@code pools} text: per pool its size and use now, then the evidence for its size since connlens
   * started: the peak of concurrent leases, the time at its maximum, the borrows that waited, and the
   * line that compares need with size.
   */
  static String poolEvidence(Report report) {
    StringBuilder text = new StringBuilder(pools(report));
    for (Report.Pool pool : report.pools()) {
      text.append('\n').append("  ").append(pool.name()).append('\n');
      text.append("    peak ").append(pool.peakLeases() < 0 ? "?" : String.valueOf(pool.peakLeases()))
          .append(" of ").append(gauge(pool.maxSize())).append(" in use at once");
      if (pool.observedMillis() > 0) {
        text.append("; at its maximum ").append(percent(pool.atMaxMillis(), pool.observedMillis())).append(" of ")
            .append(DurationText.ofMillis(pool.observedMillis())).append(" observed");
      }
      text.append('\n');
      if (pool.waits() > 0) {
        text.append("    ").append(plural(pool.waits(), "borrow")).append(" waited over 1 ms, the longest ")
            .append(DurationText.ofMillis(pool.longestWaitMillis())).append(", ")
            .append(DurationText.ofMillis(pool.waitedMillis())).append(" in all\n");
      } else if (pool.waits() == 0) {
        text.append("    no borrow waited over 1 ms\n");
      }
      if (pool.sizing() != null) {
        text.append("    sizing: ").append(pool.sizing()).append('\n');
      }
    }
    return text.toString();
  }

  /** The note on evidence gathered since an attach {@code startedMillis} (a system property's text) ago. */
  static String sinceAttach(String startedMillis, long nowMillis) {
    String since;
    try {
      since = DurationText.ofMillis(Math.max(0, nowMillis - Long.parseLong(startedMillis))) + " ago";
    } catch (NumberFormatException e) {
      since = "at a time it does not say";
    }
    return "  (connlens was attached " + since + ": peaks and waits count the borrows since then only)\n";
  }

  private static String percent(long part, long whole) {
    return whole <= 0 ? "?" : String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
  }

  /** Per database server: this JVM's physical connections open to it, by pool and direct. */
  static String servers(Report report) {
    StringBuilder text = new StringBuilder();
    for (Report.Server server : report.servers()) {
      text.append(String.format(Locale.ROOT, "  %-40s %s open (%d opened since connlens started)%n",
          clip(server.server(), 40), server.physicalConnections().open(), server.physicalConnections().opened()));
      StringBuilder split = new StringBuilder(perPool(server.openByPool()));
      if (server.openDirect() > 0) {
        split.append(split.length() == 0 ? "" : ", ").append("direct (no pool) ").append(server.openDirect());
      }
      if (split.length() > 0) {
        text.append("    ").append(split).append('\n');
      }
      long counted = server.poolReported().values().stream().mapToLong(Long::longValue).sum();
      if (counted > server.physicalConnections().open()) {
        // connections opened before the attach: connlens never saw them opened, their pools count them
        text.append("    the pools count ").append(counted).append(" (").append(perPool(server.poolReported()))
            .append("): opened before connlens was attached, or not seen\n");
      }
    }
    return text.toString();
  }

  /** {@code orders-pool 9, billing 2}: connections per pool, in the map's order. */
  private static String perPool(Map<String, Long> counts) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, Long> pool : counts.entrySet()) {
      text.append(text.length() == 0 ? "" : ", ").append(pool.getKey()).append(' ').append(pool.getValue());
    }
    return text.toString();
  }

  /** One frame of {@code watch}: pools, servers, the top holders by site. */
  static String watchFrame(Report report, long pid, String now, int topSites) {
    StringBuilder text = new StringBuilder();
    text.append("connlens watch  pid ").append(pid).append("  ").append(now)
        .append("  (every second; Ctrl-C stops)\n\n");
    text.append("pools\n").append(pools(report));
    String servers = servers(report);
    text.append("\nphysical connections per server\n").append(servers.isEmpty() ? "  (none open)\n" : servers);
    text.append("\ntop holders by acquire site (").append(plural(report.leases().size() + report.leasesOmitted(), "open lease"))
        .append(")\n");
    text.append(report.leases().isEmpty() ? "  (none)\n" : sites(report.leases(), topSites));
    return text.toString();
  }

  static String activity(String activity) {
    if (activity == null) {
      return "doing something unknown";
    }
    switch (activity) {
      case "IN_JDBC_CALL":
        return "inside a JDBC call";
      case "RUNNING_APPLICATION_CODE":
        return "running application code";
      case "IDLE_IN_THREAD_POOL":
        return "idle in a thread pool: the task that took it has ended, the connection was forgotten";
      case "WAITING":
        return "waiting";
      case "DEAD":
        return "the thread has ended";
      default:
        return "doing something unknown";
    }
  }

  /** The first frame that is not the JDK's own, else the first. */
  private static String firstOwnFrame(List<String> frames) {
    for (String frame : frames) {
      if (!frame.startsWith("java.") && !frame.startsWith("jdk.") && !frame.startsWith("sun.")) {
        return frame;
      }
    }
    return frames.isEmpty() ? null : frames.get(0);
  }

  static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  private static String gauge(long value) {
    return value < 0 ? "?" : String.valueOf(value);
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }

  private static String clip(String value, int width) {
    return value.length() <= width ? value : value.substring(0, width - 1) + "…";
  }
}
