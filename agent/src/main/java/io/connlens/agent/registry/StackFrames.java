package io.connlens.agent.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns raw stack traces into the frames a reader wants: application frames first. Drops the frames
 * above the first application frame that belong to the agent, the JDK, reflection and proxies, JDBC
 * drivers, connection pools and the data-access layers that take connections on the application's
 * behalf, so that frame 0 is the line that asked for the connection.
 */
public final class StackFrames {

  /** Prefixes of classes that are never the application, wherever they stand. */
  private static final String[] NOISE = {
    "io.connlens.agent.", "io.connlens.bootstrap.", "jdk.internal.reflect.", "sun.reflect.", "java.lang.reflect.", "java.lang.invoke.",
    "jdk.proxy", "com.sun.proxy.",
  };

  /** The JDK: its frames say where a thread waits, not why. */
  private static final String[] JDK = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

  /** Connection pools and JDBC drivers. */
  private static final String[] POOLS_AND_DRIVERS = {
    "com.zaxxer.hikari.", "org.apache.commons.dbcp", "org.apache.commons.pool", "org.apache.tomcat.jdbc.",
    "org.apache.tomcat.dbcp.", "com.mchange.", "io.agroal.", "oracle.ucp.", "org.vibur.", "com.alibaba.druid.",
    "org.h2.", "org.postgresql.", "com.mysql.", "org.mariadb.", "oracle.jdbc.", "com.microsoft.sqlserver.",
    "org.hsqldb.", "org.apache.derby.", "org.sqlite.", "com.ibm.db2.", "org.testcontainers.jdbc.",
  };

  /** Data-access layers that take connections on the application's behalf. */
  private static final String[] DATA_ACCESS = {
    "org.springframework.", "org.hibernate.", "jakarta.persistence.", "org.eclipse.persistence.",
    "org.mybatis.", "org.apache.ibatis.", "org.jooq.", "org.jdbi.", "net.ttddyy.", "com.p6spy.",
    "io.micrometer.", "io.opentelemetry.", "io.quarkus.", "io.micronaut.", "org.jboss.",
  };

  private StackFrames() {}

  /**
   * The frames of {@code trace} from the first application frame on, at most {@code depth} of them,
   * without noise frames. When no frame is the application's, all frames but noise are kept.
   */
  public static List<String> applicationFirst(StackTraceElement[] trace, int depth) {
    int first = -1;
    for (int i = 0; i < trace.length; i++) {
      if (!isInfrastructure(trace[i].getClassName())) {
        first = i;
        break;
      }
    }
    List<String> frames = new ArrayList<>(Math.min(depth, trace.length));
    for (int i = first < 0 ? 0 : first; i < trace.length && frames.size() < depth; i++) {
      if (!isNoise(trace[i].getClassName())) {
        frames.add(format(trace[i]));
      }
    }
    return frames;
  }

  /** The top {@code depth} frames of {@code trace}, as they are (for a holder thread's current stack). */
  public static List<String> top(StackTraceElement[] trace, int depth) {
    List<String> frames = new ArrayList<>(Math.min(depth, trace.length));
    for (int i = 0; i < trace.length && frames.size() < depth; i++) {
      frames.add(format(trace[i]));
    }
    return frames;
  }

  /** Whether a class is the JDK, the agent, a driver, a pool or a data-access layer. */
  public static boolean isInfrastructure(String className) {
    return isNoise(className) || startsWithAny(className, JDK) || startsWithAny(className, POOLS_AND_DRIVERS)
        || startsWithAny(className, DATA_ACCESS);
  }

  /** Whether a class is part of the JDK. */
  public static boolean isJdk(String className) {
    return startsWithAny(className, JDK);
  }

  /** Whether a class belongs to a JDBC driver, a pool or the {@code java.sql} API. */
  public static boolean isJdbc(String className) {
    return className.startsWith("java.sql.") || className.startsWith("javax.sql.")
        || startsWithAny(className, POOLS_AND_DRIVERS);
  }

  /** {@code pkg.Class.method(File.java:42)}, without the module and loader prefixes of JDK 9+. */
  public static String format(StackTraceElement e) {
    StringBuilder sb = new StringBuilder(96).append(e.getClassName()).append('.').append(e.getMethodName()).append('(');
    if (e.isNativeMethod()) {
      sb.append("Native Method");
    } else if (e.getFileName() == null) {
      sb.append("Unknown Source");
    } else {
      sb.append(e.getFileName());
      if (e.getLineNumber() >= 0) {
        sb.append(':').append(e.getLineNumber());
      }
    }
    return sb.append(')').toString();
  }

  private static boolean isNoise(String className) {
    return startsWithAny(className, NOISE) || isGeneratedProxy(className);
  }

  private static boolean isGeneratedProxy(String className) {
    return className.startsWith("$Proxy") || className.contains(".$Proxy") || className.contains("$$SpringCGLIB$$")
        || className.contains("$$EnhancerBySpringCGLIB$$") || className.contains("$HibernateProxy")
        || className.contains("$$_jvst");
  }

  private static boolean startsWithAny(String s, String[] prefixes) {
    for (String p : prefixes) {
      if (s.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
