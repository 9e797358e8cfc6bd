package io.connlens.agent.detection;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.DataSourceInfo;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.testing.Frames;
import java.sql.Connection;
import java.sql.SQLException;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.Test;

/**
 * The listing {@code connlens leases} shows: tracked leases longest held first, and after an attach
 * the connections a real pool (over H2) says it handed out that no lease is on.
 */
class OpenLeasesTest {
  private final LeaseRegistry registry =
      new LeaseRegistry(new SiteCapture(SiteCapture.Mode.ALL, 1), Frames.STACK_FRAMES, Modules.pools(), System::currentTimeMillis);
  private final HolderClassifier holders = new HolderClassifier(Frames.STACK_FRAMES);

  private static BasicDataSource dbcp2(String db) {
    BasicDataSource pool = new BasicDataSource();
    pool.setUrl("jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1");
    pool.setMaxTotal(4);
    return pool;
  }

  @Test
  void trackedLeasesComeLongestHeldFirstWithTheirHolder() {
    Object first = new Object();
    Object second = new Object();
    registry.open(first, DataSourceInfo.DRIVER_MANAGER, "jdbc:h2:mem:a", Thread.currentThread());
    registry.open(second, DataSourceInfo.DRIVER_MANAGER, "jdbc:h2:mem:a", Thread.currentThread());
    OpenLeases.Listing listing = new OpenLeases(registry, holders, Frames.STACK_FRAMES, -1).list();
    assertThat(listing.leases()).extracting(OpenLease::id).containsExactly(1L, 2L);
    assertThat(listing.leases()).allSatisfy(lease -> {
      assertThat(lease.beforeAttach()).isFalse();
      assertThat(lease.holder().threadName()).isEqualTo(Thread.currentThread().getName());
      assertThat(lease.site().isCaptured()).isTrue();
    });
    assertThat(listing.omitted()).isZero();
  }

  @Test
  void afterAnAttachAConnectionThePoolHandedOutUntrackedIsListedAsBeforeAttach() throws SQLException {
    try (BasicDataSource pool = dbcp2("before-attach")) {
      long before = System.currentTimeMillis();
      Connection untracked = pool.getConnection(); // as if taken before the attach: no lease
      Connection tracked = pool.getConnection();
      DataSourceInfo info = registry.source(pool);
      info.resolveName(pool);
      registry.open(tracked, info, "jdbc:h2:mem:before-attach", Thread.currentThread());
      try {
        OpenLeases.Listing attached = new OpenLeases(registry, holders, Frames.STACK_FRAMES, before).list();
        assertThat(attached.leases()).hasSize(2);
        OpenLease fromBefore = attached.leases().stream().filter(OpenLease::beforeAttach).findFirst().orElseThrow();
        assertThat(fromBefore.pool()).isEqualTo(info.name());
        assertThat(fromBefore.acquiredAtMillis()).isBetween(before, System.currentTimeMillis());
        assertThat(fromBefore.statements()).isEqualTo(-1);
        assertThat(fromBefore.site().isCaptured()).isFalse(); // DBCP2 records no stack without its abandoned options
        // loaded at start-up: no pool is asked
        assertThat(new OpenLeases(registry, holders, Frames.STACK_FRAMES, -1).list().leases()).hasSize(1);
      } finally {
        untracked.close();
        tracked.close();
      }
    }
  }

  @Test
  void aPoolThatDoesNotSayWhenStillListsItsConnectionsWithoutAnAge() throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:hikari-before-attach;DB_CLOSE_DELAY=-1");
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      try (Connection untracked = pool.getConnection()) {
        registry.source(pool).resolveName(pool);
        OpenLeases.Listing listing = new OpenLeases(registry, holders, Frames.STACK_FRAMES, System.currentTimeMillis())
            .list();
        assertThat(listing.leases()).singleElement().satisfies(lease -> {
          assertThat(lease.beforeAttach()).isTrue();
          assertThat(lease.heldMillis()).isEqualTo(-1);
          assertThat(lease.pool()).startsWith("HikariPool-");
        });
      }
    }
  }
}
