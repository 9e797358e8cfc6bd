package io.connlens.agent.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.detection.FindingStore;
import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.report.ReportSnapshot;
import io.connlens.agent.testing.Frames;
import io.connlens.api.ConnlensMXBean;
import io.connlens.api.PoolStatus;
import java.util.List;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** JMX's {@code Pools}, as an operator's client reads them. */
class AgentStatusPoolsTest {

  @Test
  void aPoolsSizingReachesAJmxClient() throws Exception {
    // given the bean, told of a pool with its measured need, on an MBean server of its own
    LeaseRegistry registry = new LeaseRegistry(new SiteCapture(SiteCapture.Mode.OFF, 1), Frames.STACK_FRAMES,
        Modules.pools(), System::currentTimeMillis);
    AgentStatus status = new AgentStatus(registry, new FindingStore(System::currentTimeMillis), () -> "not written");
    status.onPoolSnapshot(List.of(new ReportSnapshot.Pool("orders", "hikaricp", null,
        new ReportSnapshot.Counts(30, 29, 1, 0), new ReportSnapshot.Counts(10, 0, 10, 0), 10, 1, 9,
        new ReportSnapshot.Sizing(10, 8000, 3000, 4, 2500, 2100))), List.of());
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    ObjectName name = new ObjectName(ConnlensMXBean.OBJECT_NAME);
    server.registerMBean(status, name);

    // when a client reads Pools through the MXBean's open types
    PoolStatus[] pools = JMX.newMXBeanProxy(server, name, ConnlensMXBean.class).getPools();

    // then
    assertThat(pools).singleElement().satisfies(pool -> {
      assertThat(pool.getName()).isEqualTo("orders");
      assertThat(pool.getMaxSize()).isEqualTo(10);
      assertThat(pool.getPeakLeases()).isEqualTo(10);
      assertThat(pool.getAtMaxMillis()).isEqualTo(3000);
      assertThat(pool.getObservedMillis()).isEqualTo(8000);
      assertThat(pool.getWaits()).isEqualTo(4);
      assertThat(pool.getLongestWaitMillis()).isEqualTo(2100);
    });
  }
}
