package io.connlens.agent.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * All findings of this JVM, aggregated by type, pool and site. Detectors {@link #record} occurrences;
 * sinks listen for new findings and read {@link #findings()} when they write a report.
 */
public final class FindingStore {
  private final Map<String, Finding> byKey = new ConcurrentHashMap<>();
  private final List<FindingListener> listeners = new CopyOnWriteArrayList<>();
  private final LongSupplier clock;

  /** A store that stamps findings with {@code clock} (epoch milliseconds). */
  public FindingStore(LongSupplier clock) {
    this.clock = clock;
  }

  /** Adds a listener told of every new finding from now on. */
  public void addListener(FindingListener listener) {
    listeners.add(listener);
  }

  /** Folds an occurrence into its finding; announces the finding to listeners if it is new. */
  public Finding record(Occurrence occurrence) {
    long now = clock.getAsLong();
    boolean[] created = new boolean[1];
    Finding finding = byKey.compute(occurrence.key(), (key, existing) -> {
      if (existing == null) {
        created[0] = true;
        return new Finding(occurrence, now);
      }
      existing.add(occurrence, now);
      return existing;
    });
    if (created[0]) {
      for (FindingListener listener : listeners) {
        listener.onNewFinding(finding);
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

  /** How many occurrences of each type were seen (types with none are left out). */
  public Map<FindingType, Long> occurrencesByType() {
    Map<FindingType, Long> counts = new EnumMap<>(FindingType.class);
    for (Finding f : byKey.values()) {
      counts.merge(f.type(), f.count(), Long::sum);
    }
    return counts;
  }
}
