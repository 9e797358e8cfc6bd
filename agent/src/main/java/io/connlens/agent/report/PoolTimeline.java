package io.connlens.agent.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Each pool's use over the run, from the periodic pool snapshot (once a second, on the scan thread):
 * what the HTML report draws as a timeline and the report's {@code timeline} holds. Bounded whatever
 * the run's length: a pool keeps at most {@value #MAX_SAMPLES} samples, and when they are full every
 * second one is dropped and the pool is sampled half as often from then on; at most {@value #MAX_POOLS}
 * pools are followed (the first seen), the snapshots of the others counted ({@link #droppedSamples}).
 */
public final class PoolTimeline implements Sink {
  /** The most samples kept per pool. */
  static final int MAX_SAMPLES = 600;
  /** The most pools followed. */
  static final int MAX_POOLS = 64;

  /** One pool's samples: time since start in ms, used, idle, max, waiting (-1 where the pool does not say). */
  public static final class Series {
    public final String pool;
    /** Milliseconds between two samples now (the resolution halves as the run grows). */
    public final long intervalMillis;
    public final List<long[]> samples;

    Series(String pool, long intervalMillis, List<long[]> samples) {
      this.pool = pool;
      this.intervalMillis = intervalMillis;
      this.samples = samples;
    }
  }

  private static final class Samples {
    long[][] rows = new long[MAX_SAMPLES][];
    int size;
    /** Only every stride-th snapshot is kept. */
    int stride = 1;
    long ticks;
  }

  private final LongSupplier millisSinceStart;
  private final long snapshotMillis;
  private final Map<String, Samples> pools = new LinkedHashMap<>();
  private long droppedSamples;

  /**
   * @param millisSinceStart milliseconds since the agent started
   * @param snapshotMillis how often the pool snapshot comes
   */
  public PoolTimeline(LongSupplier millisSinceStart, long snapshotMillis) {
    this.millisSinceStart = millisSinceStart;
    this.snapshotMillis = snapshotMillis;
  }

  @Override
  public synchronized void onPoolSnapshot(List<ReportSnapshot.Pool> snapshot, List<ReportSnapshot.Server> servers) {
    long now = millisSinceStart.getAsLong();
    for (ReportSnapshot.Pool pool : snapshot) {
      Samples samples = pools.get(pool.name);
      if (samples == null) {
        if (pools.size() >= MAX_POOLS) {
          droppedSamples++;
          continue;
        }
        samples = new Samples();
        pools.put(pool.name, samples);
      }
      if (samples.ticks++ % samples.stride != 0) {
        continue;
      }
      if (samples.size == MAX_SAMPLES) {
        halve(samples);
      }
      long used = pool.active >= 0 ? pool.active : pool.leases.open;
      samples.rows[samples.size++] = new long[] {now, used, pool.idle, pool.maxSize, pool.waiting};
    }
  }

  /** Keeps every second sample and samples half as often from now on. */
  private static void halve(Samples samples) {
    int kept = 0;
    for (int i = 0; i < samples.size; i += 2) {
      samples.rows[kept++] = samples.rows[i];
    }
    Arrays.fill(samples.rows, kept, samples.size, null);
    samples.size = kept;
    samples.stride *= 2;
  }

  /** Samples of pools not followed: {@value #MAX_POOLS} others already were. */
  public synchronized long droppedSamples() {
    return droppedSamples;
  }

  /** Every pool's samples so far, in the order first seen. */
  public synchronized List<Series> series() {
    List<Series> series = new ArrayList<>(pools.size());
    for (Map.Entry<String, Samples> e : pools.entrySet()) {
      Samples s = e.getValue();
      series.add(new Series(e.getKey(), snapshotMillis * s.stride, List.of(Arrays.copyOf(s.rows, s.size))));
    }
    return series;
  }
}
