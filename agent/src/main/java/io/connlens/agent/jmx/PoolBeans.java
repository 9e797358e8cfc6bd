package io.connlens.agent.jmx;

import io.connlens.agent.report.ReportSnapshot;
import io.connlens.api.LeaseStatus;
import io.connlens.api.PoolMXBean;
import io.connlens.bootstrap.ConnlensHooks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * One {@link PoolMXBean} per pool of the last snapshot: registered when a pool first appears,
 * unregistered when it is gone. Only touched from the detection loop's thread (the snapshot and the
 * registration both run there).
 */
final class PoolBeans {
  private final Supplier<List<LeaseStatus>> openLeases;
  private final Map<String, Bean> byName = new HashMap<>();
  private MBeanServer server;

  PoolBeans(Supplier<List<LeaseStatus>> openLeases) {
    this.openLeases = openLeases;
  }

  /** From now on the beans live on {@code server}; those of pools already seen are registered now. */
  void registerOn(MBeanServer server) {
    this.server = server;
    for (Bean bean : byName.values()) {
      register(bean);
    }
  }

  void update(List<ReportSnapshot.Pool> pools, List<ReportSnapshot.Server> servers) {
    Map<String, Bean> gone = new HashMap<>(byName);
    for (ReportSnapshot.Pool pool : pools) {
      gone.remove(pool.name);
      Map<String, Long> byServer = new LinkedHashMap<>();
      for (ReportSnapshot.Server s : servers) {
        Long open = s.openByPool.get(pool.name);
        if (open != null) {
          byServer.put(s.server, open);
        }
      }
      Bean bean = byName.get(pool.name);
      if (bean == null) {
        bean = new Bean(pool.name, openLeases);
        bean.pool = pool;
        bean.byServer = byServer;
        byName.put(pool.name, bean);
        register(bean);
      } else {
        bean.pool = pool;
        bean.byServer = byServer;
      }
    }
    for (Bean bean : gone.values()) {
      byName.remove(bean.name);
      unregister(bean);
    }
  }

  /** The names of the beans, registered or not: for tests. */
  List<String> names() {
    return new ArrayList<>(byName.keySet());
  }

  private void register(Bean bean) {
    if (server == null) {
      return;
    }
    try {
      server.registerMBean(bean, PoolMXBean.objectName(bean.name));
    } catch (JMException | RuntimeException e) {
      ConnlensHooks.suppressed(e);
    }
  }

  private void unregister(Bean bean) {
    if (server == null) {
      return;
    }
    try {
      server.unregisterMBean(PoolMXBean.objectName(bean.name));
    } catch (InstanceNotFoundException e) {
      // never registered (its registration failed, counted then)
    } catch (JMException | RuntimeException e) {
      ConnlensHooks.suppressed(e);
    }
  }

  /** The bean of one pool: the values of the last snapshot. */
  static final class Bean implements PoolMXBean {
    private final String name;
    private final Supplier<List<LeaseStatus>> openLeases;
    private volatile ReportSnapshot.Pool pool;
    private volatile Map<String, Long> byServer = Map.of();

    Bean(String name, Supplier<List<LeaseStatus>> openLeases) {
      this.name = name;
      this.openLeases = openLeases;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public String getKind() {
      return pool.kind;
    }

    @Override
    public String getDatabase() {
      return pool.database;
    }

    @Override
    public int getUsed() {
      return pool.active;
    }

    @Override
    public int getIdle() {
      return pool.idle;
    }

    @Override
    public int getMax() {
      return pool.maxSize;
    }

    @Override
    public int getWaiting() {
      return pool.waiting;
    }

    @Override
    public long getPeakLeases() {
      return pool.sizing.peakLeases;
    }

    @Override
    public long getOpenLeases() {
      return pool.leases.open;
    }

    @Override
    public long getPhysicalConnections() {
      return pool.physicalConnections.open;
    }

    @Override
    public Map<String, Long> getPhysicalConnectionsByServer() {
      return byServer;
    }

    /** Read now, not from the snapshot: the list is longest first already. */
    @Override
    public LeaseStatus[] getLongestLeases() {
      List<LeaseStatus> mine = new ArrayList<>();
      for (LeaseStatus lease : openLeases.get()) {
        if (name.equals(lease.getPool())) {
          mine.add(lease);
          if (mine.size() == LONGEST_LEASES) {
            break;
          }
        }
      }
      return mine.toArray(new LeaseStatus[0]);
    }
  }
}
