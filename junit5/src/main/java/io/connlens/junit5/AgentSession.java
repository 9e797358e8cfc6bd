package io.connlens.junit5;

import io.connlens.api.ConnlensMXBean;
import io.connlens.api.report.Report;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The connlens agent of this JVM, as the extension reaches it: its MXBean on the platform MBean
 * server (the agent carries the api relocated, so the two meet only through JMX's open types), and
 * what the extension keeps between tests: the last report it read, and the leases it already failed
 * a test for. One per JVM, shared by every test class.
 */
final class AgentSession {
  /** The agent's boot class: present in the boot class path exactly when the agent was loaded. */
  static final String AGENT_BOOT_CLASS = "io.connlens.bootstrap.ConnlensHooks";
  /** How long the first test waits for the agent's bean: it is registered just after the agent is woken ({@link #wakeTheAgent}). */
  static final long REGISTRATION_WAIT_MILLIS = 10_000;

  private final ConnlensMXBean agent;
  private final Set<String> failOn;
  /** The leases a test or class was failed for: a class never fails again for its test's lease. */
  private final Set<Long> reported = ConcurrentHashMap.newKeySet();
  /** The report read last, the baseline a test's findings are counted from; {@code null} before the first. */
  private volatile Report baseline;

  AgentSession(ConnlensMXBean agent) {
    this.agent = agent;
    this.failOn = new LinkedHashSet<>(Arrays.asList(agent.getFailOn()));
  }

  /**
   * The agent of this JVM, or {@code null} with {@code why} filled in: it is not loaded, or its bean
   * did not appear in time. Waits for the bean only when the agent is loaded.
   */
  static AgentSession find(StringBuilder why) {
    try {
      Class.forName(AGENT_BOOT_CLASS, false, null);
    } catch (ClassNotFoundException e) {
      why.append("the connlens agent is not loaded in this JVM (add -javaagent:connlens-agent.jar to the test JVM's options,"
          + " for example to Surefire's argLine): no test is checked");
      return null;
    }
    wakeTheAgent();
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name;
    try {
      name = new ObjectName(ConnlensMXBean.OBJECT_NAME);
    } catch (MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
    long deadline = System.nanoTime() + REGISTRATION_WAIT_MILLIS * 1_000_000L;
    while (!server.isRegistered(name)) {
      if (System.nanoTime() - deadline > 0) {
        why.append("the connlens agent is loaded but its JMX bean ").append(ConnlensMXBean.OBJECT_NAME)
            .append(" did not appear within ").append(REGISTRATION_WAIT_MILLIS / 1000)
            .append(" s (is connlens enabled=false?): no test is checked");
        return null;
      }
      try {
        Thread.sleep(20); // polling a registration with a deadline: JMX has no registration future
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        why.append("interrupted while waiting for the connlens agent's JMX bean: no test is checked");
        return null;
      }
    }
    return new AgentSession(JMX.newMXBeanProxy(server, name, ConnlensMXBean.class));
  }

  /**
   * An agent started with the JVM makes its runtime, the JMX bean with it, when the first JDBC class
   * loads; tests that have not used JDBC yet would wait for the bean in vain. Loading the
   * {@code java.sql.Connection} interface (no initialization, nothing else) is a first JDBC class.
   */
  private static void wakeTheAgent() {
    try {
      Class.forName("java.sql.Connection", false, ClassLoader.getPlatformClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      // a JVM without java.sql: the agent does not install there, and the wait below says so
    }
  }

  /** The finding types of the agent's {@code fail.on}. */
  Set<String> failOn() {
    return failOn;
  }

  long lastLeaseId() {
    return agent.getLastLeaseId();
  }

  long openLeases() {
    return agent.getOpenLeases();
  }

  Map<String, Long> findingCounts() {
    return agent.getFindingCounts();
  }

  /** See {@link ConnlensMXBean#settle}; {@code null}: every thread. */
  boolean settle(String threadName) {
    return agent.settle(threadName == null ? "" : threadName);
  }

  /** The report now; it becomes the baseline the next test counts its findings from. */
  Report report() {
    Report now = Report.parse(agent.reportJson());
    baseline = now;
    return now;
  }

  /**
   * The report to count a starting test's findings from: the last one read while no finding of
   * {@code types} occurred since, else a new one (findings raised between tests, in a class's set-up,
   * are not the test's).
   */
  Report baseline(Set<String> types) {
    Report last = baseline;
    if (last == null || !Attribution.sameCounts(last.summary().occurrences(), findingCounts(), types)) {
      last = report();
    }
    return last;
  }

  /** Tells the agent a test failed because of it: its report lists the test. */
  void recordTestFailure(String test, String type, String site, String sql) {
    agent.recordTestFailure(test, type, site, sql);
  }

  /** Marks a lease as failed for; whether it was not marked before. */
  boolean firstReport(long leaseId) {
    return reported.add(leaseId);
  }
}
