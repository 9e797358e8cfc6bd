package io.connlens.agent.registry;

import java.util.Collections;
import java.util.List;

/**
 * Where something happened in the application: stack frames formatted as
 * {@code pkg.Class.method(File.java:42)}, application frames first (agent, JDK reflection, pool and
 * driver frames above the first application frame are dropped).
 */
public final class CallSite {

  /** A site that was not captured (sampled out, or the lease began before the agent attached). */
  public static final CallSite UNKNOWN = new CallSite(Collections.emptyList(), false);

  private final List<String> frames;
  private final boolean captured;
  private final String key;

  private CallSite(List<String> frames, boolean captured) {
    this.frames = frames;
    this.captured = captured;
    this.key = String.join("\n", frames);
  }

  /** A captured site with these frames, outermost-last. */
  public static CallSite of(List<String> frames) {
    return new CallSite(Collections.unmodifiableList(List.copyOf(frames)), true);
  }

  /** The site a captured stack shows: at most {@code depth} frames, application frames first. */
  public static CallSite of(Throwable trace, int depth) {
    return of(StackFrames.applicationFirst(trace.getStackTrace(), depth));
  }

  /** The frames, application frames first; empty when the site was not captured. */
  public List<String> frames() {
    return frames;
  }

  /** Whether the site was captured; {@code false} for {@link #UNKNOWN}. */
  public boolean isCaptured() {
    return captured;
  }

  /** The first frame, or {@code "(site not captured)"}. */
  public String topFrame() {
    return frames.isEmpty() ? "(site not captured)" : frames.get(0);
  }

  /** A string equal for equal frame lists, for aggregation keys. */
  public String key() {
    return key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallSite && ((CallSite) o).key.equals(key) && ((CallSite) o).captured == captured;
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return topFrame();
  }
}
