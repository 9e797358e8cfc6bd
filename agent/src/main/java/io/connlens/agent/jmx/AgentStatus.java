package io.connlens.agent.jmx;

import io.connlens.agent.detection.Finding;
import io.connlens.agent.detection.FindingStore;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.report.ReportSnapshot;
import io.connlens.agent.report.Sink;
import io.connlens.api.ConnlensMXBean;
import io.connlens.api.FindingType;
import io.connlens.api.PoolStatus;
import io.connlens.api.ServerStatus;
import io.connlens.bootstrap.ConnlensHooks;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The {@link ConnlensMXBean} of the running agent: counts read from the registry and the findings when
 * asked, and, as a {@link Sink}, the pools and servers of the last periodic snapshot.
 */
public final class AgentStatus implements ConnlensMXBean, Sink {
  private final LeaseRegistry registry;
  private final FindingStore findings;
  private final Supplier<String> writeReport;
  private volatile PoolStatus[] pools = new PoolStatus[0];
  private volatile ServerStatus[] servers = new ServerStatus[0];

  /**
   * @param writeReport writes the report now and returns its path, or says why it did not
   */
  public AgentStatus(LeaseRegistry registry, FindingStore findings, Supplier<String> writeReport) {
    this.registry = registry;
    this.findings = findings;
    this.writeReport = writeReport;
  }

  /** Registers the bean on the platform MBean server; a failure is counted, never thrown. */
  public void register() {
    try {
      ManagementFactory.getPlatformMBeanServer().registerMBean(this, new ObjectName(OBJECT_NAME));
    } catch (JMException | RuntimeException e) {
      ConnlensHooks.suppressed(e);
    }
  }

  @Override
  public void onPoolSnapshot(List<ReportSnapshot.Pool> poolsNow, List<ReportSnapshot.Server> serversNow) {
    PoolStatus[] p = new PoolStatus[poolsNow.size()];
    for (int i = 0; i < p.length; i++) {
      ReportSnapshot.Pool pool = poolsNow.get(i);
      p[i] = new PoolStatus(pool.name, pool.kind, pool.database, pool.leases.open, pool.leases.opened,
          pool.physicalConnections.open, pool.physicalConnections.opened, pool.maxSize, pool.active, pool.idle,
          pool.sizing.peakLeases, pool.sizing.atMaxMillis, pool.sizing.observedMillis, pool.sizing.waits,
          pool.sizing.longestWaitMillis);
    }
    ServerStatus[] s = new ServerStatus[serversNow.size()];
    for (int i = 0; i < s.length; i++) {
      ReportSnapshot.Server server = serversNow.get(i);
      s[i] = new ServerStatus(server.server, server.physicalConnections.open, server.physicalConnections.opened);
    }
    pools = p;
    servers = s;
  }

  @Override
  public long getOpenLeases() {
    return registry.leasesOpen();
  }

  @Override
  public long getOpenPhysicalConnections() {
    return registry.physicalOpen();
  }

  /** As of the last periodic snapshot (about a second old at most). */
  @Override
  public PoolStatus[] getPools() {
    return pools.clone();
  }

  /** As of the last periodic snapshot. */
  @Override
  public ServerStatus[] getServers() {
    return servers.clone();
  }

  @Override
  public long getSuppressedErrors() {
    return ConnlensHooks.suppressedErrors();
  }

  @Override
  public long getFindings() {
    return findings.findings().size();
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
    for (Finding f : findings.findings()) {
      if (f.type() == type && which.test(f)) {
        n += f.count();
      }
    }
    return n;
  }

  @Override
  public String writeReport() {
    return writeReport.get();
  }
}
