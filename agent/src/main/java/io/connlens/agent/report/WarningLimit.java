package io.connlens.agent.report;

/**
 * The rate limit of finding warnings ({@code console.limit}): at most so many in any rolling minute,
 * whatever output they go to, so a leak in a hot loop floods neither standard error nor the
 * application's log. One limit is shared by every output: a warning that goes to standard error and to
 * the application's log counts once. Warnings over the limit are counted, for the next warning shown
 * (or the exit summary) to say how many were not. Thread-safe.
 */
public final class WarningLimit {
  private static final long MINUTE_MILLIS = 60_000;

  // When the last warnings shown were shown, oldest at `next` once the ring is full.
  private final long[] shownAt;
  private int shown;
  private int next;
  private long notShown;

  /** @param perMinute most warnings shown in any rolling minute; 0 or less shows none and only counts */
  public WarningLimit(int perMinute) {
    this.shownAt = new long[Math.max(0, perMinute)];
  }

  /** What {@link #show} returns for a warning over the limit. */
  public static final long HELD_BACK = -1;

  /**
   * Decides whether a warning is shown at {@code nowMillis}: it is when fewer than the limit were shown
   * in the minute before. Returns {@link #HELD_BACK} (and counts it) if not; else records it and returns
   * how many were held back since the last one shown (0 or more), for the warning to say so: one
   * decision, so that two threads cannot both claim the count.
   */
  public synchronized long show(long nowMillis) {
    if (shownAt.length == 0 || shown == shownAt.length && nowMillis - shownAt[next] < MINUTE_MILLIS) {
      notShown++;
      return HELD_BACK;
    }
    shownAt[next] = nowMillis;
    next = (next + 1) % shownAt.length;
    shown = Math.min(shown + 1, shownAt.length);
    long n = notShown;
    notShown = 0;
    return n;
  }

  /** How many warnings were not shown since the last call, which resets the count. */
  public synchronized long takeNotShown() {
    long n = notShown;
    notShown = 0;
    return n;
  }

  /** How many warnings were not shown and no line has mentioned yet. */
  public synchronized long notShown() {
    return notShown;
  }

  /** The line that says {@code n} warnings were not shown, without prefix or newline; {@code null} for none. */
  public static String notShownLine(long n) {
    return n <= 0 ? null
        : n + (n == 1 ? " more finding" : " more findings") + " not shown (console.limit); see the report";
  }
}
