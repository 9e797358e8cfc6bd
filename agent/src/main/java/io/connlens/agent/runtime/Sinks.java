package io.connlens.agent.runtime;

import io.connlens.agent.report.ReportSnapshot;
import io.connlens.agent.report.Sink;
import io.connlens.bootstrap.ConnlensHooks;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The sinks of this run, told of pool snapshots and the exit in the order added (the report file
 * before the console, whose summary names the file). One sink's failure is counted and never keeps
 * the others from their turn.
 */
public final class Sinks {
  private final List<Sink> sinks = new CopyOnWriteArrayList<>();

  /** Adds a sink, told of everything from now on. */
  public void add(Sink sink) {
    sinks.add(sink);
  }

  /** Every sink, in order. */
  public List<Sink> all() {
    return sinks;
  }

  /** Hands the pools and servers now to every sink. */
  public void poolSnapshot(List<ReportSnapshot.Pool> pools, List<ReportSnapshot.Server> servers) {
    for (Sink sink : sinks) {
      try {
        sink.onPoolSnapshot(pools, servers);
      } catch (RuntimeException e) {
        ConnlensHooks.suppressed(e);
      }
    }
  }

  /** Hands the final report to every sink. */
  public void exit(ReportSnapshot snapshot) {
    for (Sink sink : sinks) {
      try {
        sink.onExit(snapshot);
      } catch (RuntimeException e) {
        ConnlensHooks.suppressed(e);
      }
    }
  }
}
