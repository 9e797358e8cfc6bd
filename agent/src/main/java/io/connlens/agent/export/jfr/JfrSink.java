package io.connlens.agent.export.jfr;

import io.connlens.agent.detection.Finding;
import io.connlens.agent.jvm.JvmShutdown;
import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.report.ReportSnapshot;
import io.connlens.agent.report.Sink;
import io.connlens.bootstrap.ConnlensHooks;
import java.util.Collections;
import java.util.List;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;

/**
 * The sink that writes connlens's events to Java Flight Recorder: {@link LeaseEvent},
 * {@link FindingEvent} and {@link PoolSnapshotEvent}. Costs a field read or two per lease while no
 * recording enables the lease event. Loaded only where the {@code jdk.jfr} module exists (see
 * {@link JfrExport}); never throws into the application.
 */
public final class JfrSink implements Sink {
  /**
   * The lease event's type once {@link #register()} ran, else {@code null}: registering loads JFR's
   * internals, which the agent keeps off the start-up path, and until then no lease is recorded.
   */
  private volatile EventType leaseType;
  /** The pools of the last scan, what the periodic snapshot event writes. */
  private volatile List<ReportSnapshot.Pool> pools = Collections.emptyList();
  private final Runnable snapshotHook = this::emitSnapshots;

  /** Registers the events with JFR and the periodic pool snapshot. Call once, off the start-up path. */
  public void register() {
    try {
      FlightRecorder.addPeriodicEvent(PoolSnapshotEvent.class, snapshotHook);
      EventType.getEventType(FindingEvent.class);
      leaseType = EventType.getEventType(LeaseEvent.class);
    } catch (RuntimeException | LinkageError e) {
      // no JFR events, nothing else changes. A JVM that exits while this runs (an application that
      // ends right after an attach) shuts JFR down under it, which refuses the registration: that
      // is not the agent's error, and is not counted as one
      if (!JvmShutdown.inProgress()) {
        ConnlensHooks.suppressed(e);
      }
    }
  }

  @Override
  public boolean listensToLeases() {
    return true;
  }

  @Override
  public void onOpened(Lease lease) {
    EventType type = leaseType;
    // the no-recording path: a volatile read and JFR's own enabled flag, no allocation
    if (type == null || !type.isEnabled()) {
      return;
    }
    try {
      // JFR cannot be told a start time: the event begins here, at acquire, so that its
      // duration is the hold time
      LeaseEvent event = new LeaseEvent();
      event.begin();
      lease.flightRecorderEvent(event);
    } catch (RuntimeException | LinkageError e) {
      ConnlensHooks.suppressed(e);
    }
  }

  @Override
  public void onClosed(Lease lease, long heldNanos) {
    Object begun = lease.flightRecorderEvent();
    if (!(begun instanceof LeaseEvent)) {
      return;
    }
    lease.flightRecorderEvent(null);
    try {
      LeaseEvent event = (LeaseEvent) begun;
      event.end();
      // below the threshold (or the recording stopped) nothing more is paid: the site is only
      // expanded for a lease that is written
      if (event.shouldCommit()) {
        event.pool = lease.pool();
        event.database = lease.database();
        CallSite site = lease.site();
        event.site = site.isCaptured() ? site.topFrame() : null;
        event.acquiringThread = lease.threadName();
        event.statements = lease.statements();
        event.lastSql = lease.lastSql(); // normalized by StatementRecorder: no literal, no bind value
        event.commit();
      }
    } catch (RuntimeException | LinkageError e) {
      ConnlensHooks.suppressed(e);
    }
  }

  @Override
  public void onCollected(Lease lease) {
    // a connection dropped without close(): there is no hold time to record, the leak is a finding
    lease.flightRecorderEvent(null);
  }

  /** Only new findings: a later occurrence of the same finding raises its count, not an event. */
  @Override
  public void onNewFinding(Finding finding) {
    try {
      FindingEvent event = new FindingEvent();
      if (!event.isEnabled()) {
        return;
      }
      event.type = finding.type().name();
      event.severity = finding.severity() == null ? null : finding.severity().name();
      event.pool = finding.pool();
      event.site = String.join("\n", finding.site().frames());
      event.sql = finding.sql();
      event.message = finding.message();
      event.commit();
    } catch (RuntimeException | LinkageError e) {
      ConnlensHooks.suppressed(e);
    }
  }

  @Override
  public void onPoolSnapshot(List<ReportSnapshot.Pool> pools, List<ReportSnapshot.Server> servers) {
    this.pools = pools;
  }

  /** JFR's periodic hook, on JFR's thread: one event per pool of the last scan. */
  private void emitSnapshots() {
    try {
      for (ReportSnapshot.Pool pool : pools) {
        PoolSnapshotEvent event = new PoolSnapshotEvent();
        event.pool = pool.name;
        event.kind = pool.kind;
        event.used = pool.active;
        event.idle = pool.idle;
        event.max = pool.maxSize;
        event.waiting = pool.waiting;
        event.commit();
      }
    } catch (RuntimeException | LinkageError e) {
      ConnlensHooks.suppressed(e);
    }
  }
}
