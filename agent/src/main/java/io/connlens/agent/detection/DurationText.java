package io.connlens.agent.detection;

import java.util.Locale;

/** Hold times as people read them: {@code 450 ms}, {@code 31.2 s}, {@code 4 min 5 s}. */
public final class DurationText {
  private DurationText() {}

  /** Formats a duration given in nanoseconds. */
  public static String ofNanos(long nanos) {
    return ofMillis(nanos / 1_000_000L);
  }

  /** Formats a duration given in milliseconds. */
  public static String ofMillis(long millis) {
    if (millis < 1_000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return (seconds / 60) + " min " + (seconds % 60) + " s";
    }
    return (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
  }
}
