package io.connlens.agent.detection;

import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.Lease;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Groups open leases by acquire site (the site's first frame: the application's line) for an
 * exhaustion finding, bounded so that a pool of thousands costs a bounded snapshot: at most
 * {@value #MAX_SITES} sites are told apart (the rest count as one uncaptured group), {@value #MAX_GROUPS}
 * are kept, and the holder threads of at most {@value #MAX_HOLDERS} leases per group are described
 * (a stack each, the costly part).
 */
final class HolderGroups {
  /** The most sites told apart in one snapshot. */
  static final int MAX_SITES = 256;
  /** The most groups a snapshot keeps. */
  static final int MAX_GROUPS = 8;
  /** The most holder threads described per group. */
  static final int MAX_HOLDERS = 3;
  /** The frames kept of each holder's stack. */
  static final int HOLDER_DEPTH = 12;

  /** The groups kept, most connections first, and how many were left out. */
  static final class Result {
    private final List<ConnectionGroup> groups;
    private final int notShown;
    private final int total;

    Result(List<ConnectionGroup> groups, int notShown, int total) {
      this.groups = groups;
      this.notShown = notShown;
      this.total = total;
    }

    /** The open connections in every group, shown or not. */
    int total() {
      return total;
    }

    List<ConnectionGroup> groups() {
      return groups;
    }

    int notShown() {
      return notShown;
    }

    /** The group that pinned the most connections (the oldest on ties), or {@code null} when there is none. */
    ConnectionGroup headline() {
      return groups.isEmpty() ? null : groups.get(0);
    }
  }

  private static final class Building {
    final List<Lease> oldest = new ArrayList<>();
    CallSite site = CallSite.UNKNOWN;
    int count;
    long oldestNanos = Long.MAX_VALUE;
  }

  private HolderGroups() {}

  /** The open leases of {@code leases} that {@code which} accepts, grouped; ages from {@code nowNanos}. */
  static Result of(Iterable<Lease> leases, Predicate<Lease> which, HolderClassifier classifier, long nowNanos) {
    Map<String, Building> bySite = new HashMap<>();
    int total = 0;
    for (Lease lease : leases) {
      if (lease.isClosed() || !which.test(lease)) {
        continue;
      }
      total++;
      CallSite site = lease.site();
      String key = site.isCaptured() ? site.topFrame() : "";
      Building group = bySite.get(key);
      if (group == null) {
        if (bySite.size() >= MAX_SITES) {
          key = "";
          site = CallSite.UNKNOWN;
          group = bySite.get(key);
        }
        if (group == null) {
          group = new Building();
          bySite.put(key, group);
        }
      }
      group.count++;
      if (lease.acquiredNanos() < group.oldestNanos) {
        group.oldestNanos = lease.acquiredNanos();
        group.site = site;
      }
      keepOldest(group.oldest, lease);
    }
    List<Building> sorted = new ArrayList<>(bySite.values());
    sorted.sort(Comparator.comparingInt((Building g) -> g.count).reversed()
        .thenComparingLong(g -> g.oldestNanos));
    List<ConnectionGroup> groups = new ArrayList<>();
    for (int i = 0; i < sorted.size() && i < MAX_GROUPS; i++) {
      Building g = sorted.get(i);
      List<Holder> holders = new ArrayList<>();
      List<Thread> described = new ArrayList<>();
      for (Lease lease : g.oldest) {
        Thread thread = lease.thread();
        if (thread != null && described.contains(thread)) {
          continue; // one thread holding several connections is described once
        }
        described.add(thread);
        holders.add(thread == null ? classifier.describe(lease) : classifier.describe(thread, HOLDER_DEPTH));
      }
      groups.add(new ConnectionGroup(g.site, g.count, Math.max(0, (nowNanos - g.oldestNanos) / 1_000_000L), holders));
    }
    return new Result(groups, Math.max(0, sorted.size() - MAX_GROUPS), total);
  }

  /** Keeps the {@value #MAX_HOLDERS} oldest leases of a group, oldest first. */
  private static void keepOldest(List<Lease> oldest, Lease lease) {
    int at = oldest.size();
    while (at > 0 && oldest.get(at - 1).acquiredNanos() > lease.acquiredNanos()) {
      at--;
    }
    if (at < MAX_HOLDERS) {
      oldest.add(at, lease);
      if (oldest.size() > MAX_HOLDERS) {
        oldest.remove(MAX_HOLDERS);
      }
    }
  }
}
