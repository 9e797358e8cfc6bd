package io.connlens.agent.detection;

import io.connlens.api.FindingType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * All findings of this JVM, aggregated by type, pool and site. Detectors {@link #record} occurrences;
 * sinks listen for new findings and read {@link #findings()} when they write a report.
 *
 * <p>Bounded: at most {@value #MAX_FINDINGS} findings are kept (a finding is never evicted, so that
 * the count of one already reported keeps rising). An occurrence that would make one more is counted
 * as dropped, by type: it still counts in {@link #occurrencesByType()} and in {@link #dropped(FindingType)},
 * so a leak that found the store full still fails a QA run.
 */
public final class FindingStore {
  /** The most findings kept. */
  public static final int MAX_FINDINGS = 500;

  private final Map<String, Finding> byKey = new ConcurrentHashMap<>();
  private final Map<FindingType, LongAdder> dropped = new EnumMap<>(FindingType.class);
  private final Map<FindingType, LongAdder> droppedResolved = new EnumMap<>(FindingType.class);
  private final List<FindingListener> listeners = new CopyOnWriteArrayList<>();
  private final LongSupplier clock;

  /** A store that stamps findings with {@code clock} (epoch milliseconds). */
  public FindingStore(LongSupplier clock) {
    this.clock = clock;
    for (FindingType type : FindingType.values()) {
      dropped.put(type, new LongAdder()); // filled once, then only read: safe to share
      droppedResolved.put(type, new LongAdder());
    }
  }

  /** Adds a listener told of every new finding, and every later occurrence of one, from now on. */
  public void addListener(FindingListener listener) {
    listeners.add(listener);
  }

  /**
   * Folds an occurrence into its finding and tells the listeners, of a new finding or of one more
   * occurrence of a known one. Returns the
   * finding, or {@code null} when it would have been new and the store is full (the occurrence is
   * then only counted).
   */
  public Finding record(Occurrence occurrence) {
    long now = clock.getAsLong();
    String key = occurrence.key();
    if (byKey.size() >= MAX_FINDINGS && !byKey.containsKey(key)) {
      dropped.get(occurrence.type).increment();
      return null;
    }
    boolean[] created = new boolean[1];
    Finding finding = byKey.compute(key, (k, existing) -> {
      if (existing == null) {
        created[0] = true;
        return new Finding(occurrence, now);
      }
      existing.add(occurrence, now);
      return existing;
    });
    for (FindingListener listener : listeners) {
      if (created[0]) {
        listener.onNewFinding(finding);
      } else {
        listener.onFindingUpdated(finding);
      }
    }
    return finding;
  }

  /** Every finding so far, most severe first, then by type, then by first sighting. */
  public List<Finding> findings() {
    List<Finding> all = new ArrayList<>(byKey.values());
    all.sort(Comparator.comparing((Finding f) -> f.severity()).reversed()
        .thenComparing(Finding::type)
        .thenComparingLong(Finding::firstSeenMillis));
    return all;
  }

  /** How many occurrences of each type were seen, kept or dropped (types with none are left out). */
  public Map<FindingType, Long> occurrencesByType() {
    return occurrencesByType(byKey.values());
  }

  /**
   * How many occurrences of each type {@code findings} hold (frozen copies, for a report that agrees
   * with itself), plus those the store dropped.
   */
  public Map<FindingType, Long> occurrencesByType(Iterable<Finding> findings) {
    Map<FindingType, Long> counts = new EnumMap<>(FindingType.class);
    for (Finding f : findings) {
      counts.merge(f.type(), f.count(), Long::sum);
    }
    for (Map.Entry<FindingType, LongAdder> e : dropped.entrySet()) {
      long n = e.getValue().sum();
      if (n > 0) {
        counts.merge(e.getKey(), n, Long::sum);
      }
    }
    return counts;
  }

  /** Occurrences of {@code type} not kept because the store held {@value #MAX_FINDINGS} findings. */
  public long dropped(FindingType type) {
    return dropped.get(type).sum();
  }

  /** A dropped occurrence of {@code type} was resolved later (a suspected leak returned after all). */
  public void resolvedDropped(FindingType type) {
    droppedResolved.get(type).increment();
  }

  /** Dropped occurrences of {@code type} not resolved since: like {@link Finding#outstanding()}, they decide {@code fail.on}. */
  public long outstandingDropped(FindingType type) {
    return dropped.get(type).sum() - droppedResolved.get(type).sum();
  }

  /** Occurrences of every type not kept because the store was full. */
  public long dropped() {
    long n = 0;
    for (LongAdder count : dropped.values()) {
      n += count.sum();
    }
    return n;
  }
}
