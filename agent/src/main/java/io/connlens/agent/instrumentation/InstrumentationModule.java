package io.connlens.agent.instrumentation;

import java.util.List;

/**
 * The instrumentation of one library (JDBC itself, one connection pool, Hibernate, the JVM's exit):
 * a named unit listing its type instrumentations, each with its type matcher, method matchers and
 * advice together. {@code instrumentation.<name>.enabled=false} leaves the library's classes
 * untouched.
 */
public interface InstrumentationModule {

  /** The name in {@code instrumentation.<name>.enabled}: lower case, no dots. */
  String name();

  /** What the module instruments, in a few words, for the configuration docs. */
  String description();

  /** The types it instruments, and how. */
  List<TypeInstrumentation> types();

  /**
   * Whether the module is installed off the start-up path, after the JDBC instrumentation, because
   * it transforms a class the JVM has already loaded (see {@link Instrumenter#installLate}).
   */
  default boolean late() {
    return false;
  }
}
