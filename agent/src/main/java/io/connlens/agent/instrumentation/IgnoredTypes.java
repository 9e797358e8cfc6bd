package io.connlens.agent.instrumentation;

import java.util.Set;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The classes connlens never looks at, decided by name alone. Matching a class against the JDBC
 * interfaces means resolving its whole type hierarchy; a Spring Boot application loads over 10,000
 * classes, nearly all of which can never be a driver, a data source, a connection or a statement.
 * Skipping them by name is what keeps start-up cheap (OpenTelemetry's agent does the same).
 *
 * <p>Ignored: the JDK but for {@code java.sql.DriverManager} and JDK dynamic proxies (whose
 * {@code close()} a pool's proxy connection may be), connlens itself, Byte Buddy, and frameworks that
 * hold no JDBC implementation but for their JDBC packages. Their class loaders are not instrumented
 * for boot delegation either ({@link BootDelegation}): each of them asks the boot loader first
 * (Tomcat's web application loader, Spring Boot's launcher, Jetty, Groovy), and matching the class
 * hierarchy of every framework class to find them would cost a Spring application hundreds of
 * milliseconds of start-up. Were one not to delegate, its JDBC classes would be left uninstrumented
 * and reported, never broken.
 */
final class IgnoredTypes extends ElementMatcher.Junction.AbstractBase<TypeDescription> {

  private static final String[] IGNORED = {
    "io.connlens.agent.", "io.connlens.bootstrap.", "net.bytebuddy.",
    "java.", "javax.", "jdk.", "sun.", "com.sun.", "jakarta.",
    "org.springframework.", "org.hibernate.", "org.apache.logging.", "ch.qos.logback.", "org.slf4j.",
    "com.fasterxml.jackson.", "org.yaml.snakeyaml.", "kotlin.", "kotlinx.", "scala.", "groovy.",
    "org.codehaus.groovy.", "org.aspectj.", "org.objectweb.asm.", "io.netty.", "reactor.", "io.micrometer.",
    "org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.util.", "org.apache.tomcat.websocket.",
    "org.eclipse.jetty.", "io.undertow.", "com.google.common.", "com.google.protobuf.", "com.google.gson.",
    "org.junit.", "junit.", "org.assertj.", "org.mockito.", "org.apache.maven.", "org.apache.commons.lang3.",
    "org.apache.commons.io.", "org.apache.commons.logging.", "org.jboss.logging.", "org.jboss.jandex.",
    "org.glassfish.jaxb.",
  };

  /**
   * Exceptions to {@link #IGNORED}: where the JDK and frameworks keep JDBC implementations.
   */
  private static final String[] KEPT = {
    "java.sql.DriverManager", "jdk.proxy", "com.sun.proxy.",
    "org.springframework.jdbc.", "org.springframework.boot.jdbc.", "org.springframework.orm.",
    "org.hibernate.engine.jdbc.",
  };

  /** Classes instrumented by name (Hibernate's load listeners): kept wherever their package is ignored. */
  private final Set<String> keptNames;

  /** Ignores by name, but for the classes {@code keptNames}, which a module instruments by name. */
  IgnoredTypes(Set<String> keptNames) {
    this.keptNames = Set.copyOf(keptNames);
  }

  @Override
  public boolean matches(TypeDescription type) {
    return matches(type.getName()) || type.isSynthetic();
  }

  /** Whether a class of this name is ignored. */
  boolean matches(String className) {
    return startsWithAny(className, IGNORED) && !startsWithAny(className, KEPT) && !keptNames.contains(className);
  }

  private static boolean startsWithAny(String name, String[] prefixes) {
    for (String prefix : prefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
