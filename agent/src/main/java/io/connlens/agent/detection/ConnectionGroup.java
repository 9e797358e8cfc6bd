package io.connlens.agent.detection;

import io.connlens.agent.registry.CallSite;
import java.util.List;

/**
 * Open connections taken at one acquire site (grouped by its first frame, the application's line),
 * as an exhaustion finding shows them: how many, the oldest's age, and what a few of their holder
 * threads are doing now.
 */
public final class ConnectionGroup {
  private final CallSite site;
  private final int count;
  private final long oldestHeldMillis;
  private final List<Holder> holders;

  ConnectionGroup(CallSite site, int count, long oldestHeldMillis, List<Holder> holders) {
    this.site = site;
    this.count = count;
    this.oldestHeldMillis = oldestHeldMillis;
    this.holders = List.copyOf(holders);
  }

  /** The acquire site of the group's oldest connection; {@link CallSite#UNKNOWN} for those taken without one. */
  public CallSite site() {
    return site;
  }

  /** How many open connections were taken there. */
  public int count() {
    return count;
  }

  /** How long the oldest of them has been held, in milliseconds. */
  public long oldestHeldMillis() {
    return oldestHeldMillis;
  }

  /** What the holder threads of the oldest few are doing now, one per thread, oldest first. */
  public List<Holder> holders() {
    return holders;
  }
}
