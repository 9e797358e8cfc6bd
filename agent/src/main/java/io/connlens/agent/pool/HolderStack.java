package io.connlens.agent.pool;

import java.util.ArrayList;
import java.util.List;

/**
 * The stack a pool recorded when it handed a connection out, as connlens shows frames
 * ({@code pkg.Class.method(File.java:42)}): from the first frame outside the pool (the pool's own
 * frames say nothing of the holder) and at most {@link #MAX_FRAMES} of them.
 */
public final class HolderStack {
  /** The most frames kept of one recorded stack. */
  public static final int MAX_FRAMES = 32;
  private static final String THREAD_GET_STACK_TRACE = "java.lang.Thread.getStackTrace(";

  private HolderStack() {}

  /** {@code trace} (a {@code Throwable}'s or {@code Thread.getStackTrace()}'s), or empty for {@code null}. */
  public static List<String> of(StackTraceElement[] trace, List<String> poolPrefixes) {
    List<String> frames = new ArrayList<>();
    if (trace != null) {
      for (StackTraceElement element : trace) {
        if (element != null && !add(frames, element.toString(), poolPrefixes)) {
          break;
        }
      }
    }
    return frames;
  }

  /**
   * A stack trace as {@code Throwable.printStackTrace} printed it (Tomcat JDBC keeps only that): its
   * {@code at ...} lines; empty for {@code null}.
   */
  public static List<String> ofPrinted(String printed, List<String> poolPrefixes) {
    List<String> frames = new ArrayList<>();
    if (printed != null) {
      for (String line : printed.split("\n", MAX_FRAMES * 4)) {
        String trimmed = line.trim();
        if (trimmed.startsWith("at ") && !add(frames, trimmed.substring(3), poolPrefixes)) {
          break;
        }
      }
    }
    return frames;
  }

  /** Adds {@code printed} unless it is one of the pool's leading frames; false once the stack is full. */
  private static boolean add(List<String> frames, String printed, List<String> poolPrefixes) {
    String frame = withoutLoaderAndModule(printed);
    if (frames.isEmpty() && (frame.startsWith(THREAD_GET_STACK_TRACE) || startsWithAny(frame, poolPrefixes))) {
      return true;
    }
    frames.add(frame);
    return frames.size() < MAX_FRAMES;
  }

  /**
   * {@code StackTraceElement.toString()} of JDK 9+ without its class loader and module
   * ({@code app//a.B.m(B.java:5)}, {@code java.base@17/java.lang.Thread.run(Thread.java:833)}); a hidden
   * class's {@code /0x...} suffix stays.
   */
  private static String withoutLoaderAndModule(String frame) {
    int end = frame.indexOf('(');
    int slash = frame.indexOf('/');
    while (slash >= 0 && (end < 0 || slash < end) && !frame.startsWith("0x", slash + 1)) {
      frame = frame.substring(slash + 1);
      end = frame.indexOf('(');
      slash = frame.indexOf('/');
    }
    return frame;
  }

  private static boolean startsWithAny(String frame, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (frame.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
