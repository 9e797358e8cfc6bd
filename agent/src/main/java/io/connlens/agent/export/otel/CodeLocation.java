package io.connlens.agent.export.otel;

/**
 * A captured stack frame ({@code com.example.Orders.list(Orders.java:42)}) as the stable
 * {@code code.*} attributes: {@code code.function.name} (the class and method),
 * {@code code.file.path} (the file name: a frame carries no directory) and {@code code.line.number}.
 */
public final class CodeLocation {
  private final String function;
  private final String file;
  private final int line;

  private CodeLocation(String function, String file, int line) {
    this.function = function;
    this.file = file;
    this.line = line;
  }

  /** The location of {@code frame}, or {@code null} when it is not a frame. */
  public static CodeLocation of(String frame) {
    if (frame == null) {
      return null;
    }
    String f = frame.trim();
    if (f.startsWith("at ")) {
      f = f.substring(3);
    }
    int open = f.indexOf('(');
    if (open <= 0 || !f.endsWith(")")) {
      return f.isEmpty() ? null : new CodeLocation(f, null, -1);
    }
    String function = f.substring(0, open);
    int slash = function.lastIndexOf('/'); // a module or class loader prefix: app//com.example...
    if (slash >= 0) {
      function = function.substring(slash + 1);
    }
    String inside = f.substring(open + 1, f.length() - 1);
    int colon = inside.lastIndexOf(':');
    String file = colon < 0 ? inside : inside.substring(0, colon);
    int line = -1;
    if (colon >= 0) {
      try {
        line = Integer.parseInt(inside.substring(colon + 1));
      } catch (NumberFormatException e) {
        line = -1;
      }
    }
    if (file.isEmpty() || file.equals("Unknown Source") || file.equals("Native Method")) {
      file = null;
    }
    return new CodeLocation(function, file, line);
  }

  /** {@code code.function.name}. */
  public String function() {
    return function;
  }

  /** {@code code.file.path}, or {@code null}. */
  public String file() {
    return file;
  }

  /** {@code code.line.number}, or -1. */
  public int line() {
    return line;
  }
}
