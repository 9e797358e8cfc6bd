package io.connlens.agent.detection;

import io.connlens.agent.registry.CallSite;

/**
 * One observation a detector makes (one leaked lease, one long hold). The {@link FindingStore} folds
 * occurrences with the same type, pool and site into one {@link Finding} with a count.
 */
public final class Occurrence {
  final FindingType type;
  final String message;
  final CallSite site;
  final String thread;
  final String pool;
  final String database;
  final long heldMillis;
  final Holder holder;

  /**
   * @param message one line, without the site (sinks print the site)
   * @param heldMillis how long the connection was held, or -1 when it does not apply
   * @param holder the holding thread now, or {@code null}
   */
  public Occurrence(FindingType type, String message, CallSite site, String thread, String pool,
      String database, long heldMillis, Holder holder) {
    this.type = type;
    this.message = message;
    this.site = site == null ? CallSite.UNKNOWN : site;
    this.thread = thread;
    this.pool = pool;
    this.database = database;
    this.heldMillis = heldMillis;
    this.holder = holder;
  }

  /** The aggregation key: type, pool and site. */
  String key() {
    return type.name() + '\u0000' + (pool == null ? "" : pool) + '\u0000' + site.key();
  }
}
