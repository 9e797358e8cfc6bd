package io.connlens.agent.runtime;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The application's other shutdown hooks, so that connlens can let them finish before it forces the
 * exit status with {@code Runtime.halt} (which would otherwise cut a logging flush or a Spring context
 * close short). Reads {@code java.lang.ApplicationShutdownHooks.hooks}: the map is captured at start,
 * because the JDK clears the field (not the map) when shutdown begins.
 */
public final class OtherShutdownHooks {
  private final Map<?, ?> hooks;

  private OtherShutdownHooks(Map<?, ?> hooks) {
    this.hooks = hooks;
  }

  /** Captures the hook registry; if the JDK does not allow it, {@link #await} returns at once. */
  public static OtherShutdownHooks capture(Instrumentation inst) {
    try {
      Module javaBase = Object.class.getModule();
      inst.redefineModule(javaBase, Set.of(), Map.of(), Map.of("java.lang", Set.of(OtherShutdownHooks.class.getModule())),
          Set.of(), Map.of());
      Class<?> registry = Class.forName("java.lang.ApplicationShutdownHooks");
      Field field = registry.getDeclaredField("hooks");
      field.setAccessible(true);
      Object map = field.get(null);
      return new OtherShutdownHooks(map instanceof Map ? (Map<?, ?>) map : null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return new OtherShutdownHooks(null);
    }
  }

  /** Waits until every other hook thread has ended, or {@code timeoutMillis} passed. */
  public void await(long timeoutMillis) {
    if (hooks == null) {
      return;
    }
    List<Thread> threads = new ArrayList<>();
    try {
      synchronized (Class.forName("java.lang.ApplicationShutdownHooks")) {
        for (Object key : hooks.keySet()) {
          if (key instanceof Thread && key != Thread.currentThread()) {
            threads.add((Thread) key);
          }
        }
      }
    } catch (ClassNotFoundException | RuntimeException e) {
      return;
    }
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    for (Thread t : threads) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        return;
      }
      try {
        t.join(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
