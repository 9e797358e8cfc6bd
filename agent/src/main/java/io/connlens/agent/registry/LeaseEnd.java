package io.connlens.agent.registry;

/**
 * How a lease the application never closed came to an end on the pool's side: its physical connection
 * was closed under it. The application may still close the lease afterwards (a broken connection the
 * pool evicted while the application finishes with it): only a lease never closed is a leak.
 */
public enum LeaseEnd {
  /**
   * The pool closed the physical connection while the pool was running: its abandoned-connection
   * removal (Tomcat JDBC {@code removeAbandoned}, c3p0 {@code unreturnedConnectionTimeout}, DBCP2
   * {@code removeAbandonedOnMaintenance}), an eviction, or a broken connection.
   */
  POOL("the pool closed its physical connection (abandoned-connection removal or eviction)"),
  /** The pool closed the physical connection when it was shut down ({@code close()} on the pool). */
  POOL_SHUTDOWN("the pool closed it when the pool shut down");

  private final String words;

  LeaseEnd(String words) {
    this.words = words;
  }

  /** What happened, as a clause: "the pool closed it when the pool shut down". */
  public String words() {
    return words;
  }
}
