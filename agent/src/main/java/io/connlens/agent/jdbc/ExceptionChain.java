package io.connlens.agent.jdbc;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Walks what a failed JDBC call threw: the exception, its causes ({@link Throwable#getCause()}) and,
 * for a {@link SQLException}, its chained exceptions ({@link SQLException#getNextException()}), which
 * is where HikariCP, Vibur and drivers put the driver's own error. Bounded: at most {@value #MAX_DEPTH}
 * exceptions are looked at, each once, so a cyclic chain ends; a getter that throws ends that branch.
 */
public final class ExceptionChain {
  /** The most exceptions looked at in one chain (a real one has a handful). */
  static final int MAX_DEPTH = 32;

  private ExceptionChain() {}

  /** The first exception of {@code thrown}'s chain, {@code thrown} first, that {@code test} accepts, or {@code null}. */
  public static Throwable find(Throwable thrown, Predicate<Throwable> test) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    Throwable[] pending = new Throwable[MAX_DEPTH];
    int size = 0;
    if (thrown != null) {
      pending[size++] = thrown;
    }
    while (size > 0 && seen.size() < MAX_DEPTH) {
      Throwable t = pending[--size];
      if (seen.put(t, Boolean.TRUE) != null) {
        continue;
      }
      if (test.test(t)) {
        return t;
      }
      // the next exception after the cause, so the cause (the driver's error, for HikariCP) comes first
      Throwable next = next(t);
      if (next != null && size < MAX_DEPTH) {
        pending[size++] = next;
      }
      Throwable cause = cause(t);
      if (cause != null && size < MAX_DEPTH) {
        pending[size++] = cause;
      }
    }
    return null;
  }

  /** Whether some exception of {@code thrown}'s chain has a message containing {@code text}. */
  public static boolean anyMessageContains(Throwable thrown, String text) {
    return find(thrown, t -> {
      String message = message(t);
      return message != null && message.contains(text);
    }) != null;
  }

  /** Whether some exception of {@code thrown}'s chain is of the class named {@code className} (or a subclass). */
  public static boolean anyOfClass(Throwable thrown, String className) {
    return find(thrown, t -> isA(t.getClass(), className)) != null;
  }

  private static boolean isA(Class<?> type, String className) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(className)) {
        return true;
      }
    }
    return false;
  }

  /** {@code t.getMessage()}, or {@code null} when it has none or throws (an application's exception may). */
  public static String message(Throwable t) {
    try {
      return t.getMessage();
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static Throwable cause(Throwable t) {
    try {
      Throwable cause = t.getCause();
      return cause == t ? null : cause;
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static Throwable next(Throwable t) {
    if (!(t instanceof SQLException)) {
      return null;
    }
    try {
      return ((SQLException) t).getNextException();
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }
}
