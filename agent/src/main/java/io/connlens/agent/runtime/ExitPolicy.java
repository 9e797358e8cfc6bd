package io.connlens.agent.runtime;

import io.connlens.agent.detection.FailVerdict;

/**
 * What the JVM's exit status becomes: the application's own, unless {@code fail.on} matched and the
 * application asked for 0 (or never called {@code System.exit}); then {@code fail.exit.status}. A
 * shutdown hook cannot set the status: {@code Runtime.halt} can, once the application's other hooks
 * have done their work.
 */
public final class ExitPolicy {
  /** How long the exit hook lets the application's other shutdown hooks run before it forces the status. */
  private static final long OTHER_HOOKS_TIMEOUT_MILLIS = 10_000;

  /** The status forced on a failed run, or {@code null} ({@code fail.exit=false}): never forced. */
  private final Integer failExitStatus;
  private volatile OtherShutdownHooks otherHooks;
  /** The status the application passed to {@code System.exit}; 0 until it does. */
  private volatile int requestedExitStatus;

  /** Forces {@code failExitStatus} on a failed run; {@code null}: leaves every run's status alone. */
  public ExitPolicy(Integer failExitStatus) {
    this.failExitStatus = failExitStatus;
  }

  /** The application's other shutdown hooks, which run before the status is forced. */
  public void waitFor(OtherShutdownHooks hooks) {
    this.otherHooks = hooks;
  }

  /** The application called {@code System.exit(status)}. */
  public void exitRequested(int status) {
    requestedExitStatus = status;
  }

  /** The status to force after {@code verdict}, or {@code null} to leave the application's. */
  public Integer statusToForce(FailVerdict verdict) {
    return failExitStatus != null && verdict.failed() && requestedExitStatus == 0 ? failExitStatus : null;
  }

  /** Ends the JVM with {@code status} once the other hooks ran; does nothing for {@code null}. */
  public void enforce(Integer status) {
    if (status == null) {
      return;
    }
    OtherShutdownHooks hooks = otherHooks;
    if (hooks != null) {
      hooks.await(OTHER_HOOKS_TIMEOUT_MILLIS);
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(status);
  }
}
