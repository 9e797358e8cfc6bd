package io.connlens.api;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The kinds of finding connlens reports (docs/findings.md). The names are part of the public report
 * format and of {@code fail.on}: never rename one.
 */
public enum FindingType {
  /** A lease held past {@code leak.threshold} and still open. */
  LEAK_SUSPECTED(Severity.WARNING, true, "connection held past the leak threshold and still open"),
  /** A lease held past {@code leak.threshold}, then returned. */
  LONG_HOLD(Severity.INFO, false, "connection held past the leak threshold, then closed"),
  /** The connection object the application got was garbage-collected without close(). */
  LEAK_UNCLOSED(Severity.ERROR, true, "connection garbage-collected without close()"),
  /** A lease still open when the JVM exited. */
  OPEN_AT_EXIT(Severity.WARNING, true, "connection still open when the JVM exited"),
  /** Auto-commit off, a statement ran, then nothing for {@code transaction.idle.threshold}. */
  IDLE_IN_TRANSACTION(Severity.WARNING, false, "transaction left idle"),
  /** The same query run again and again, one at a time, from one call site. */
  N_PLUS_ONE(Severity.WARNING, false, "the same query executed again and again from one call site"),
  /** The same write run one at a time where a batch would do. */
  UNBATCHED_WRITES(Severity.INFO, false, "the same write executed one at a time"),
  /** Physical connections opened one per unit of work from one site, without a pool. */
  UNPOOLED_CONNECTIONS(Severity.WARNING, false, "physical connections opened one per unit of work, without a pool"),
  /** A borrow failed: the pool had no connection to give within its timeout. */
  POOL_EXHAUSTED(Severity.ERROR, false, "the pool had no connection to give"),
  /** The database refused a new connection: its connection limit is reached. */
  SERVER_CONNECTION_LIMIT(Severity.ERROR, false, "the database refused a connection: limit reached"),
  /** The pool was near its maximum size for a sustained time ({@code pool.saturation.*}). */
  POOL_SATURATION(Severity.WARNING, false, "the pool ran near its maximum size");

  private final Severity severity;
  private final boolean leak;
  private final boolean reported;
  private final String description;

  FindingType(Severity severity, boolean leak, String description) {
    this(severity, leak, true, description);
  }

  FindingType(Severity severity, boolean leak, boolean reported, String description) {
    this.severity = severity;
    this.leak = leak;
    this.reported = reported;
    this.description = description;
  }

  /** The default severity of findings of this type. */
  public Severity severity() {
    return severity;
  }

  /** Whether {@code fail.on=leak} covers this type. */
  public boolean isLeak() {
    return leak;
  }

  /**
   * Whether a detector reports this type. {@code fail.on} accepts every name; the others are
   * reserved for detectors to come, and the docs and {@code fail.on}'s description say that nothing
   * reports them yet. Turn it on with the detector.
   */
  public boolean isReported() {
    return reported;
  }

  /** The types no detector reports yet, in declaration order. */
  public static Set<FindingType> notReported() {
    Set<FindingType> types = EnumSet.noneOf(FindingType.class);
    for (FindingType type : values()) {
      if (!type.reported) {
        types.add(type);
      }
    }
    return types;
  }

  /** One line saying what this type means, for help texts and the docs. */
  public String description() {
    return description;
  }

  /** The types {@code fail.on=leak} covers: LEAK_SUSPECTED, LEAK_UNCLOSED and OPEN_AT_EXIT. */
  public static Set<FindingType> leaks() {
    Set<FindingType> leaks = EnumSet.noneOf(FindingType.class);
    for (FindingType type : values()) {
      if (type.leak) {
        leaks.add(type);
      }
    }
    return leaks;
  }

  /** The type with this name, ignoring case, or {@code null}. */
  public static FindingType byName(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
