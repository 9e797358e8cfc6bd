package io.connlens.agent.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.detection.FindingStore;
import io.connlens.agent.detection.Occurrence;
import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.CallSite;
import io.connlens.agent.registry.DataSourceInfo;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.report.ReportSnapshot;
import io.connlens.agent.report.TestFailures;
import io.connlens.agent.testing.Frames;
import io.connlens.api.ConnlensMXBean;
import io.connlens.api.FindingType;
import io.connlens.api.LeaseStatus;
import io.connlens.api.PoolMXBean;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/** The pools' beans, the open leases, the finding counts and notifications, as a JMX client sees them. */
class AgentStatusBeansTest {
  private final LeaseRegistry registry = new LeaseRegistry(new SiteCapture(SiteCapture.Mode.OFF, 1),
      Frames.STACK_FRAMES, Modules.pools(), System::currentTimeMillis);
  private final FindingStore store = new FindingStore(System::currentTimeMillis);
  private final List<LeaseStatus> leases = List.of(
      new LeaseStatus("com.example.OrderService.export(OrderService.java:42)", "worker-1", "orders", 9000, 3, true),
      new LeaseStatus(null, "worker-2", "billing", 5000, -1, false),
      new LeaseStatus("com.example.OrderService.list(OrderService.java:17)", "worker-3", "orders", 10, 1, false));
  private final List<String> settled = new CopyOnWriteArrayList<>();
  private final TestFailures testFailures = new TestFailures();
  private final AgentStatus status = new AgentStatus(registry, store, () -> "not written", () -> leases,
      () -> "{\"schema\":\"connlens.report/v1\"}", Runnable::run,
      java.util.EnumSet.of(FindingType.OPEN_AT_EXIT, FindingType.N_PLUS_ONE, FindingType.LEAK_UNCLOSED),
      thread -> settled.add(String.valueOf(thread)), testFailures);
  private final MBeanServer server = MBeanServerFactory.newMBeanServer();

  private static ReportSnapshot.Pool pool(String name, int active) {
    return new ReportSnapshot.Pool(name, "hikaricp", "jdbc:h2:mem:" + name, new ReportSnapshot.Counts(5, 3, 2, 0),
        new ReportSnapshot.Counts(4, 1, 3, 0), 10, active, 10 - active, 1,
        new ReportSnapshot.Sizing(6, 8000, 0, 0, 0, 0));
  }

  private static ReportSnapshot.Server server(String name, Map<String, Long> openByPool) {
    return new ReportSnapshot.Server(name, "db", 5432, "app", new ReportSnapshot.Counts(3, 0, 3, 0), openByPool, 0);
  }

  @Test
  void aPoolsBeanIsRegisteredWhenItAppearsAndUnregisteredWhenItGoes() throws Exception {
    // given the beans registered before any pool was seen
    status.register(server);
    ObjectName orders = PoolMXBean.objectName("orders");
    assertThat(orders.toString()).isEqualTo("io.connlens:type=Pool,name=\"orders\"");

    // when a snapshot names two pools
    status.onPoolSnapshot(List.of(pool("orders", 2), pool("bill\"ing", 0)),
        List.of(server("db:5432/app", Map.of("orders", 2L)), server("db2:5432/app", Map.of("orders", 1L))));

    // then each is a bean, with the snapshot's values
    assertThat(server.queryNames(new ObjectName(PoolMXBean.OBJECT_NAME_PREFIX + ",*"), null)).hasSize(2);
    PoolMXBean bean = JMX.newMXBeanProxy(server, orders, PoolMXBean.class);
    assertThat(bean.getName()).isEqualTo("orders");
    assertThat(bean.getKind()).isEqualTo("hikaricp");
    assertThat(bean.getUsed()).isEqualTo(2);
    assertThat(bean.getIdle()).isEqualTo(8);
    assertThat(bean.getMax()).isEqualTo(10);
    assertThat(bean.getWaiting()).isEqualTo(1);
    assertThat(bean.getPeakLeases()).isEqualTo(6);
    assertThat(bean.getOpenLeases()).isEqualTo(2);
    assertThat(bean.getPhysicalConnections()).isEqualTo(3);
    assertThat(bean.getPhysicalConnectionsByServer()).containsExactlyInAnyOrderEntriesOf(
        Map.of("db:5432/app", 2L, "db2:5432/app", 1L));
    assertThat(bean.getLongestLeases()).extracting(LeaseStatus::getThread).containsExactly("worker-1", "worker-3");
    assertThat(server.isRegistered(PoolMXBean.objectName("bill\"ing"))).isTrue();

    // when the next snapshot no longer names one, its bean is gone and the other's values move on
    status.onPoolSnapshot(List.of(pool("orders", 4)), List.of());
    assertThat(server.isRegistered(PoolMXBean.objectName("bill\"ing"))).isFalse();
    assertThat(bean.getUsed()).isEqualTo(4);
    assertThat(bean.getPhysicalConnectionsByServer()).isEmpty();
  }

  @Test
  void aPoolSeenBeforeRegistrationIsRegisteredWithTheAgentsBean() throws Exception {
    status.onPoolSnapshot(List.of(pool("orders", 1)), List.of());
    status.register(server);
    assertThat(server.isRegistered(PoolMXBean.objectName("orders"))).isTrue();
    assertThat(server.isRegistered(new ObjectName(ConnlensMXBean.OBJECT_NAME))).isTrue();
  }

  @Test
  void theMainBeanListsLeasesCountsFindingsAndReturnsTheReport() throws Exception {
    status.register(server);
    ConnlensMXBean bean = JMX.newMXBeanProxy(server, new ObjectName(ConnlensMXBean.OBJECT_NAME), ConnlensMXBean.class);
    store.record(leak("a"));
    store.record(leak("a"));
    store.record(leak("b"));

    assertThat(bean.getOpenLeaseList()).extracting(LeaseStatus::getHeldMillis).containsExactly(9000L, 5000L, 10L);
    assertThat(bean.getOpenLeaseList()[0].getSite()).isEqualTo("com.example.OrderService.export(OrderService.java:42)");
    assertThat(bean.getOpenLeaseList()[0].isInTransaction()).isTrue();
    assertThat(bean.getFindingCounts()).containsExactly(Map.entry(FindingType.LEAK_SUSPECTED.name(), 3L));
    assertThat(bean.reportJson()).contains("connlens.report/v1");
  }

  @Test
  void aTestHarnessReadsTheLastLeaseIdAndFailOnAndSettlesThroughTheBean() throws Exception {
    // given the bean, as a JUnit extension in the same JVM reaches it
    status.register(server);
    ConnlensMXBean bean = JMX.newMXBeanProxy(server, new ObjectName(ConnlensMXBean.OBJECT_NAME), ConnlensMXBean.class);
    assertThat(bean.getLastLeaseId()).isZero();

    // when two leases open
    DataSourceInfo source = registry.source(new Object());
    registry.open(new Object(), source, "jdbc:h2:mem:a", Thread.currentThread());
    registry.open(new Object(), source, "jdbc:h2:mem:a", Thread.currentThread());

    // then the last id is the second's, fail.on reads in FindingType's order, and settle names the thread asked
    assertThat(bean.getLastLeaseId()).isEqualTo(2);
    assertThat(bean.getFailOn()).containsExactly("LEAK_UNCLOSED", "OPEN_AT_EXIT", "N_PLUS_ONE");
    assertThat(bean.settle("worker-1")).isTrue();
    assertThat(bean.settle("")).isTrue();
    assertThat(settled).containsExactly("worker-1", "null");

    // and a failed test it reports is kept for the report
    bean.recordTestFailure("com.example.OrderTest.leaks()", "OPEN_AT_TEST_END", "com.example.Orders.find(Orders.java:9)",
        null);
    assertThat(testFailures.list()).singleElement().satisfies(t -> {
      assertThat(t.test).isEqualTo("com.example.OrderTest.leaks()");
      assertThat(t.type).isEqualTo("OPEN_AT_TEST_END");
      assertThat(t.site).isEqualTo("com.example.Orders.find(Orders.java:9)");
      assertThat(t.sql).isNull();
    });
  }

  @Test
  void aNewFindingIsOneNotificationWithItsTypePoolAndSite() throws Exception {
    // given the bean told of findings, as the runtime adds its sinks, and a listener subscribed through the server, as jconsole does
    store.addListener(status);
    status.register(server);
    ObjectName name = new ObjectName(ConnlensMXBean.OBJECT_NAME);
    assertThat(server.getMBeanInfo(name).getNotifications()).singleElement()
        .satisfies(info -> assertThat(info.getNotifTypes()).containsExactly(ConnlensMXBean.FINDING_NOTIFICATION));
    List<Notification> heard = new CopyOnWriteArrayList<>();
    server.addNotificationListener(name, (n, handback) -> heard.add(n), null, null);

    // when a finding is raised, then seen again
    store.record(leak("a"));
    store.record(leak("a"));

    // then one notification
    assertThat(heard).singleElement().satisfies(n -> {
      assertThat(n.getType()).isEqualTo(ConnlensMXBean.FINDING_NOTIFICATION);
      assertThat(n.getMessage()).contains("held");
      CompositeData data = (CompositeData) n.getUserData();
      assertThat(data.get("type")).isEqualTo("LEAK_SUSPECTED");
      assertThat(data.get("pool")).isEqualTo("orders");
      assertThat(data.get("site")).isEqualTo("app.Orders.a(Orders.java:12)");
    });
  }

  private static Occurrence leak(String method) {
    return new Occurrence(FindingType.LEAK_SUSPECTED, "connection held 31s",
        CallSite.of(List.of("app.Orders." + method + "(Orders.java:12)")), "main", "orders", null, 31_000, null);
  }
}
