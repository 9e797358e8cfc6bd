package io.connlens.agent.report;

import java.util.Locale;

/**
 * The outputs of finding warnings, as {@code log.output} names them: which of standard error and the
 * application's log get a warning, given whether the application's SLF4J is ready.
 */
public enum LogOutput {
  /** The application's SLF4J once it is ready (initialized, with a real backend), else standard error. */
  AUTO,
  /** The application's SLF4J once it is ready, else {@code java.lang.System.Logger}. */
  APP,
  /** Standard error only: what connlens did before it had other outputs. */
  STDERR,
  /** Standard error, and the application's SLF4J once it is ready. */
  BOTH;

  /** The output named {@code word} as {@code log.output} accepts it ({@code auto}, {@code app}, ...). */
  public static LogOutput of(String word) {
    return valueOf(word.toUpperCase(Locale.ROOT));
  }

  /** Whether a warning is printed on standard error (when {@code console} allows it at all). */
  public boolean toStderr(boolean slf4jReady) {
    return this == STDERR || this == BOTH || this == AUTO && !slf4jReady;
  }

  /** Whether a warning goes to the application's SLF4J, when it is ready. */
  public boolean toSlf4j() {
    return this != STDERR;
  }

  /** Whether a warning goes to {@code System.Logger} when the application's SLF4J is not ready. */
  public boolean toSystemLoggerWithoutSlf4j() {
    return this == APP;
  }
}
