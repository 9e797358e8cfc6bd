package io.connlens.agent.registry;

import java.util.Collections;
import java.util.List;

/**
 * Where something happened in the application: stack frames formatted as
 * {@code pkg.Class.method(File.java:42)}, from the first application frame on ({@link StackFrames}
 * decides which frames are the application's), and what stood above that frame: a schema or data
 * initializer, an ORM, JdbcTemplate. A site without an application frame keeps the framework's
 * frames and says so ({@link #hasApplicationFrame()}).
 */
public final class CallSite {
  /** Trait: frame 0 is the application's. */
  static final int APPLICATION_FRAME = 1;
  /** Trait: a schema or data initializer (Spring's script runner, Flyway, Liquibase, ...) ran the call. */
  static final int THROUGH_INITIALIZER = 2;
  /** Trait: JPA or Hibernate ran the call on the application's behalf. */
  static final int THROUGH_ORM = 4;
  /** Trait: Spring's JdbcTemplate ran the call. */
  static final int THROUGH_JDBC_TEMPLATE = 8;

  /** A site that was not captured (sampled out, or the lease began before the agent attached). */
  public static final CallSite UNKNOWN = new CallSite(Collections.emptyList(), false, 0);

  private final List<String> frames;
  private final boolean captured;
  private final int traits;
  private final String key;

  private CallSite(List<String> frames, boolean captured, int traits) {
    this.frames = frames;
    this.captured = captured;
    this.traits = traits;
    this.key = String.join("\n", frames);
  }

  /** A captured site whose frame 0 is the application's, with these frames, outermost last. */
  public static CallSite of(List<String> frames) {
    return captured(frames, APPLICATION_FRAME);
  }

  static CallSite captured(List<String> frames, int traits) {
    return new CallSite(Collections.unmodifiableList(List.copyOf(frames)), true, traits);
  }

  /** The frames, from the first application frame on; empty when the site was not captured. */
  public List<String> frames() {
    return frames;
  }

  /** Whether the site was captured; {@code false} for {@link #UNKNOWN}. */
  public boolean isCaptured() {
    return captured;
  }

  /**
   * Whether frame 0 is the application's own line; {@code false} when the captured stack held only
   * the JDK's, the agent's, drivers', pools' and frameworks' frames (and for an uncaptured site).
   */
  public boolean hasApplicationFrame() {
    return (traits & APPLICATION_FRAME) != 0;
  }

  /**
   * Whether a schema or data initializer stood between the call and the application's first frame
   * (or, without one, anywhere on the stack): Spring's script initializer, Flyway, Liquibase,
   * Hibernate's schema tooling.
   */
  public boolean isThroughInitializer() {
    return (traits & THROUGH_INITIALIZER) != 0;
  }

  /** Whether JPA or Hibernate made the call, between it and the application's first frame. */
  public boolean isThroughOrm() {
    return (traits & THROUGH_ORM) != 0;
  }

  /** Whether Spring's JdbcTemplate made the call, between it and the application's first frame. */
  public boolean isThroughJdbcTemplate() {
    return (traits & THROUGH_JDBC_TEMPLATE) != 0;
  }

  /** The first frame, or {@code "(site not captured)"}. */
  public String topFrame() {
    return frames.isEmpty() ? "(site not captured)" : frames.get(0);
  }

  /** A string equal for equal frame lists. */
  public String key() {
    return key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallSite && ((CallSite) o).key.equals(key) && ((CallSite) o).captured == captured
        && ((CallSite) o).traits == traits;
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
