package io.connlens.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.TestPool;
import io.connlens.agent.modules.Modules;
import io.connlens.agent.testing.Collected;
import io.connlens.agent.testing.Frames;
import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseRegistryPoolsTest {
  private final LeaseRegistry registry =
      new LeaseRegistry(new SiteCapture(SiteCapture.Mode.OFF, 1), Frames.STACK_FRAMES, Modules.pools(), System::currentTimeMillis);

  @Test
  void poolsAreListedByNameAndPlainDataSourcesAreNot() {
    DataSourceInfo orders = pool(new TestPool("orders", "jdbc:h2:mem:orders"));
    DataSourceInfo billing = pool(new TestPool("billing", null));
    DataSourceInfo plain = registry.source(new Object());
    registry.open(new Object(), orders, null, Thread.currentThread());
    registry.open(new Object(), billing, null, Thread.currentThread());
    registry.open(new Object(), plain, null, Thread.currentThread());
    registry.open(new Object(), DataSourceInfo.DRIVER_MANAGER, null, Thread.currentThread());
    registry.openPhysical(new Object(), "jdbc:h2:mem:billing", null, "billing", "pool-filler");
    registry.openPhysical(new Object(), "jdbc:h2:mem:direct", null, null, "main");

    assertThat(registry.pools()).extracting(PoolCounts::name).containsExactly("billing", "orders");
    assertThat(registry.pools()).extracting(PoolCounts::database)
        .containsExactly("jdbc:h2:mem:billing", "jdbc:h2:mem:orders");
    assertThat(registry.pools().get(0).physical()).containsExactly(1, 0, 1, 0);
    assertThat(registry.pools().get(1).physical()).containsExactly(0, 0, 0, 0);
    assertThat(registry.pools().get(1).leases()).containsExactly(1, 0, 1, 0);
  }

  @Test
  void aPoolNameBeyondTheBoundIsCountedInDroppedNotKept() {
    for (int i = 0; i < LeaseRegistry.MAX_POOLS; i++) {
      registry.openPhysical(new Object(), null, null, "pool-" + i, "filler");
    }
    // when one more pool opens a connection and hands out a lease
    registry.openPhysical(new Object(), null, null, "one-too-many", "filler");
    registry.open(new Object(), pool(new TestPool("one-too-many", null)), null, Thread.currentThread());

    assertThat(registry.pools()).hasSize(LeaseRegistry.MAX_POOLS)
        .noneMatch(pool -> pool.name().equals("one-too-many"));
    assertThat(registry.droppedPools()).isEqualTo(2);
    // the totals still count both
    assertThat(registry.physicalOpened()).isEqualTo(LeaseRegistry.MAX_POOLS + 1);
    assertThat(registry.leasesOpened()).isEqualTo(1);
  }

  @Test
  void aServerBeyondTheBoundIsCountedInDroppedNotKept() {
    for (int i = 0; i < LeaseRegistry.MAX_POOLS; i++) {
      registry.openPhysical(new Object(), "jdbc:postgresql://db-" + i + ":5432/shop", null, null, "filler");
    }
    // when a connection to one more server opens, and one more to a server already listed
    registry.openPhysical(new Object(), "jdbc:postgresql://one-too-many:5432/shop", null, null, "filler");
    registry.openPhysical(new Object(), "jdbc:postgresql://db-0:5432/shop", null, null, "filler");

    assertThat(registry.servers()).hasSize(LeaseRegistry.MAX_POOLS)
        .noneMatch(server -> server.server().key().startsWith("one-too-many"));
    assertThat(registry.droppedServers()).isEqualTo(1);
    assertThat(registry.servers()).filteredOn(server -> server.server().key().equals("db-0:5432/shop"))
        .singleElement().satisfies(server -> assertThat(server.physical()[0]).isEqualTo(2));
    assertThat(registry.physicalOpened()).isEqualTo(LeaseRegistry.MAX_POOLS + 2);
  }

  @Test
  void connectionsGarbageCollectedWithoutCloseCountAsTheirPoolsUnclosed() throws InterruptedException {
    DataSourceInfo orders = pool(new TestPool("orders", null));
    Object proxy = new Object();
    Object physical = new Object();
    registry.open(proxy, orders, null, Thread.currentThread());
    registry.openPhysical(physical, null, null, "orders", "filler");
    List<WeakReference<Object>> dropped = List.of(new WeakReference<>(proxy), new WeakReference<>(physical));
    proxy = null;
    physical = null;
    assertThat(Collected.awaitCleared(dropped)).as("premise: both were collected").isZero();

    long deadline = System.nanoTime() + 10_000_000_000L;
    PoolCounts counts = registry.pools().get(0);
    while ((counts.leases()[3] < 1 || counts.physical()[3] < 1) && System.nanoTime() - deadline < 0) {
      registry.pollUnclosed(); // the references reach the queue shortly after they are cleared
      Thread.onSpinWait();
    }

    assertThat(counts.leases()).containsExactly(1, 0, 0, 1);
    assertThat(counts.physical()).containsExactly(1, 0, 0, 1);
  }

  /** A pool's info as its first lease makes it: the name resolved. */
  private DataSourceInfo pool(TestPool dataSource) {
    DataSourceInfo info = registry.source(dataSource);
    info.resolveName(dataSource);
    return info;
  }
}
