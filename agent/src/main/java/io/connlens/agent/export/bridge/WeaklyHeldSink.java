package io.connlens.agent.export.bridge;

import io.connlens.agent.report.Sink;
import java.lang.ref.WeakReference;

/**
 * How the agent holds a bridge's sink: weakly. A bridge class is defined in a child of the
 * application's class loader, so holding it strongly would keep that loader, and everything it loaded,
 * alive after the application discarded it (a web application undeployed). The bridge must be kept
 * alive by the library it exports to (Micrometer's registry holds the sink's meter functions); once the
 * application's loader is collected, this sink does nothing.
 */
public final class WeaklyHeldSink extends ForwardingSink {
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
  protected Sink delegate() {
    return bridge.get();
  }
}
