package io.connlens.agent.registry;

/**
 * Told when a lease begins and ends: detectors and sinks. Both run on the application's thread,
 * inside its {@code getConnection} or {@code close()}: they must be quick and must not block.
 */
public interface LeaseListener {
  /** The application got a connection: a new lease. */
  default void onOpened(Lease lease) {}

  /** The application closed the lease's connection after {@code heldNanos}. */
  void onClosed(Lease lease, long heldNanos);

  /**
   * The lease's connection was garbage-collected without close (on the scan thread, when the registry
   * polls): whatever a listener keeps for the lease can go.
   */
  default void onCollected(Lease lease) {}
}
