package io.connlens.agent.export.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * One pool's size and use, once a second while a recording enables it: the last values the agent's
 * scan read from the pool. -1 where the pool does not say.
 */
@Name("connlens.PoolSnapshot")
@Category("connlens")
@Label("Pool Snapshot")
@Description("A connection pool's size and use as the pool reports them; -1 where it does not say")
@StackTrace(false) // a periodic event's stack is JFR's own thread
@Period("1 s")
public final class PoolSnapshotEvent extends Event {
  @Label("Pool")
  @Description("The pool name")
  String pool;

  @Label("Kind")
  @Description("The pool implementation (hikaricp, dbcp2, ...); empty when unknown")
  String kind;

  @Label("Used")
  @Description("Connections in use now, as the pool reports them; -1 when it does not say")
  int used;

  @Label("Idle")
  @Description("Idle connections now, as the pool reports them; -1 when it does not say")
  int idle;

  @Label("Max")
  @Description("The pool's maximum size; -1 when it does not say")
  int max;

  @Label("Waiting")
  @Description("Threads waiting for a connection now; -1 when the pool does not say")
  int waiting;
}
