package io.connlens.agent.testing;

import io.connlens.agent.application.ApplicationPackages;
import io.connlens.agent.detection.HolderClassifier;
import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.StackFrames;
import io.connlens.agent.testing.Frames;

/** The stack-frame rules the agent runs with when no application packages are known, for tests. */
public final class Frames {
  /** No application packages, sites of 16 frames, the supported pools' prefixes as infrastructure. */
  public static final StackFrames STACK_FRAMES =
      new StackFrames(ApplicationPackages.NONE, StackFrames.DEFAULT_DEPTH, Modules.pools().packagePrefixes());
  /** Holders told apart by {@link #STACK_FRAMES}. */
  public static final HolderClassifier HOLDERS = new HolderClassifier(STACK_FRAMES);

  private Frames() {}
}
