package io.connlens.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** A stack a pool recorded as text reads back to the frames it was printed from, and nothing else ever throws. */
class PrintedFramesPropertyTest {
  @Property
  void aPrintedFrameReadsBackAsItWasPrinted(@ForAll @AlphaChars @StringLength(min = 1, max = 12) String pkg,
      @ForAll @AlphaChars @StringLength(min = 1, max = 12) String cls, @ForAll @AlphaChars @StringLength(min = 1, max = 12) String method,
      @ForAll @IntRange(min = -2, max = 100_000) int line, @ForAll boolean withFile) {
    StackTraceElement frame = new StackTraceElement(pkg + "." + cls, method, withFile ? cls + ".java" : null, line);
    String printed = StackFrames.format(frame);
    assertThat(StackFrames.format(StackFrames.parse(printed))).isEqualTo(printed);
  }

  @Property
  void anyTextIsReadWithoutThrowing(@ForAll String text) {
    assertThat(StackFrames.parse(text)).isNotNull();
  }
}
