package io.connlens.agent.detection;

import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.StackFrames;
import java.util.List;

/**
 * Tells what a connection's holder thread is doing from its state and current stack: inside a JDBC
 * call, in application code, parked in an idle thread pool, or dead. This is what separates a slow
 * export (still working, will return the connection) from a forgotten connection (the thread moved on).
 */
public final class HolderClassifier {

  private final StackFrames frames;

  /** A classifier that tells the application's frames from the rest by {@code frames}' rules. */
  public HolderClassifier(StackFrames frames) {
    this.frames = frames;
  }

  /** The frames of a holder's stack a finding keeps: enough to reach below a thread pool's parking frames. */
  static final int DEPTH = 24;

  /** Describes {@code thread} now, keeping {@link #DEPTH} frames of its stack. */
  public Holder describe(Thread thread) {
    return describe(thread, DEPTH);
  }

  /** Describes the thread that took {@code lease}: dead once the lease no longer reaches it. */
  public Holder describe(Lease lease) {
    Thread thread = lease.thread();
    if (thread == null) {
      return new Holder(lease.threadName(), Thread.State.TERMINATED.name(), HolderActivity.DEAD, List.of());
    }
    return describe(thread, DEPTH);
  }

  /** Describes {@code thread} now, keeping at most {@code depth} frames of its stack. */
  public Holder describe(Thread thread, int depth) {
    if (thread == null) {
      return new Holder("?", "UNKNOWN", HolderActivity.UNKNOWN, List.of());
    }
    StackTraceElement[] stack = thread.getStackTrace();
    Thread.State state = thread.getState(); // read after the stack: a thread that ended meanwhile is TERMINATED
    if (state == Thread.State.TERMINATED) {
      return new Holder(thread.getName(), Thread.State.TERMINATED.name(), HolderActivity.DEAD, List.of());
    }
    return new Holder(thread.getName(), state.name(), classify(stack, state), StackFrames.top(stack, depth));
  }

  /** The activity a stack and state show. */
  HolderActivity classify(StackTraceElement[] stack, Thread.State state) {
    // the first frame that is not the JDK says whose code the thread is in; an application frame in a
    // pool's or driver's package (a library's own test) is the application's, not a JDBC call
    for (StackTraceElement frame : stack) {
      String cls = frame.getClassName();
      if (frames.isJdbc(cls) && !frames.isApplication(cls)) {
        return HolderActivity.IN_JDBC_CALL;
      }
      if (!StackFrames.isJdk(cls)) {
        return state == Thread.State.RUNNABLE ? HolderActivity.RUNNING_APPLICATION_CODE : HolderActivity.WAITING;
      }
      if (isIdleWorkerFrame(frame)) {
        return HolderActivity.IDLE_IN_THREAD_POOL;
      }
    }
    if (stack.length == 0) {
      return HolderActivity.UNKNOWN;
    }
    return state == Thread.State.RUNNABLE ? HolderActivity.RUNNING_APPLICATION_CODE : HolderActivity.WAITING;
  }

  /** A JDK thread pool's worker waiting for its next task. */
  private static boolean isIdleWorkerFrame(StackTraceElement frame) {
    String cls = frame.getClassName();
    String method = frame.getMethodName();
    return (cls.equals("java.util.concurrent.ThreadPoolExecutor") && method.equals("getTask"))
        || (cls.equals("java.util.concurrent.ForkJoinPool") && method.equals("awaitWork"))
        || (cls.equals("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue") && method.equals("take"));
  }
}
