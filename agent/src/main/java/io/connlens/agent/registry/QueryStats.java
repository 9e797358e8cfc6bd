package io.connlens.agent.registry;

import io.connlens.agent.sql.SqlFingerprint;

/**
 * How often one query ran in one unit of work, and from where. The call site is captured only once
 * the count nears the threshold (so ordinary statements pay only for the fingerprint lookup), and
 * it is confirmed when two captures in a row agree: the repeats come from one place in the code.
 */
public final class QueryStats {
  /** The most stack captures spent on one query in one unit of work. */
  private static final int MAX_CAPTURES = 4;

  private final SqlFingerprint query;
  private final SqlFingerprint previous;
  private int executions;
  private CallSite candidate;
  private CallSite site;
  private int captures;
  private OrmLoad ormLoad;

  QueryStats(SqlFingerprint query, SqlFingerprint previous) {
    this.query = query;
    this.previous = previous;
  }

  /** The query. */
  public SqlFingerprint query() {
    return query;
  }

  /** The query that ran just before this one first ran in the unit (the likely source of its rows), or {@code null}. */
  public SqlFingerprint previous() {
    return previous;
  }

  /** How many times the query ran, one at a time. */
  public int executions() {
    return executions;
  }

  /** The confirmed call site, or {@code null} when the repeats were not (yet) seen to come from one place. */
  public CallSite site() {
    return site;
  }

  /** Counts one execution run while Hibernate loaded {@code load} ({@code null}: no load); the first named load is kept. */
  int countExecution(OrmLoad load) {
    if (ormLoad == null) {
      ormLoad = load;
    }
    return ++executions;
  }

  /** What Hibernate was loading when the query first ran inside a load, or {@code null}. */
  public OrmLoad ormLoad() {
    return ormLoad;
  }

  /** Whether the next execution should capture its call site. */
  boolean wantsSite(int threshold) {
    return site == null && captures < MAX_CAPTURES && executions >= threshold - 1;
  }

  void offerSite(CallSite captured) {
    captures++;
    if (captured.equals(candidate)) {
      site = captured;
    } else {
      candidate = captured;
    }
  }
}
