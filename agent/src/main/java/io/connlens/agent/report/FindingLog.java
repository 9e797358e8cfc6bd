package io.connlens.agent.report;

import io.connlens.api.Severity;

/**
 * An application's own log that finding warnings can go to: its SLF4J (through a bridge defined
 * beside it) or {@code java.lang.System.Logger}. {@link FindingWarnings} calls it on the agent's own
 * thread only, never the application's: a log's appenders may block or load classes.
 */
public interface FindingLog {
  /** The parent of every connlens logger; a finding's logger is {@code connlens.finding.TYPE}. */
  String LOGGER_PREFIX = "connlens.finding";

  /**
   * Whether the log can be written now. {@code false} while the application has not yet initialized
   * it (connlens never initializes an application's logging before it does), and for good when it
   * has no real backend (SLF4J's no-operation fallback): the warnings then go to standard error.
   */
  boolean ready();

  /**
   * Writes {@code text} as one record of the logger {@code loggerName}, at the level of {@code
   * severity} (ERROR, WARN, INFO). Never throws.
   */
  void log(String loggerName, Severity severity, String text);
}
