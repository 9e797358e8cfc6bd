package io.connlens.agent.registry;

import io.connlens.agent.application.ApplicationPackages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which stack frames are the application's and turns raw stack traces into sites that start
 * with the application's first frame. A class is the application's when it is in {@code app.packages}
 * (configured, else inferred from the launch) by a longer prefix than any infrastructure prefix it also
 * matches; else when it belongs to no known infrastructure: the JDK, JDBC drivers and pools, the
 * data-access layers that take connections on the application's behalf, and the frameworks around
 * them (web containers, servlet filters, reactive runtimes, view engines, AOP, serialization, test
 * runners). A class in a library's package whose name says it is a test ({@code TestConnections},
 * {@code PoolTest}, as library suites keep their tests) is the application too. Agent, reflection and
 * proxy frames are never kept above the first application frame.
 */
public final class StackFrames {

  /** The default of {@code site.depth}. */
  public static final int DEFAULT_DEPTH = 16;

  /** Prefixes of classes that are never the application, wherever they stand. */
  private static final String[] NOISE = {
    "io.connlens.agent.", "io.connlens.bootstrap.", "jdk.internal.reflect.", "sun.reflect.", "java.lang.reflect.",
    "java.lang.invoke.", "jdk.proxy", "com.sun.proxy.",
  };

  /** The JDK: its frames say where a thread waits, not why. */
  private static final String[] JDK = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

  /** Connection pools and JDBC drivers. */
  /**
   * Drivers, and the pools connlens has no support for (their data sources are tracked by the generic
   * hook only). The pools it supports bring their own prefixes ({@code PoolSupport.packagePrefixes}).
   */
  private static final String[] DRIVERS_AND_OTHER_POOLS = {
    "oracle.ucp.", "com.alibaba.druid.",
    "org.h2.", "org.postgresql.", "com.mysql.", "org.mariadb.", "oracle.jdbc.", "com.microsoft.sqlserver.",
    "org.hsqldb.", "org.apache.derby.", "org.sqlite.", "com.ibm.db2.", "org.testcontainers.jdbc.",
  };

  /** Data-access layers that take connections and run statements on the application's behalf. */
  private static final String[] DATA_ACCESS = {
    "org.springframework.", "org.hibernate.", "jakarta.", "org.eclipse.persistence.",
    "org.mybatis.", "org.apache.ibatis.", "org.jooq.", "org.jdbi.", "net.ttddyy.", "com.p6spy.",
    "io.micrometer.", "io.opentelemetry.", "io.quarkus.", "io.micronaut.", "org.jboss.", "io.ebean.",
    "org.flywaydb.", "liquibase.", "org.dbunit.", "com.querydsl.", "org.apache.openjpa.", "org.datanucleus.",
    "io.vertx.", "io.r2dbc.", "org.seasar.doma.", "org.sql2o.", "org.javalite.activejdbc.",
  };

  /**
   * What surrounds the application: web containers and servlet filters, reactive runtimes, view
   * engines, serialization, AOP and proxy makers, dependency injection, logging, schedulers, test
   * runners and build tools.
   */
  private static final String[] FRAMEWORKS = {
    "org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.", "org.apache.jasper.", "org.apache.naming.",
    "org.eclipse.jetty.", "io.undertow.", "org.xnio.", "org.wildfly.", "io.netty.", "reactor.", "io.reactivex.",
    "rx.", "org.reactivestreams.", "kotlinx.coroutines.", "kotlin.", "scala.", "akka.", "org.apache.pekko.",
    "org.thymeleaf.", "freemarker.", "org.apache.velocity.", "com.github.mustachejava.", "org.apache.tiles.",
    "com.fasterxml.jackson.", "com.google.gson.", "org.glassfish.", "com.sun.jersey.", "org.apache.cxf.",
    "org.apache.struts2.", "com.opensymphony.xwork2.", "io.grpc.", "graphql.", "com.netflix.", "io.helidon.",
    "io.javalin.", "io.dropwizard.", "ratpack.", "org.aspectj.", "org.aopalliance.", "net.bytebuddy.",
    "javassist.", "net.sf.cglib.", "org.objenesis.", "com.google.inject.", "dagger.", "com.google.common.",
    "org.slf4j.", "ch.qos.logback.", "org.apache.logging.log4j.", "org.apache.log4j.", "org.apache.commons.",
    "org.quartz.", "org.apache.camel.", "org.apache.kafka.", "com.rabbitmq.", "io.smallrye.",
    "org.eclipse.microprofile.", "org.apache.felix.", "org.osgi.", "org.eclipse.osgi.", "org.apache.shiro.",
    "io.github.resilience4j.", "com.github.benmanes.caffeine.", "groovy.", "org.codehaus.groovy.",
    "org.apache.groovy.", "org.junit.", "junit.", "org.testng.", "org.spockframework.", "io.cucumber.",
    "org.mockito.", "org.assertj.", "org.apache.maven.", "org.gradle.", "worker.org.gradle.", "com.intellij.rt.",
    "org.jetbrains.", "org.eclipse.jdt.", "org.openjdk.jmh.", "org.testcontainers.",
  };

  /**
   * Code that runs a schema or data script for the application at start-up: its statements are the
   * script's, one at a time by design, and no line of the application's runs them.
   */
  private static final String[] INITIALIZERS = {
    "org.springframework.jdbc.datasource.init.", "org.springframework.boot.jdbc.init.",
    "org.springframework.boot.sql.init.", "org.springframework.boot.autoconfigure.sql.init.",
    "org.springframework.test.context.jdbc.", "org.flywaydb.", "liquibase.", "org.hibernate.tool.schema.",
    "org.hibernate.tool.hbm2ddl.", "org.dbunit.",
  };

  /** JPA and its providers: an N+1 through them is fixed in the mapping or the query, not a loop. */
  private static final String[] ORM = {
    "org.hibernate.", "jakarta.persistence.", "javax.persistence.", "org.eclipse.persistence.",
    "org.apache.openjpa.", "org.datanucleus.", "org.springframework.orm.jpa.", "org.springframework.data.jpa.",
  };

  /** Spring's JdbcTemplate family, whose batch methods are the fix for its unbatched writes. */
  private static final String[] JDBC_TEMPLATE = {"org.springframework.jdbc.core."};

  /** Classes decided so far: a stack repeats the same few hundred classes. Bounded, then computed each time. */
  private static final int MAX_DECIDED = 8192;

  private final ApplicationPackages packages;
  private final int depth;
  private final String[] pools;
  private final Map<String, Boolean> decided = new ConcurrentHashMap<>();

  /** Rules for an application made of {@code packages}, keeping at most {@code depth} frames a site, knowing no pool. */
  public StackFrames(ApplicationPackages packages, int depth) {
    this(packages, depth, List.of());
  }

  /**
   * Rules for an application made of {@code packages}, keeping at most {@code depth} frames a site,
   * with the package prefixes of the pools connlens supports ({@code poolPrefixes}) as infrastructure.
   */
  public StackFrames(ApplicationPackages packages, int depth, List<String> poolPrefixes) {
    this.packages = packages;
    this.depth = Math.max(1, depth);
    this.pools = poolPrefixes.toArray(new String[0]);
  }

  /** The application packages these rules use. */
  public ApplicationPackages packages() {
    return packages;
  }

  /** The site a captured stack shows; see {@link #site(StackTraceElement[])}. */
  public CallSite site(Throwable trace) {
    return site(trace.getStackTrace());
  }

  /**
   * The site {@code trace} shows: at most {@code site.depth} frames from the first application frame on,
   * without noise frames; when no frame is the application's, all frames but noise. The site also
   * says what stood between the statement or call and the application's frame (an initializer, an
   * ORM, JdbcTemplate).
   */
  public CallSite site(StackTraceElement[] trace) {
    int first = -1;
    int traits = 0;
    for (int i = 0; i < trace.length; i++) {
      String cls = trace[i].getClassName();
      if (isApplication(cls)) {
        first = i;
        traits |= CallSite.APPLICATION_FRAME;
        break;
      }
      traits |= layerTraits(cls);
    }
    List<String> frames = new ArrayList<>(Math.min(depth, trace.length));
    for (int i = first < 0 ? 0 : first; i < trace.length && frames.size() < depth; i++) {
      if (!isNoise(trace[i].getClassName())) {
        frames.add(format(trace[i]));
      }
    }
    return CallSite.captured(frames, traits);
  }

  /**
   * The site a stack recorded as text shows (a pool's own record of who borrowed a connection), frames
   * as {@link #format} writes them; read by the same rules as {@link #site(StackTraceElement[])}.
   */
  public CallSite siteOfPrinted(List<String> printedFrames) {
    StackTraceElement[] trace = new StackTraceElement[printedFrames.size()];
    for (int i = 0; i < trace.length; i++) {
      trace[i] = parse(printedFrames.get(i));
    }
    return site(trace);
  }

  /** {@code pkg.Class.method(File.java:42)} read back; what it cannot read becomes the class name. */
  static StackTraceElement parse(String frame) {
    int paren = frame.indexOf('(');
    String qualified = paren < 0 ? frame : frame.substring(0, paren);
    int dot = qualified.lastIndexOf('.');
    String cls = dot < 0 ? qualified : qualified.substring(0, dot);
    String method = dot < 0 ? "?" : qualified.substring(dot + 1);
    String file = null;
    int line = -1;
    if (paren >= 0 && frame.endsWith(")")) {
      String location = frame.substring(paren + 1, frame.length() - 1);
      int colon = location.lastIndexOf(':');
      if (location.equals("Native Method")) {
        line = -2;
      } else if (colon > 0) {
        file = location.substring(0, colon);
        try {
          line = Integer.parseInt(location.substring(colon + 1));
        } catch (NumberFormatException e) {
          file = location;
        }
      } else if (!location.equals("Unknown Source")) {
        file = location;
      }
    }
    return new StackTraceElement(cls, method, file, line);
  }

  /** The top {@code depth} frames of {@code trace}, as they are (for a holder thread's current stack). */
  public static List<String> top(StackTraceElement[] trace, int depth) {
    List<String> frames = new ArrayList<>(Math.min(depth, trace.length));
    for (int i = 0; i < trace.length && frames.size() < depth; i++) {
      frames.add(format(trace[i]));
    }
    return frames;
  }

  /**
   * Whether a frame of this class is the application's: not noise, and either in the application's
   * packages by a longer prefix than any infrastructure it matches, or in no known infrastructure, or
   * a test class kept in a library's package. {@code app.packages.exclude} wins over both when longer.
   */
  public boolean isApplication(String className) {
    Boolean known = decided.get(className);
    if (known != null) {
      return known;
    }
    boolean application = decide(className);
    if (decided.size() < MAX_DECIDED) {
      decided.put(className, application);
    }
    return application;
  }

  private boolean decide(String className) {
    if (isNoise(className) || startsWithAny(className, JDK) > 0) {
      return false;
    }
    int included = packages.includedMatch(className);
    int excluded = packages.excludedMatch(className);
    if (excluded > 0 && excluded >= included) {
      return false;
    }
    int infrastructure = Math.max(Math.max(startsWithAny(className, pools), startsWithAny(className, DRIVERS_AND_OTHER_POOLS)),
        Math.max(startsWithAny(className, DATA_ACCESS), startsWithAny(className, FRAMEWORKS)));
    if (included > 0 && included >= infrastructure) {
      return true;
    }
    return infrastructure == 0 || isTestClass(className);
  }

  /** Whether a class is part of the JDK. */
  public static boolean isJdk(String className) {
    return startsWithAny(className, JDK) > 0;
  }

  /** Whether a class belongs to a JDBC driver, a pool or the {@code java.sql} API. */
  public boolean isJdbc(String className) {
    return className.startsWith("java.sql.") || className.startsWith("javax.sql.")
        || startsWithAny(className, DRIVERS_AND_OTHER_POOLS) > 0 || startsWithAny(className, pools) > 0;
  }

  /**
   * Whether the simple name says test: {@code TestX}, {@code XTest}, {@code XTests}, {@code XIT},
   * {@code XTestCase} ({@code TesterConnection}, a test double of a driver, is not).
   */
  static boolean isTestClass(String className) {
    int start = className.lastIndexOf('.') + 1;
    int end = className.indexOf('$', start);
    String simple = className.substring(start, end < 0 ? className.length() : end);
    if (simple.length() > 4 && simple.startsWith("Test")) {
      char next = simple.charAt(4);
      if (Character.isUpperCase(next) || Character.isDigit(next) || next == '_') {
        return true;
      }
    }
    return simple.length() > 4 && (simple.endsWith("Test") || simple.endsWith("Tests") || simple.endsWith("TestCase"))
        || simple.length() > 2 && simple.endsWith("IT") && Character.isLowerCase(simple.charAt(simple.length() - 3));
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

  private static int layerTraits(String className) {
    int traits = 0;
    if (startsWithAny(className, INITIALIZERS) > 0) {
      traits |= CallSite.THROUGH_INITIALIZER;
    }
    if (startsWithAny(className, ORM) > 0) {
      traits |= CallSite.THROUGH_ORM;
    }
    if (startsWithAny(className, JDBC_TEMPLATE) > 0) {
      traits |= CallSite.THROUGH_JDBC_TEMPLATE;
    }
    return traits;
  }

  private static boolean isNoise(String className) {
    return startsWithAny(className, NOISE) > 0 || isGeneratedProxy(className);
  }

  private static boolean isGeneratedProxy(String className) {
    return className.startsWith("$Proxy") || className.contains(".$Proxy") || className.contains("$$SpringCGLIB$$")
        || className.contains("$$EnhancerBySpringCGLIB$$") || className.contains("$HibernateProxy")
        || className.contains("$$_jvst") || className.contains("$ByteBuddy$") || className.contains("$$Lambda");
  }

  /** The length of the longest prefix (without its final dot) that {@code s} starts with, or 0. */
  private static int startsWithAny(String s, String[] prefixes) {
    int best = 0;
    for (String p : prefixes) {
      if (s.startsWith(p)) {
        int length = p.endsWith(".") ? p.length() - 1 : p.length();
        best = Math.max(best, length);
      }
    }
    return best;
  }
}
