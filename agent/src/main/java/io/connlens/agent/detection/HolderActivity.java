package io.connlens.agent.detection;

/**
 * What the thread that holds a connection is doing when the connection is reported: the difference
 * between a slow export (still working) and a forgotten connection (the thread moved on).
 */
public enum HolderActivity {
  /** Inside a JDBC driver or pool call: a slow query or a network wait on the database. */
  IN_JDBC_CALL("inside a JDBC call (a slow query or a wait on the database)"),
  /** Running or blocked in application code: the connection is held across other work. */
  RUNNING_APPLICATION_CODE("running application code while holding the connection"),
  /** Parked in an idle thread pool: the task that took the connection ended without closing it. */
  IDLE_IN_THREAD_POOL("idle in a thread pool: the task that took the connection has ended, the connection was forgotten"),
  /** Waiting or sleeping outside a thread pool. */
  WAITING("waiting (sleep, lock or I/O) while holding the connection"),
  /** The thread has ended: nobody can close the connection any more. */
  DEAD("the thread has ended: nobody can close the connection any more"),
  /** The holder could not be determined. */
  UNKNOWN("unknown");

  private final String description;

  HolderActivity(String description) {
    this.description = description;
  }

  /** A phrase for console output. */
  public String description() {
    return description;
  }
}
