package io.connlens.agent.report;

import io.connlens.agent.detection.DurationText;
import io.connlens.agent.registry.BorrowWaits;

/**
 * The one line that compares a pool's measured need with its size ("peak 4 of 25; 21 idle
 * connections hold server slots", "at maximum 38% of the time (peak 10 of 10); 12 borrows waited over
 * 1 ms, up to 2.1 s"): in the report's {@code pools[].sizing}, the exit summary and the command line.
 * Made here only, from what the report says of the pool.
 */
public final class PoolSizing {
  private static final long THRESHOLD_MILLIS = BorrowWaits.THRESHOLD_NANOS / 1_000_000L;

  private PoolSizing() {}

  /** The line for {@code pool}. */
  public static String line(ReportSnapshot.Pool pool) {
    ReportSnapshot.Sizing z = pool.sizing;
    StringBuilder line = new StringBuilder(96);
    long spare = pool.physicalConnections.open - z.peakLeases;
    if (pool.leases.opened == 0) {
      line.append("no leases yet");
    } else if (pool.maxSize <= 0) {
      line.append("peak ").append(z.peakLeases).append(" (maximum size unknown)");
      spare = 0; // without a size there is no telling the spare connections from the ones it keeps by design
    } else if (z.observedMillis > 0 && z.atMaxMillis >= z.observedMillis) {
      line.append("at maximum all the time (peak ").append(peak(pool))
          .append("): too small for its load, or its connections are held too long");
      spare = 0;
    } else if (z.atMaxMillis > 0) {
      line.append("at maximum ").append(percent(z.atMaxMillis, z.observedMillis)).append(" of the time (peak ")
          .append(peak(pool)).append(')');
      spare = 0;
    } else if (z.peakLeases >= pool.maxSize) {
      line.append("peak ").append(peak(pool)).append(", at maximum only briefly");
      spare = 0;
    } else {
      line.append("peak ").append(peak(pool));
    }
    if (spare > 0) {
      line.append("; ").append(spare).append(spare == 1 ? " idle connection holds a server slot" : " idle connections hold server slots");
    }
    if (z.waits > 0) {
      line.append("; ").append(z.waits).append(z.waits == 1 ? " borrow" : " borrows").append(" waited over ")
          .append(THRESHOLD_MILLIS).append(" ms, up to ").append(DurationText.ofMillis(z.longestWaitMillis));
      if (z.waits > 1) {
        line.append(" (").append(DurationText.ofMillis(z.waitedMillis)).append(" in all)");
      }
    }
    return line.toString();
  }

  private static String peak(ReportSnapshot.Pool pool) {
    return pool.sizing.peakLeases + " of " + pool.maxSize;
  }

  /** {@code part} of {@code whole} as a whole percentage, never rounded to 0% or 100% when it is neither. */
  static String percent(long part, long whole) {
    if (whole <= 0) {
      return "0%";
    }
    long p = Math.round(100.0 * part / whole);
    if (p == 0 && part > 0) {
      return "under 1%";
    }
    if (p >= 100 && part < whole) {
      p = 99;
    }
    return p + "%";
  }
}
