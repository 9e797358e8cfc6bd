package io.connlens.agent.jmx;

import io.connlens.agent.detection.Finding;
import io.connlens.agent.detection.FindingStore;
import io.connlens.agent.detection.OpenLease;
import io.connlens.agent.detection.OpenLeases;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.report.ReportSnapshot;
import io.connlens.agent.report.Sink;
import io.connlens.agent.report.TestFailures;
import io.connlens.api.ConnlensMXBean;
import io.connlens.api.FindingType;
import io.connlens.api.LeaseStatus;
import io.connlens.api.PoolStatus;
import io.connlens.api.ServerStatus;
import io.connlens.bootstrap.ConnlensHooks;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * The {@link ConnlensMXBean} of the running agent: counts read from the registry and the findings when
 * asked, and, as a {@link Sink}, the pools and servers of the last periodic snapshot, one
 * {@link io.connlens.api.PoolMXBean} per pool ({@link PoolBeans}), and a notification per new finding.
 *
 * <p>A new finding can be raised on the application's thread (a failed borrow, for
 * {@code ExhaustionDetector}; a connection's close, for {@code UnpooledConnectionDetector}): the
 * notification is built and sent on the {@code notifier} (the detection loop's thread), so a slow JMX
 * listener never holds the application. One task per new finding, and new findings are bounded by
 * the store, so the loop's queue stays bounded too.
 */
public final class AgentStatus extends NotificationBroadcasterSupport implements ConnlensMXBean, Sink {
  private static final String[] FINDING_ITEMS = {"type", "severity", "pool", "site", "sql", "message"};
  private static final CompositeType FINDING_TYPE = findingType();

  private final LeaseRegistry registry;
  private final FindingStore findings;
  private final Supplier<String> writeReport;
  private final Supplier<List<LeaseStatus>> openLeases;
  private final Supplier<String> reportJson;
  private final Executor notifier;
  private final Set<FindingType> failOn;
  private final Predicate<String> settle;
  private final TestFailures testFailures;
  private final PoolBeans poolBeans;
  private final AtomicLong sequence = new AtomicLong();
  private volatile PoolStatus[] pools = new PoolStatus[0];
  private volatile ServerStatus[] servers = new ServerStatus[0];

  /**
   * @param writeReport writes the report now and returns its path, or says why it did not
   */
  public AgentStatus(LeaseRegistry registry, FindingStore findings, Supplier<String> writeReport) {
    this(registry, findings, writeReport, List::of, () -> "{}", Runnable::run, Set.of(), thread -> true,
        new TestFailures());
  }

  /**
   * @param writeReport writes the report now and returns its path, or says why it did not
   * @param openLeases the open leases now, longest held first
   * @param reportJson the on-demand report as JSON
   * @param notifier where notifications are built and sent: never the application's thread
   * @param failOn the types of {@code fail.on}
   * @param settle what {@link #settle(String)} runs: records what the next scan would, for the
   *     threads named so (every thread for {@code null}); whether it was done in time
   * @param testFailures where {@link #recordTestFailure} goes: the report's {@code tests}
   */
  public AgentStatus(LeaseRegistry registry, FindingStore findings, Supplier<String> writeReport,
      Supplier<List<LeaseStatus>> openLeases, Supplier<String> reportJson, Executor notifier,
      Set<FindingType> failOn, Predicate<String> settle, TestFailures testFailures) {
    super(new MBeanNotificationInfo(new String[] {FINDING_NOTIFICATION}, Notification.class.getName(),
        "A new finding (not later occurrences of it); user data: " + String.join(", ", FINDING_ITEMS)));
    this.registry = registry;
    this.findings = findings;
    this.writeReport = writeReport;
    this.openLeases = openLeases;
    this.reportJson = reportJson;
    this.notifier = notifier;
    this.failOn = failOn;
    this.settle = settle;
    this.testFailures = testFailures;
    this.poolBeans = new PoolBeans(openLeases);
  }

  /** The open leases of a listing as JMX shows them, in its order (longest held first). */
  public static List<LeaseStatus> statuses(OpenLeases.Listing listing) {
    List<LeaseStatus> out = new ArrayList<>(listing.leases().size());
    for (OpenLease lease : listing.leases()) {
      out.add(new LeaseStatus(lease.site().isCaptured() ? lease.site().topFrame() : null, lease.thread(),
          lease.pool(), lease.heldMillis(), lease.statements(), lease.inTransaction()));
    }
    return out;
  }

  /**
   * Registers the bean and the pools' beans on the platform MBean server; a failure is counted, never
   * thrown. Called late, on the detection loop's thread: creating the platform MBean server during
   * the application's start-up breaks app servers that install their own MBean server builder or
   * logging manager then (WildFly, WebLogic, ...).
   */
  public void register() {
    try {
      register(ManagementFactory.getPlatformMBeanServer());
    } catch (RuntimeException | Error e) {
      ConnlensHooks.suppressed(e);
    }
  }

  /** Registers the bean and the pools' beans on {@code server} (on the loop's thread). */
  void register(MBeanServer server) {
    try {
      server.registerMBean(this, new ObjectName(OBJECT_NAME));
    } catch (JMException | RuntimeException e) {
      ConnlensHooks.suppressed(e);
    }
    poolBeans.registerOn(server);
  }

  @Override
  public void onNewFinding(Finding finding) {
    try {
      notifier.execute(() -> sendNotification(notification(finding)));
    } catch (RejectedExecutionException e) {
      // the loop has stopped: at exit, nobody is left to hear it
    }
  }

  private Notification notification(Finding finding) {
    Notification n = new Notification(FINDING_NOTIFICATION, OBJECT_NAME, sequence.incrementAndGet(),
        System.currentTimeMillis(), finding.message());
    try {
      n.setUserData(new CompositeDataSupport(FINDING_TYPE, FINDING_ITEMS, new Object[] {finding.type().name(),
          finding.severity().name(), finding.pool(), finding.site().isCaptured() ? finding.site().topFrame() : null,
          finding.sql(), finding.message()}));
    } catch (OpenDataException | RuntimeException e) {
      ConnlensHooks.suppressed(e);
    }
    return n;
  }

  private static CompositeType findingType() {
    try {
      OpenType<?>[] types = new OpenType<?>[FINDING_ITEMS.length];
      java.util.Arrays.fill(types, SimpleType.STRING);
      return new CompositeType("io.connlens.Finding", "A new finding", FINDING_ITEMS, FINDING_ITEMS, types);
    } catch (OpenDataException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void onPoolSnapshot(List<ReportSnapshot.Pool> poolsNow, List<ReportSnapshot.Server> serversNow) {
    poolBeans.update(poolsNow, serversNow);
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

  @Override
  public LeaseStatus[] getOpenLeaseList() {
    return openLeases.get().toArray(new LeaseStatus[0]);
  }

  @Override
  public Map<String, Long> getFindingCounts() {
    Map<String, Long> counts = new TreeMap<>();
    for (Finding f : findings.findings()) {
      counts.merge(f.type().name(), f.count(), Long::sum);
    }
    return counts;
  }

  @Override
  public String reportJson() {
    return reportJson.get();
  }

  @Override
  public long getLastLeaseId() {
    return registry.lastLeaseId();
  }

  @Override
  public String[] getFailOn() {
    // in FindingType's order, whatever order the set keeps
    List<String> names = new ArrayList<>();
    for (FindingType type : FindingType.values()) {
      if (failOn.contains(type)) {
        names.add(type.name());
      }
    }
    return names.toArray(new String[0]);
  }

  @Override
  public boolean settle(String threadName) {
    return settle.test(threadName == null || threadName.isEmpty() ? null : threadName);
  }

  @Override
  public void recordTestFailure(String test, String type, String site, String sql) {
    testFailures.record(test, type, site, sql);
  }

  /** The pools' beans: for tests. */
  List<String> poolBeanNames() {
    return poolBeans.names();
  }
}
