package io.connlens.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A stack a pool recorded, as connlens shows it: frames without class loader and module, from the
 * first one outside the pool, at most 32.
 */
class HolderStackTest {
  private static final List<String> POOL = List.of("org.pool.");

  @Test
  void startsAtTheFirstFrameOutsideThePool() {
    StackTraceElement[] trace = {
        new StackTraceElement("java.lang.Thread", "getStackTrace", "Thread.java", 1602),
        new StackTraceElement("org.pool.Pool", "borrow", "Pool.java", 10),
        new StackTraceElement("app", null, null, "com.shop.Orders", "load", "Orders.java", 42),
        new StackTraceElement("org.pool.Pool", "later", "Pool.java", 11),
        new StackTraceElement(null, "java.base", "17", "java.lang.Thread", "run", "Thread.java", 833)};

    assertThat(HolderStack.of(trace, POOL)).containsExactly("com.shop.Orders.load(Orders.java:42)",
        "org.pool.Pool.later(Pool.java:11)", "java.lang.Thread.run(Thread.java:833)");
  }

  @Test
  void readsAPrintedTraceAndKeepsAHiddenClassName() {
    String printed = "java.lang.Exception\n\tat org.pool.Pool.dump(Pool.java:3)\n"
        + "\tat app//com.shop.Orders$$Lambda/0x0000000800c0b448.run(Unknown Source)\n"
        + "\tat java.base@17.0.2/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)\n";

    assertThat(HolderStack.ofPrinted(printed, POOL)).containsExactly(
        "com.shop.Orders$$Lambda/0x0000000800c0b448.run(Unknown Source)",
        "jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)");
  }

  @Test
  void keepsAtMost32Frames() {
    String printed = IntStream.range(0, 100).mapToObj(i -> "\tat com.shop.Deep.call" + i + "(Deep.java:" + i + ")")
        .collect(Collectors.joining("\n"));

    List<String> frames = HolderStack.ofPrinted(printed, POOL);

    assertThat(frames).hasSize(HolderStack.MAX_FRAMES).startsWith("com.shop.Deep.call0(Deep.java:0)");
    assertThat(new CheckedOutConnection(null, -1, null, HolderStack.ofPrinted(printed + printed, POOL)).holderStack())
        .hasSize(HolderStack.MAX_FRAMES);
  }

  @Test
  void nothingRecordedIsAnEmptyStack() {
    assertThat(HolderStack.of(null, POOL)).isEmpty();
    assertThat(HolderStack.ofPrinted(null, POOL)).isEmpty();
  }
}
