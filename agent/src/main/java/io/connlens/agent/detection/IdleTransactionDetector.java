package io.connlens.agent.detection;

import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.api.FindingType;

/**
 * Finds transactions left idle: auto-commit off, a statement ran, and no statement, commit or
 * rollback followed within {@code transaction.idle.threshold}. Such a connection holds its locks and a
 * server slot while it waits (PostgreSQL shows it as "idle in transaction"). Reported once per idle
 * spell, with the acquire site, the last statement and its site, and what the holder is doing.
 */
public final class IdleTransactionDetector {
  private final LeaseRegistry registry;
  private final FindingStore store;
  private final long thresholdNanos;
  private final HolderClassifier holders;
  /** A detector reporting transactions idle longer than {@code thresholdNanos}, telling what holders do by {@code holders}. */
  public IdleTransactionDetector(LeaseRegistry registry, FindingStore store, long thresholdNanos, HolderClassifier holders) {
    this.registry = registry;
    this.holders = holders;
    this.store = store;
    this.thresholdNanos = thresholdNanos;
  }

  /** How often {@link #scan} should run. */
  public long scanIntervalMillis() {
    return LeakDetector.scanIntervalMillis(thresholdNanos);
  }

  /** Reports the transactions that went idle since the last scan. */
  public void scan(long nowNanos) {
    for (Lease lease : registry.openLeases()) {
      long activity = lease.lastActivityNanos();
      long idle = nowNanos - activity;
      // each lease marks the spell reported (new activity begins a new one): no map, nothing to remove at close
      boolean reportedThisSpell = lease.idleSpellReported(activity);
      if (lease.inTransaction() && !reportedThisSpell && !lease.isClosed() && idle >= thresholdNanos) {
        lease.markIdleSpellReported(activity);
        store.record(Occurrence.ofLease(FindingType.IDLE_IN_TRANSACTION,
            "transaction idle for " + DurationText.ofNanos(idle) + " after its last statement (transaction.idle.threshold "
                + DurationText.ofNanos(thresholdNanos) + "): it holds its locks and a server connection",
            lease, (nowNanos - lease.acquiredNanos()) / 1_000_000L, holders.describe(lease))
            .withQuery(lease.lastSql(), -1, null,
                "commit or roll back before slow work, or do the slow work before the transaction begins")
            .withStatementSite(lease.lastStatementSite()));
      }
    }
  }
}
