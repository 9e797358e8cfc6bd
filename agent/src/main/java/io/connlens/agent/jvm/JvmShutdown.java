package io.connlens.agent.jvm;

/**
 * Whether the JVM has begun to shut down: what a pool closed by the application's shutdown hook, a
 * warning raised as the JVM exits and a JFR registration refused at exit all need to know. There is
 * no API for it; the runtime refuses to remove a shutdown hook once the hooks have started, even one
 * never added, and says so with an {@link IllegalStateException}.
 */
public final class JvmShutdown {
  private static final Thread NEVER_REGISTERED = new Thread(() -> {}, "connlens-exit-probe");

  private JvmShutdown() {}

  /** Whether the JVM's shutdown hooks have started. */
  public static boolean inProgress() {
    try {
      Runtime.getRuntime().removeShutdownHook(NEVER_REGISTERED);
      return false;
    } catch (IllegalStateException shutdownInProgress) {
      return true;
    } catch (RuntimeException refused) {
      return false; // a security manager's refusal says nothing of the exit
    }
  }
}
