package io.connlens.agent.export.systemlogger;

import io.connlens.agent.report.FindingLog;
import io.connlens.api.Severity;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finding warnings through {@code java.lang.System.Logger}, for {@code log.output=app} when the
 * application has no SLF4J: the JDK's logging ({@code java.util.logging} unless the application
 * installs another {@code LoggerFinder}). Created the first time a warning goes there, on the agent's
 * thread, so that the JDK's logging is not set up during the application's start-up.
 */
public final class SystemLoggerLog implements FindingLog {
  private final Map<String, Logger> loggers = new ConcurrentHashMap<>();

  /** Always ready: the JDK has a logger finder. */
  @Override
  public boolean ready() {
    return true;
  }

  @Override
  public void log(String loggerName, Severity severity, String text) {
    try {
      Logger logger = loggers.computeIfAbsent(loggerName, System::getLogger);
      logger.log(level(severity), text);
    } catch (RuntimeException e) {
      // a broken handler must not stop the warnings on the other outputs
    }
  }

  static Level level(Severity severity) {
    switch (severity) {
      case ERROR:
        return Level.ERROR;
      case INFO:
        return Level.INFO;
      default:
        return Level.WARNING;
    }
  }
}
