package io.connlens.agent.report;

import io.connlens.agent.detection.Finding;
import io.connlens.agent.detection.FindingListener;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.LeaseListener;
import java.util.List;

/**
 * Where what connlens sees goes out: the console, the JSON report, JMX, and the exporters to come.
 * One interface for every output, each with a default that does nothing: a lease opened or closed (on
 * the application's thread, inside its call: quick, never blocking, and only for a sink that
 * {@link #listensToLeases() asks}), a finding raised or seen again, a periodic snapshot of the pools,
 * and the exit. A sink formats and delivers; it never detects, and never throws.
 */
public interface Sink extends LeaseListener, FindingListener {

  /**
   * Whether the sink is told of every lease opened and closed. {@code false} by default: those calls
   * are on the application's hot path, and the first sinks need only findings and snapshots.
   */
  default boolean listensToLeases() {
    return false;
  }

  @Override
  default void onClosed(Lease lease, long heldNanos) {}

  @Override
  default void onNewFinding(Finding finding) {}

  /** The pools and database servers now, about once a second while the agent runs. */
  default void onPoolSnapshot(List<ReportSnapshot.Pool> pools, List<ReportSnapshot.Server> servers) {}

  /** At JVM exit, once, after the last scan: the final report. */
  default void onExit(ReportSnapshot snapshot) {}
}
