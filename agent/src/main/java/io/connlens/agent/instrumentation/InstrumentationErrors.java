package io.connlens.agent.instrumentation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The types connlens failed to instrument, one line each, for the report: at most {@value #MAX_ERRORS}
 * kept, the rest counted. Apart from {@link Instrumenter} so that the report can read them before, or
 * without, Byte Buddy ever loading.
 */
public final class InstrumentationErrors {
  /** The most instrumentation errors kept for the report; the rest are only counted. */
  static final int MAX_ERRORS = 100;

  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final AtomicLong dropped = new AtomicLong();

  /** One line per type the agent failed to instrument (at most {@value #MAX_ERRORS}). */
  public List<String> errors() {
    return errors;
  }

  /** Instrumentation errors beyond {@value #MAX_ERRORS}, counted but not kept. */
  public long droppedErrors() {
    return dropped.get();
  }

  /** Keeps {@code error}, or counts it once {@value #MAX_ERRORS} are kept. */
  public void record(String error) {
    // a check-then-add race may keep one or two more: the bound is on memory, not an exact count
    if (errors.size() < MAX_ERRORS) {
      errors.add(error);
    } else {
      dropped.incrementAndGet();
    }
  }
}
