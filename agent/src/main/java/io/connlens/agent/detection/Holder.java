package io.connlens.agent.detection;

import java.util.List;

/** The thread holding a connection, as seen when a finding was made: its name, state, activity and stack. */
public final class Holder {
  private final String threadName;
  private final String threadState;
  private final HolderActivity activity;
  private final List<String> frames;

  /** A holder snapshot; {@code frames} formatted like {@link io.connlens.agent.registry.CallSite} frames. */
  public Holder(String threadName, String threadState, HolderActivity activity, List<String> frames) {
    this.threadName = BoundedText.cut(threadName, BoundedText.MAX_NAME);
    this.threadState = threadState;
    this.activity = activity;
    this.frames = List.copyOf(frames);
  }

  /** The holding thread's name. */
  public String threadName() {
    return threadName;
  }

  /** {@link Thread.State} name, or {@code TERMINATED}. */
  public String threadState() {
    return threadState;
  }

  /** What the thread is doing. */
  public HolderActivity activity() {
    return activity;
  }

  /** The thread's current stack, innermost first (empty for a dead thread). */
  public List<String> frames() {
    return frames;
  }
}
