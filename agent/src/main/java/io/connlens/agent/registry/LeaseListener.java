package io.connlens.agent.registry;

/** Told when a lease ends; the leak detector uses it to report long holds. */
public interface LeaseListener {
  /** Does nothing. */
  LeaseListener NONE = (lease, heldNanos) -> {};

  /**
   * The application closed the lease's connection after {@code heldNanos}. Runs on the application's
   * thread, inside its {@code close()}: must be quick and must not block.
   */
  void onClosed(Lease lease, long heldNanos);
}
