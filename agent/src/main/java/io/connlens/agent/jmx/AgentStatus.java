package io.connlens.agent.jmx;

import io.connlens.agent.AgentRuntime;
import io.connlens.agent.detection.Finding;
import io.connlens.agent.detection.FindingType;
import io.connlens.bootstrap.ConnlensHooks;
import java.io.IOException;
import io.connlens.agent.pool.PoolGauges;
import io.connlens.agent.registry.PoolCounts;
import io.connlens.agent.registry.ServerCounts;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Predicate;
import javax.management.JMException;
import javax.management.ObjectName;

/** The {@link ConnlensMXBean} of the running agent. */
public final class AgentStatus implements ConnlensMXBean {
  private final AgentRuntime runtime;

  private AgentStatus(AgentRuntime runtime) {
    this.runtime = runtime;
  }

  /** Registers the bean on the platform MBean server; a failure is counted, never thrown. */
  public static void register(AgentRuntime runtime) {
    try {
      ManagementFactory.getPlatformMBeanServer().registerMBean(new AgentStatus(runtime), new ObjectName(OBJECT_NAME));
    } catch (JMException | RuntimeException e) {
      ConnlensHooks.suppressed(e);
    }
  }

  @Override
  public long getOpenLeases() {
    return runtime.registry().leasesOpen();
  }

  @Override
  public long getOpenPhysicalConnections() {
    return runtime.registry().physicalOpen();
  }

  @Override
  public PoolStatus[] getPools() {
    List<PoolCounts> pools = runtime.registry().pools();
    PoolStatus[] status = new PoolStatus[pools.size()];
    for (int i = 0; i < status.length; i++) {
      PoolCounts pool = pools.get(i);
      long[] leases = pool.leases();
      long[] physical = pool.physical();
      PoolGauges gauges = pool.gauges();
      status[i] = new PoolStatus(pool.name(), pool.kind(), pool.database(), leases[2], leases[0], physical[2],
          physical[0], gauges.maxSize(), gauges.active(), gauges.idle());
    }
    return status;
  }

  @Override
  public ServerStatus[] getServers() {
    List<ServerCounts> servers = runtime.registry().servers();
    ServerStatus[] status = new ServerStatus[servers.size()];
    for (int i = 0; i < status.length; i++) {
      long[] physical = servers.get(i).physical();
      status[i] = new ServerStatus(servers.get(i).server().key(), physical[2], physical[0]);
    }
    return status;
  }

  @Override
  public long getSuppressedErrors() {
    return ConnlensHooks.suppressedErrors();
  }

  @Override
  public long getFindings() {
    return runtime.findings().findings().size();
  }

  @Override
  public long occurrences(String findingType) {
    return count(findingType, f -> true);
  }

  @Override
  public long namedOccurrences(String findingType) {
    return count(findingType, f -> f.site().isCaptured());
  }

  @Override
  public long occurrencesAt(String findingType, String siteText) {
    return siteText == null ? 0 : count(findingType, f -> f.site().topFrame().contains(siteText));
  }

  /** Occurrences of the findings of this type that {@code which} accepts. */
  private long count(String findingType, Predicate<Finding> which) {
    FindingType type = findingType == null ? null : FindingType.byName(findingType);
    long n = 0;
    for (Finding f : runtime.findings().findings()) {
      if (f.type() == type && which.test(f)) {
        n += f.count();
      }
    }
    return n;
  }

  @Override
  public String writeReport() {
    try {
      return runtime.writeReportNow().toAbsolutePath().toString();
    } catch (IOException | RuntimeException e) {
      return "not written: " + e.getMessage();
    }
  }
}
