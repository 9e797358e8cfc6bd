package io.connlens.agent.export.slf4j.bridge;

import io.connlens.agent.report.FindingLog;
import io.connlens.api.Severity;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finding warnings in the application's log, through its own SLF4J (1.7 or 2): defined by a {@link
 * io.connlens.agent.export.bridge.BridgeLoader} beside the application's {@code slf4j-api}, compiled
 * against it, and reached by the agent only through {@link FindingLog}.
 *
 * <p>It never initializes SLF4J: binding a provider configures the application's logging (Logback
 * reads its configuration then), which is the application's to do, when it chooses. So it reads
 * SLF4J's initialization state, which both 1.7 and 2 keep in {@code LoggerFactory.INITIALIZATION_STATE},
 * and is ready only once the application has initialized SLF4J with a real provider. SLF4J without a
 * provider (1.7's "Failed to load class StaticLoggerBinder", 2's "No SLF4J providers were found") or
 * with {@code slf4j-nop} falls back to a logger that drops everything: then this is never ready, and
 * the warnings stay on standard error.
 */
public final class Slf4jFindingLog implements FindingLog {
  // LoggerFactory's states, the same in SLF4J 1.7 and 2
  private static final int UNINITIALIZED = 0;
  private static final int ONGOING_INITIALIZATION = 1;
  private static final int SUCCESSFUL_INITIALIZATION = 3;
  private static final int UNREADABLE = -1;
  private static final String SUBSTITUTE_FACTORY = "org.slf4j.helpers.SubstituteLoggerFactory";

  private final Field initializationState;
  private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
  // null until the application has initialized SLF4J; then whether it has a real provider, for good
  private volatile Boolean real;

  /** Looks the state field up; reading it initializes {@code LoggerFactory}'s statics, never a provider. */
  public Slf4jFindingLog() {
    Field field;
    try {
      field = LoggerFactory.class.getDeclaredField("INITIALIZATION_STATE");
      field.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // slf4j-api as a named module, or a version that renamed the field: see ready()
      field = null;
    }
    this.initializationState = field;
  }

  @Override
  public boolean ready() {
    Boolean known = real;
    if (known != null) {
      return known;
    }
    int state = state();
    if (state == UNINITIALIZED || state == ONGOING_INITIALIZATION) {
      return false; // the application has not initialized SLF4J yet: do not do it for it
    }
    // SUCCESSFUL (or UNREADABLE: the field cannot be read, and SLF4J was loaded a while ago by an
    // application that logs): getILoggerFactory returns the provider's factory without binding again
    if (state != SUCCESSFUL_INITIALIZATION && state != UNREADABLE) {
      real = false; // FAILED or NOP_FALLBACK: no provider, for good
      return false;
    }
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory != null && factory.getClass().getName().equals(SUBSTITUTE_FACTORY)) {
      return false; // still initializing (seen only when the state is unreadable): ask again next time
    }
    boolean isReal = isRealFactory(factory);
    real = isReal;
    return isReal;
  }

  private int state() {
    if (initializationState == null) {
      return UNREADABLE;
    }
    try {
      return initializationState.getInt(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return UNREADABLE;
    }
  }

  /** Whether {@code factory} writes somewhere: not SLF4J's no-operation or substitute factories. */
  public static boolean isRealFactory(ILoggerFactory factory) {
    if (factory == null) {
      return false;
    }
    String name = factory.getClass().getName();
    return !name.equals("org.slf4j.helpers.NOPLoggerFactory")
        && !name.equals(SUBSTITUTE_FACTORY)
        && !name.equals("org.slf4j.nop.NOPLoggerFactory");
  }

  @Override
  public void log(String loggerName, Severity severity, String text) {
    try {
      Logger logger = loggers.computeIfAbsent(loggerName, LoggerFactory::getLogger);
      switch (severity) {
        case ERROR:
          logger.error(text);
          break;
        case INFO:
          logger.info(text);
          break;
        default:
          logger.warn(text);
          break;
      }
    } catch (RuntimeException | LinkageError e) {
      // the application's appender failed: the warning is lost to its log, never to the agent
    }
  }
}
