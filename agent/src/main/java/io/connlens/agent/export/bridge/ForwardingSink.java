package io.connlens.agent.export.bridge;

import io.connlens.agent.detection.Finding;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.report.ReportSnapshot;
import io.connlens.agent.report.Sink;
import java.util.List;

/**
 * A sink that hands every call to the sink {@link #delegate()} names now, or drops it while there is
 * none: how the agent holds a bridge, which may not exist yet (no OpenTelemetry pipeline found) or
 * any more (its application's class loader collected).
 */
public abstract class ForwardingSink implements Sink {

  /** Where calls go now, or {@code null} to drop them; called on every call, so it must be cheap. */
  protected abstract Sink delegate();

  @Override
  public void onOpened(Lease lease) {
    Sink sink = delegate();
    if (sink != null) {
      sink.onOpened(lease);
    }
  }

  @Override
  public void onClosed(Lease lease, long heldNanos) {
    Sink sink = delegate();
    if (sink != null) {
      sink.onClosed(lease, heldNanos);
    }
  }

  @Override
  public void onCollected(Lease lease) {
    Sink sink = delegate();
    if (sink != null) {
      sink.onCollected(lease);
    }
  }

  @Override
  public void onNewFinding(Finding finding) {
    Sink sink = delegate();
    if (sink != null) {
      sink.onNewFinding(finding);
    }
  }

  @Override
  public void onFindingUpdated(Finding finding) {
    Sink sink = delegate();
    if (sink != null) {
      sink.onFindingUpdated(finding);
    }
  }

  @Override
  public void onPoolSnapshot(List<ReportSnapshot.Pool> pools, List<ReportSnapshot.Server> servers) {
    Sink sink = delegate();
    if (sink != null) {
      sink.onPoolSnapshot(pools, servers);
    }
  }

  @Override
  public void onExit(ReportSnapshot snapshot) {
    Sink sink = delegate();
    if (sink != null) {
      sink.onExit(snapshot);
    }
  }
}
