package io.connlens.it;

import java.util.List;

/**
 * What a run's report must say of the agent itself: how many errors its advice suppressed, which
 * classes it failed to instrument (each named by a part of its entry), and whether a report is
 * written at all. {@link #CLEAN} for every run but those that provoke an error on purpose, which is
 * how the suite shows these checks can fail.
 */
record AgentHealth(long suppressedErrors, List<String> instrumentationErrors, boolean reportWritten) {
  /** No suppressed error, no instrumentation error, a report. */
  static final AgentHealth CLEAN = new AgentHealth(0, List.of(), true);
  /** The agent is off or absent: no report may appear. */
  static final AgentHealth NO_REPORT = new AgentHealth(0, List.of(), false);

  /** Exactly {@code count} suppressed errors, no instrumentation error. */
  static AgentHealth suppressed(long count) {
    return new AgentHealth(count, List.of(), true);
  }

  /** No suppressed error, and one instrumentation error per part given, each containing it. */
  static AgentHealth instrumentationErrors(String... parts) {
    return new AgentHealth(0, List.of(parts), true);
  }
}
