package io.connlens.agent.detection;

import io.connlens.api.FindingType;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Whether the run fails ({@code fail.on}), decided once from the findings: a finding of a
 * {@code fail.on} type with occurrences still outstanding fails it (a suspected leak whose connection
 * came back after all does not), and so does such an occurrence the full store could only count.
 */
public final class FailVerdict {
  private final Set<FindingType> failOn;
  private final Set<FindingType> failing;

  private FailVerdict(Set<FindingType> failOn, Set<FindingType> failing) {
    this.failOn = failOn;
    this.failing = failing;
  }

  /** The verdict on the findings in {@code store} now. */
  public static FailVerdict of(FindingStore store, Set<FindingType> failOn) {
    Set<FindingType> failing = EnumSet.noneOf(FindingType.class);
    for (Finding f : store.findings()) {
      if (failOn.contains(f.type()) && f.outstanding() > 0) {
        failing.add(f.type());
      }
    }
    for (FindingType type : failOn) {
      if (store.outstandingDropped(type) > 0) {
        failing.add(type);
      }
    }
    Set<FindingType> configured = failOn.isEmpty() ? EnumSet.noneOf(FindingType.class) : EnumSet.copyOf(failOn);
    return new FailVerdict(Collections.unmodifiableSet(configured), Collections.unmodifiableSet(failing));
  }

  /** Whether the run fails. */
  public boolean failed() {
    return !failing.isEmpty();
  }

  /** The {@code fail.on} types that fail it, in enum order; empty when it does not fail. */
  public Set<FindingType> failingTypes() {
    return failing;
  }

  /** The types {@code fail.on} names. */
  public Set<FindingType> failOn() {
    return failOn;
  }
}
