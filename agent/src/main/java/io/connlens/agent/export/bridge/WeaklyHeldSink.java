package io.connlens.agent.export.bridge;

import io.connlens.agent.detection.Finding;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.report.ReportSnapshot;
import io.connlens.agent.report.Sink;
import java.lang.ref.WeakReference;
import java.util.List;

/**
 * How the agent holds a bridge's sink: weakly. A bridge class is defined in a child of the
 * application's class loader, so holding it strongly would keep that loader, and everything it loaded,
 * alive after the application discarded it (a web application undeployed). The bridge must be kept
 * alive by the library it exports to (Micrometer's registry holds the sink's meter functions); once the
 * application's loader is collected, this sink does nothing.
 */
public final class WeaklyHeldSink implements Sink {
  private final WeakReference<Sink> bridge;
  private final boolean listensToLeases;

  /** Holds {@code bridge} weakly; it must be kept alive by what it exports to. */
  public WeaklyHeldSink(Sink bridge) {
    this.bridge = new WeakReference<>(bridge);
    this.listensToLeases = bridge.listensToLeases();
  }

  /** The bridge's sink, or {@code null} once its class loader was collected. */
  public Sink bridge() {
    return bridge.get();
  }

  @Override
  public boolean listensToLeases() {
    return listensToLeases;
  }

  @Override
  public void onOpened(Lease lease) {
    Sink sink = bridge.get();
    if (sink != null) {
      sink.onOpened(lease);
    }
  }

  @Override
  public void onClosed(Lease lease, long heldNanos) {
    Sink sink = bridge.get();
    if (sink != null) {
      sink.onClosed(lease, heldNanos);
    }
  }

  @Override
  public void onCollected(Lease lease) {
    Sink sink = bridge.get();
    if (sink != null) {
      sink.onCollected(lease);
    }
  }

  @Override
  public void onNewFinding(Finding finding) {
    Sink sink = bridge.get();
    if (sink != null) {
      sink.onNewFinding(finding);
    }
  }

  @Override
  public void onFindingUpdated(Finding finding) {
    Sink sink = bridge.get();
    if (sink != null) {
      sink.onFindingUpdated(finding);
    }
  }

  @Override
  public void onPoolSnapshot(List<ReportSnapshot.Pool> pools, List<ReportSnapshot.Server> servers) {
    Sink sink = bridge.get();
    if (sink != null) {
      sink.onPoolSnapshot(pools, servers);
    }
  }

  @Override
  public void onExit(ReportSnapshot snapshot) {
    Sink sink = bridge.get();
    if (sink != null) {
      sink.onExit(snapshot);
    }
  }
}
