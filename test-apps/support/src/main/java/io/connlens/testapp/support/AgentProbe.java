package io.connlens.testapp.support;

import io.connlens.api.ConnlensMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Waits, inside a test app, until the connlens agent reports a finding, by polling the agent's
 * MXBean {@code io.connlens:type=Agent}. The apps use it instead of sleeping and hoping: a scenario
 * goes on (or ends) exactly when the agent has seen what the scenario provoked.
 */
public final class AgentProbe {
  /** The system property holding the default deadline in seconds. */
  public static final String DEADLINE_PROPERTY = "testapp.await.seconds";
  /** The exit status of an app whose await ran out, so a test sees it plainly. */
  public static final int AWAIT_FAILED_EXIT_STATUS = 3;

  private static final ObjectName AGENT_MBEAN = agentMBeanName();
  private static final long POLL_MILLIS = 20;
  private static final String[] STRING_SIGNATURE = {String.class.getName()};
  private static final String[] TWO_STRINGS_SIGNATURE = {String.class.getName(), String.class.getName()};

  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

  /** The deadline from {@value #DEADLINE_PROPERTY}, 20 seconds when not set. */
  public static Duration defaultDeadline() {
    return Duration.ofSeconds(Long.getLong(DEADLINE_PROPERTY, 20L));
  }

  /**
   * Polls every 20 ms until the agent reports at least {@code atLeast} occurrences of
   * {@code findingType}, running {@code eachPoll} before each look (the GC scenarios pass
   * {@code System::gc}).
   *
   * @return true once reached; false at the deadline, also when the agent's MXBean never appeared
   */
  public boolean await(String findingType, long atLeast, Duration deadline, Runnable eachPoll) {
    return await(findingType, null, atLeast, deadline, eachPoll);
  }

  /**
   * {@link #await(String, long, Duration, Runnable)} counting only the findings whose acquire site's
   * first frame contains {@code siteText} ({@code null}: all), so that a finding the scenario did not
   * provoke (a setup connection held long on a loaded machine) cannot end the wait early.
   */
  public boolean await(String findingType, String siteText, long atLeast, Duration deadline, Runnable eachPoll) {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      eachPoll.run();
      if (occurrences(findingType, siteText) >= atLeast) {
        return true;
      }
      if (System.nanoTime() - end >= 0) {
        return false;
      }
      sleep(POLL_MILLIS);
    }
  }

  /**
   * {@link #await} with the default deadline; when it runs out, prints {@code AWAIT FAILED <type>}
   * on stderr and exits with status {@value #AWAIT_FAILED_EXIT_STATUS}.
   */
  public void awaitOrExit(String findingType, long atLeast, Runnable eachPoll) {
    awaitOrExit(findingType, null, atLeast, eachPoll);
  }

  /** {@link #awaitOrExit(String, long, Runnable)} for findings at one site (see {@link #await(String, String, long, Duration, Runnable)}). */
  public void awaitAtOrExit(String findingType, String siteText, long atLeast) {
    awaitOrExit(findingType, siteText, atLeast, () -> { });
  }

  private void awaitOrExit(String findingType, String siteText, long atLeast, Runnable eachPoll) {
    if (!await(findingType, siteText, atLeast, defaultDeadline(), eachPoll)) {
      System.err.println("AWAIT FAILED " + findingType + (siteText == null ? "" : " at " + siteText) + " (wanted "
          + atLeast + ", saw " + occurrences(findingType, siteText) + " within " + defaultDeadline().getSeconds() + " s)");
      System.exit(AWAIT_FAILED_EXIT_STATUS);
    }
  }

  /** {@link #awaitOrExit(String, long, Runnable)} doing nothing between polls. */
  public void awaitOrExit(String findingType, long atLeast) {
    awaitOrExit(findingType, atLeast, () -> { });
  }

  /** {@link #awaitOrExit(String, long, Runnable)} running a full GC before each poll. */
  public void awaitCollectedOrExit(String findingType, long atLeast) {
    awaitOrExit(findingType, atLeast, System::gc);
  }

  /** Occurrences of {@code findingType} so far; 0 while the agent's MXBean is absent. */
  public long occurrences(String findingType) {
    return occurrences(findingType, null);
  }

  /** Occurrences of {@code findingType} whose site's first frame contains {@code siteText} ({@code null}: all). */
  public long occurrences(String findingType, String siteText) {
    try {
      Object result = siteText == null
          ? server.invoke(AGENT_MBEAN, ConnlensMXBean.OCCURRENCES, new Object[] {findingType}, STRING_SIGNATURE)
          : server.invoke(AGENT_MBEAN, ConnlensMXBean.OCCURRENCES_AT, new Object[] {findingType, siteText}, TWO_STRINGS_SIGNATURE);
      return ((Number) result).longValue();
    } catch (InstanceNotFoundException absent) {
      return 0;
    } catch (JMException e) {
      throw new IllegalStateException("the connlens MXBean " + AGENT_MBEAN + " did not answer", e);
    }
  }

  /**
   * Every attribute of the agent's MXBean as {@code name=value}, in name order, or why they cannot be
   * read: what an operator sees over JMX.
   */
  public String attributes() {
    try {
      StringBuilder text = new StringBuilder();
      javax.management.MBeanAttributeInfo[] infos = server.getMBeanInfo(AGENT_MBEAN).getAttributes();
      java.util.Arrays.sort(infos, java.util.Comparator.comparing(javax.management.MBeanAttributeInfo::getName));
      for (javax.management.MBeanAttributeInfo info : infos) {
        text.append(text.length() == 0 ? "" : ", ").append(info.getName()).append('=')
            .append(server.getAttribute(AGENT_MBEAN, info.getName()));
      }
      return text.toString();
    } catch (JMException e) {
      return "(not readable: " + e + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the agent", e);
    }
  }

  private static ObjectName agentMBeanName() {
    try {
      return new ObjectName(ConnlensMXBean.OBJECT_NAME);
    } catch (MalformedObjectNameException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
