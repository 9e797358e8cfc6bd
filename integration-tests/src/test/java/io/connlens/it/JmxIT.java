package io.connlens.it;

import static io.connlens.it.TestDatabase.H2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.tools.attach.VirtualMachine;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What jconsole or JMC shows of a service started with the agent: the pool's bean, the open leases
 * naming the application's line, a notification for a new finding, and the report as JSON. The
 * client connects as they do, through the JVM's local management agent, and uses only names and
 * open types (no connlens class on its side).
 */
@DisplayName("JMX")
class JmxIT {
  private static final TestApp APP = TestApp.POOLS_INCIDENT;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectName AGENT = name("io.connlens:type=Agent");
  private static final ObjectName POOLS = name("io.connlens:type=Pool,*");
  /** The pools app's maximum pool size (PoolSettings.MAX_SIZE). */
  private static final int MAX_SIZE = 5;
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  static List<Target> hikariOnJdk17() {
    return IncidentCliIT.hikariOnJdk17();
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("hikariOnJdk17")
  void anOperatorSeesThePoolTheLeasesANotificationAndTheReport(Target target) throws Exception {
    // given: the service holding a connection, started with the agent and a short leak threshold
    RunningApp app = AppLauncher.of(APP, target).scenario("held-across-attach").agentArgs("leak.threshold=1s,site.capture=all")
        .start().awaitStdoutLine("READY");
    String afterAttach = APP.markedFrame("IncidentApp", "takeAfterAttach", "after-attach");
    JMXServiceURL url = new JMXServiceURL(localConnectorAddress(app.pid()));
    try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
      MBeanServerConnection jmx = connector.getMBeanServerConnection();
      // the beans come after the application's start-up, on the agent's own thread
      await("the agent's bean is registered", () -> isRegistered(jmx, AGENT));
      BlockingQueue<Notification> heard = new LinkedBlockingQueue<>();
      jmx.addNotificationListener(AGENT, (n, handback) -> heard.add(n), null, null);

      // when the service takes one more connection and holds it past the threshold
      app.signal("attached").awaitStdoutLine("HOLDING");

      // then a notification names the new finding at that line
      CompositeData finding;
      try {
        finding = awaitNotification(heard, afterAttach);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\nFindingCounts: " + jmx.getAttribute(AGENT, "FindingCounts")
            + "\nleases: " + java.util.Arrays.toString((Object[]) jmx.getAttribute(AGENT, "OpenLeaseList")), e);
      }
      System.out.println("notification userData: " + finding);

      // and the pool's bean says it is in use, with the pool's maximum
      await("a pool bean", () -> queryNames(jmx).size() == 1);
      ObjectName pool = queryNames(jmx).iterator().next();
      assertThat(pool.getKeyProperty("type")).isEqualTo("Pool");
      await("the pool's connections in use", () -> ((Number) attribute(jmx, pool, "Used")).intValue() >= 2);
      assertThat(jmx.getAttribute(pool, "Max")).isEqualTo(MAX_SIZE);
      assertThat(jmx.getAttribute(pool, "Kind")).isEqualTo("hikaricp");
      assertThat((Long) jmx.getAttribute(pool, "PhysicalConnections")).isGreaterThanOrEqualTo(2);
      for (String attribute : List.of("Name", "Database", "Idle", "Waiting", "PeakLeases", "OpenLeases",
          "PhysicalConnectionsByServer")) {
        System.out.println(pool + " " + attribute + " = " + jmx.getAttribute(pool, attribute));
      }
      CompositeData[] longest = (CompositeData[]) jmx.getAttribute(pool, "LongestLeases");
      assertThat(longest).hasSize(2);

      // and the open leases, longest held first, name the line that took the newer one
      CompositeData[] leases = (CompositeData[]) jmx.getAttribute(AGENT, "OpenLeaseList");
      assertThat(leases).extracting(l -> l.get("site")).contains(afterAttach);
      assertThat(leases[0].get("site")).isNotEqualTo(afterAttach);
      assertThat((Long) leases[0].get("heldMillis")).isGreaterThanOrEqualTo((Long) leases[1].get("heldMillis"));
      for (CompositeData lease : leases) {
        System.out.println("lease: " + lease.get("site") + " thread=" + lease.get("thread") + " pool="
            + lease.get("pool") + " heldMillis=" + lease.get("heldMillis") + " statements=" + lease.get("statements"));
      }
      System.out.println("FindingCounts = " + jmx.getAttribute(AGENT, "FindingCounts"));

      // and reportJson is the report, open leases included
      String report = (String) jmx.invoke(AGENT, "reportJson", new Object[0], new String[0]);
      JsonNode root = JSON.readTree(report);
      assertThat(root.path("schema").asText()).as(report).isEqualTo("connlens.report/v1");
      assertThat(root.path("leases").isMissingNode()).as(report).isFalse();
      assertThat(jmx.getAttribute(AGENT, "SuppressedErrors")).isEqualTo(0L);
    }
    AppRun run = app.signal("release").awaitExit();
    assertThat(run.exitStatus()).as(run.context()).isZero();
  }

  private static String localConnectorAddress(long pid) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
    try {
      return vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
  }

  private static CompositeData awaitNotification(BlockingQueue<Notification> heard, String site)
      throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    StringBuilder seen = new StringBuilder();
    while (System.nanoTime() < deadline) {
      Notification n = heard.poll(200, TimeUnit.MILLISECONDS);
      if (n == null) {
        continue;
      }
      seen.append(n.getType()).append(' ').append(n.getMessage()).append('\n');
      assertThat(n.getType()).isEqualTo("io.connlens.finding");
      CompositeData data = (CompositeData) n.getUserData();
      if (site.equals(data.get("site"))) {
        assertThat(n.getMessage()).isEqualTo(data.get("message"));
        return data;
      }
    }
    throw new AssertionError("no notification of a finding at " + site + " within " + DEADLINE + "; heard:\n" + seen);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + DEADLINE + ": " + what);
      }
      Thread.sleep(100);
    }
  }

  private static boolean isRegistered(MBeanServerConnection jmx, ObjectName name) {
    try {
      return jmx.isRegistered(name);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Set<ObjectName> queryNames(MBeanServerConnection jmx) {
    try {
      return jmx.queryNames(POOLS, null);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Object attribute(MBeanServerConnection jmx, ObjectName name, String attribute) {
    try {
      return jmx.getAttribute(name, attribute);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectName name(String name) {
    try {
      return new ObjectName(name);
    } catch (javax.management.MalformedObjectNameException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
