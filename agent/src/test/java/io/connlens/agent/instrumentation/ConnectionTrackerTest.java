package io.connlens.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.PhysicalConnection;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.testing.Frames;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConnectionTrackerTest {
  private final LeaseRegistry registry =
      new LeaseRegistry(new SiteCapture(SiteCapture.Mode.ALL, 1), Frames.STACK_FRAMES, Modules.pools(), System::currentTimeMillis);
  private final ConnectionTracker tracker = new ConnectionTracker(registry, null, status -> {}, error -> {
    throw new AssertionError("unexpected suppressed error", error);
  });

  @Test
  void nestedDataSourcesAndTheDriverBeneathAreOneLeaseAndOnePhysicalConnection() {
    // given a wrapper data source over a driver data source over a driver
    Object wrapper = new Object();
    Object driverDataSource = new Object();
    Object driver = new Object();
    Object connection = new Object();
    Properties info = new Properties();
    info.setProperty("user", "app");
    info.setProperty("password", "secret");
    // when the application asks the wrapper for a connection
    Object outer = tracker.acquireEnter(wrapper, null);
    Object inner = tracker.acquireEnter(driverDataSource, null);
    Object connect = tracker.connectEnter(driver, null);
    tracker.connectExit(driver, "jdbc:h2:mem:orders;PASSWORD=secret", info, connection, null, connect);
    tracker.acquireExit(driverDataSource, null, connection, null, inner);
    tracker.acquireExit(wrapper, null, connection, null, outer);
    // then one lease and one physical connection, and no password anywhere
    assertThat(registry.leasesOpened()).isEqualTo(1);
    assertThat(registry.physicalOpened()).isEqualTo(1);
    Lease lease = registry.openLeases().iterator().next();
    assertThat(lease.database()).startsWith("jdbc:h2:mem:orders").doesNotContain("secret");
    PhysicalConnection physical = registry.openPhysicalConnections().iterator().next();
    assertThat(physical.user()).isEqualTo("app");
    // (frame filtering itself is StackFramesTest's: here every io.connlens.agent frame is dropped as agent code)
    assertThat(lease.site().isCaptured()).isTrue();
    assertThat(lease.site().frames()).isNotEmpty().noneMatch(f -> f.startsWith("io.connlens.agent."));
  }

  @Test
  void closingTheConnectionEndsLeaseAndPhysicalConnection() {
    Object connection = new Object();
    Object token = tracker.acquireEnter(null, "jdbc:h2:mem:x");
    Object connect = tracker.connectEnter(new Object(), null);
    tracker.connectExit(null, "jdbc:h2:mem:x", new Properties(), connection, null, connect);
    tracker.acquireExit(null, "jdbc:h2:mem:x", connection, null, token);

    tracker.connectionClosed(connection, null);

    assertThat(registry.leasesOpen()).isZero();
    assertThat(registry.leasesClosed()).isEqualTo(1);
    assertThat(registry.physicalOpen()).isZero();
    assertThat(registry.physicalClosed()).isEqualTo(1);
  }

  @Test
  void aDriverManagerLeaseHasNoPool() {
    Object connection = new Object();
    Object token = tracker.acquireEnter(null, "jdbc:h2:mem:x");
    tracker.acquireExit(null, "jdbc:h2:mem:x", connection, null, token);
    assertThat(registry.openLeases().iterator().next().pool()).isNull();
  }

  @Test
  void aFailedAcquireOpensNothingAndLeavesTheThreadReadyForTheNext() {
    Object source = new Object();
    Object token = tracker.acquireEnter(source, null);
    tracker.acquireExit(source, null, null, new IllegalStateException("pool timeout"), token);
    assertThat(registry.leasesOpened()).isZero();

    Object next = tracker.acquireEnter(source, null);
    assertThat(ConnectionTracker.kindOf(next)).isEqualTo(ConnectionTracker.ACQUIRE_OUTERMOST);
    tracker.acquireExit(source, null, new Object(), null, next);
    assertThat(registry.leasesOpened()).isEqualTo(1);
  }

  @Test
  void aDataSourceCalledWhileAPoolCreatesAConnectionIsPhysicalNotALease() {
    // given a pool (its toString() is its name, like HikariCP's PoolBase) opening a connection
    Object pool = new com.zaxxer.hikari.pool.TestPoolBase("orders-pool");
    Object vendorDataSource = new Object();
    Object connection = new Object();
    tracker.poolCreatingConnection(pool, true);
    Object token = tracker.acquireEnter(vendorDataSource, null);
    tracker.acquireExit(vendorDataSource, null, connection, null, token);
    tracker.poolCreatingConnection(pool, false);
    // then
    assertThat(registry.leasesOpened()).isZero();
    assertThat(registry.physicalOpened()).isEqualTo(1);
    assertThat(registry.openPhysicalConnections().iterator().next().pool()).isEqualTo("orders-pool");
  }

  @Test
  void theSameObjectHandedOutTwiceIsOneLease() {
    Object source = new Object();
    Object connection = new Object();
    for (int i = 0; i < 2; i++) {
      Object token = tracker.acquireEnter(source, null);
      tracker.acquireExit(source, null, connection, null, token);
    }
    assertThat(registry.leasesOpened()).isEqualTo(1);
  }

  /** A JDBC connection whose isClosed() answers {@code closed}, or throws when it is null. */
  private static java.sql.Connection connectionSayingClosed(Boolean closed) {
    return (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(getClassLoader(),
        new Class<?>[] {java.sql.Connection.class}, (proxy, method, args) -> {
          if (method.getName().equals("isClosed")) {
            if (closed == null) {
              throw new java.sql.SQLException("connection broken");
            }
            return closed;
          }
          if (method.getName().equals("hashCode")) {
            return System.identityHashCode(proxy);
          }
          if (method.getName().equals("equals")) {
            return proxy == args[0];
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  private static ClassLoader getClassLoader() {
    return ConnectionTrackerTest.class.getClassLoader();
  }

  private void leaseFromDriverManager(Object connection) {
    Object token = tracker.acquireEnter(null, "jdbc:h2:mem:x");
    tracker.acquireExit(null, "jdbc:h2:mem:x", connection, null, token);
  }

  @Test
  void aCloseThatThrowsAndLeavesTheConnectionOpenEndsNoLease() {
    // given a lease whose close() throws, the connection saying afterwards that it is still open
    java.sql.Connection connection = connectionSayingClosed(false);
    leaseFromDriverManager(connection);
    // when
    tracker.connectionClosed(connection, new java.sql.SQLException("network error during close"));
    // then the lease is still open: the application still holds a connection
    assertThat(registry.leasesOpen()).isEqualTo(1);
    assertThat(registry.leasesClosed()).isZero();
  }

  @Test
  void aCloseThatThrowsButClosedTheConnectionEndsTheLease() {
    // given a lease whose close() throws after closing (HikariCP returns the connection, then rethrows)
    java.sql.Connection connection = connectionSayingClosed(true);
    leaseFromDriverManager(connection);
    // when
    tracker.connectionClosed(connection, new java.sql.SQLException("rollback failed"));
    // then
    assertThat(registry.leasesOpen()).isZero();
    assertThat(registry.leasesClosed()).isEqualTo(1);
  }

  @Test
  void aCloseThatThrowsOnAConnectionThatCannotTellLeavesTheLeaseOpen() {
    java.sql.Connection connection = connectionSayingClosed(null);
    leaseFromDriverManager(connection);
    tracker.connectionClosed(connection, new IllegalStateException("driver bug"));
    assertThat(registry.leasesOpen()).isEqualTo(1);
  }

  @Test
  void aPoolsLeaseIsReadInTheDialectOfTheDriverItsPhysicalConnectionCameFrom() {
    // given a pool with no URL that opens its first connection through a vendor data source while
    // the application's first getConnection waits (HikariCP with dataSourceClassName)
    Object pool = new com.zaxxer.hikari.TestPool("orders-pool", null);
    Object vendorDataSource = new Object();
    Object physical = new org.mariadb.jdbc.TestConnection();
    Object proxy = new Object();
    Object outer = tracker.acquireEnter(pool, null);
    tracker.poolCreatingConnection(pool, true);
    Object inner = tracker.acquireEnter(vendorDataSource, null);
    tracker.acquireExit(vendorDataSource, null, physical, null, inner);
    tracker.poolCreatingConnection(pool, false);
    Object connect = tracker.connectEnter(new Object(), null);
    tracker.connectExit(null, null, null, physical, null, connect);
    tracker.acquireExit(pool, null, proxy, null, outer);
    // then the lease on the pool's proxy knows it talks to MariaDB
    assertThat(registry.leaseOf(proxy).dialect()).isEqualTo(io.connlens.agent.sql.SqlDialect.MYSQL);
  }

  @Test
  void aPoolCountsThePhysicalConnectionsItOpenedAndTheLeasesItHandedOutUnderItsName() {
    // given a pool that opens two connections on its own thread (HikariCP's PoolBase names itself by
    // its poolName), hands out three leases and gets two back, then closes one connection
    Object dataSource = new com.zaxxer.hikari.TestPool("orders-pool", "jdbc:h2:mem:orders;PASSWORD=secret");
    Object poolBase = new com.zaxxer.hikari.pool.TestPoolBase("orders-pool");
    Object[] physical = {new Object(), new Object()};
    for (Object connection : physical) {
      tracker.poolCreatingConnection(poolBase, true);
      Object connect = tracker.connectEnter(new Object(), null);
      tracker.connectExit(null, "jdbc:h2:mem:orders;PASSWORD=secret", new Properties(), connection, null, connect);
      tracker.poolCreatingConnection(poolBase, false);
    }
    Object[] proxies = {new Object(), new Object(), new Object()};
    for (Object proxy : proxies) {
      Object token = tracker.acquireEnter(dataSource, null);
      tracker.acquireExit(dataSource, null, proxy, null, token);
    }
    tracker.connectionClosed(proxies[0], null);
    tracker.connectionClosed(proxies[1], null);
    tracker.connectionClosed(physical[0], null);
    // and a DriverManager connection beside it
    Object direct = new Object();
    Object token = tracker.acquireEnter(null, "jdbc:h2:mem:x");
    Object connect = tracker.connectEnter(new Object(), null);
    tracker.connectExit(null, "jdbc:h2:mem:x", new Properties(), direct, null, connect);
    tracker.acquireExit(null, "jdbc:h2:mem:x", direct, null, token);

    // then the pool's counts are its own, and the DriverManager connection is in the totals only
    assertThat(registry.pools()).singleElement().satisfies(pool -> {
      assertThat(pool.name()).isEqualTo("orders-pool");
      assertThat(pool.database()).startsWith("jdbc:h2:mem:orders").doesNotContain("secret");
      assertThat(pool.leases()).containsExactly(3, 2, 1, 0);
      assertThat(pool.physical()).containsExactly(2, 1, 1, 0);
    });
    assertThat(registry.leasesOpened()).isEqualTo(4);
    assertThat(registry.physicalOpened()).isEqualTo(3);
    assertThat(registry.droppedPools()).isZero();
  }

  @Test
  void aDriverManagerLeaseIsReadInTheDialectOfItsUrl() {
    Object connection = new Object();
    Object token = tracker.acquireEnter(null, "jdbc:postgresql://db/app");
    tracker.acquireExit(null, "jdbc:postgresql://db/app", connection, null, token);
    assertThat(registry.leaseOf(connection).dialect()).isEqualTo(io.connlens.agent.sql.SqlDialect.POSTGRESQL);
  }

  // pool sizing and unpooled connections: what the tracker tells the registry per borrow

  @Test
  void aBorrowThatWaitsPastTheThresholdIsCountedAsThePoolsWait() {
    // given a pool whose getConnection takes longer than the threshold (it waits for a connection)
    Object pool = new com.zaxxer.hikari.TestPool("orders-pool", null);
    Object token = tracker.acquireEnter(pool, null);
    spinPast(2 * io.connlens.agent.registry.BorrowWaits.THRESHOLD_NANOS); // the pool waiting
    tracker.acquireExit(pool, null, new Object(), null, token);
    // then one wait, at least as long as that
    assertThat(registry.pools()).singleElement().satisfies(counts -> {
      assertThat(counts.waits().count()).isEqualTo(1);
      assertThat(counts.waits().longestNanos()).isGreaterThan(2 * io.connlens.agent.registry.BorrowWaits.THRESHOLD_NANOS);
      assertThat(counts.waits().totalNanos()).isEqualTo(counts.waits().longestNanos());
    });
  }

  @Test
  void aBorrowThatFailsAfterWaitingIsAWaitToo() {
    // given a pool that times out a borrow (POOL_EXHAUSTED's case): the application waited all along
    Object pool = new com.zaxxer.hikari.TestPool("orders-pool", null);
    Object warmUp = tracker.acquireEnter(pool, null);
    tracker.acquireExit(pool, null, new Object(), null, warmUp); // names the pool
    Object token = tracker.acquireEnter(pool, null);
    spinPast(2 * io.connlens.agent.registry.BorrowWaits.THRESHOLD_NANOS); // the pool waiting for a return
    tracker.acquireExit(pool, null, null, new IllegalStateException("Connection is not available"), token);
    // then
    assertThat(registry.pools()).singleElement()
        .satisfies(counts -> assertThat(counts.waits().longestNanos()).isGreaterThan(2 * io.connlens.agent.registry.BorrowWaits.THRESHOLD_NANOS));
    assertThat(registry.leasesOpened()).isEqualTo(1);
  }

  @Test
  void poolLeasesOpenAtOnceRaiseThePeakAndClosingThemDoesNotLowerIt() {
    // given three leases of one pool open at once, then all returned
    Object pool = new com.zaxxer.hikari.TestPool("orders-pool", null);
    Object[] proxies = {new Object(), new Object(), new Object()};
    for (Object proxy : proxies) {
      Object token = tracker.acquireEnter(pool, null);
      tracker.acquireExit(pool, null, proxy, null, token);
    }
    for (Object proxy : proxies) {
      tracker.connectionClosed(proxy, null);
    }
    // then
    assertThat(registry.pools()).singleElement().satisfies(counts -> {
      assertThat(counts.leasePeak().peak()).isEqualTo(3);
      assertThat(counts.leasePeak().open()).isZero();
    });
  }

  @Test
  void aDriverManagerLeaseOpensItsOwnPhysicalConnectionAndAPoolsLeaseDoesNot() {
    // given a DriverManager connection, and a pool borrow during which the pool opened a connection
    Object direct = new Object();
    openThroughDriverManager(direct);
    Object pool = new com.zaxxer.hikari.TestPool("orders-pool", null);
    Object proxy = new Object();
    Object borrow = tracker.acquireEnter(pool, null);
    Object grow = tracker.connectEnter(new Object(), null);
    tracker.connectExit(null, "jdbc:h2:mem:x", new Properties(), new Object(), null, grow);
    tracker.acquireExit(pool, null, proxy, null, borrow);
    // then only the DriverManager lease is an unpooled one
    assertThat(registry.leaseOf(direct).opensPhysical()).isTrue();
    assertThat(registry.leaseOf(proxy).opensPhysical()).isFalse();
  }

  @Test
  void aPlainDataSourceLeaseIsUnpooledOnlyWhenItsGetConnectionOpenedAPhysicalConnection() {
    // given a driver's data source that connects through its driver, and a wrapper that hands out a kept connection
    Object driverDataSource = new Object();
    Object connected = new Object();
    Object token = tracker.acquireEnter(driverDataSource, null);
    Object connect = tracker.connectEnter(new Object(), null);
    tracker.connectExit(null, "jdbc:postgresql://db/app", new Properties(), connected, null, connect);
    tracker.acquireExit(driverDataSource, null, connected, null, token);
    Object unknownPool = new Object();
    Object handedOut = new Object();
    Object borrow = tracker.acquireEnter(unknownPool, null);
    tracker.acquireExit(unknownPool, null, handedOut, null, borrow);
    // then
    assertThat(registry.leaseOf(connected).opensPhysical()).isTrue();
    assertThat(registry.leaseOf(handedOut).opensPhysical()).isFalse();
  }

  @Test
  void aDriverManagerConnectionOpenedWhileAPoolCreatesOneIsNeverAnUnpooledLease() {
    // given c3p0's way: the pool's own thread opens its connection through DriverManager
    Object pool = new com.zaxxer.hikari.pool.TestPoolBase("orders-pool");
    Object connection = new Object();
    tracker.poolCreatingConnection(pool, true);
    openThroughDriverManager(connection);
    tracker.poolCreatingConnection(pool, false);
    // then no lease at all: nothing an unpooled-connection count could see
    assertThat(registry.leasesOpened()).isZero();
    assertThat(registry.leaseOf(connection)).isNull();
    assertThat(registry.openPhysicalConnections()).singleElement()
        .satisfies(p -> assertThat(p.pool()).isEqualTo("orders-pool"));
  }

  /** {@code DriverManager.getConnection} returning {@code connection}, which its driver's {@code connect} made. */
  private void openThroughDriverManager(Object connection) {
    Object token = tracker.acquireEnter(null, "jdbc:h2:mem:x");
    Object connect = tracker.connectEnter(new Object(), null);
    tracker.connectExit(null, "jdbc:h2:mem:x", new Properties(), connection, null, connect);
    tracker.acquireExit(null, "jdbc:h2:mem:x", connection, null, token);
  }

  /** Keeps this thread busy for more than {@code nanos}: a call that takes that long. */
  private static void spinPast(long nanos) {
    long start = System.nanoTime();
    while (System.nanoTime() - start <= nanos) {
      Thread.onSpinWait();
    }
  }

  @Test
  void onlyTheOutermostStatementCloseForgetsAStatement() {
    io.connlens.agent.registry.StatementRecorder statements = new io.connlens.agent.registry.StatementRecorder(registry,
        new io.connlens.agent.sql.SqlFingerprintCache(), 5, Frames.STACK_FRAMES, statement -> Boolean.TRUE);
    ConnectionTracker withStatements = new ConnectionTracker(registry, statements, status -> {}, error -> {
      throw new AssertionError("unexpected suppressed error", error);
    });
    Object connection = new Object();
    registry.open(connection, io.connlens.agent.registry.DataSourceInfo.DRIVER_MANAGER, "jdbc:h2:mem:x", Thread.currentThread());
    Object proxy = new Object();
    Object create = withStatements.statementCreateEnter();
    withStatements.statementCreated(connection, "select 1", proxy, null, create);
    // when a proxy's close() closes the driver's statement beneath it: the nested close is not the proxy's
    Object outer = withStatements.statementCloseEnter();
    Object inner = withStatements.statementCloseEnter();
    withStatements.statementClosed(new Object(), inner);
    assertThat(ConnectionTracker.outermost(inner)).isFalse();
    Object executed = withStatements.executeEnter();
    withStatements.executeExit(proxy, null, io.connlens.bootstrap.HookHandler.EXECUTE_SINGLE, null, executed);
    withStatements.statementClosed(proxy, outer);
    // then the proxy stayed known until its own close returned, and is forgotten after it
    Object after = withStatements.executeEnter();
    withStatements.executeExit(proxy, null, io.connlens.bootstrap.HookHandler.EXECUTE_SINGLE, null, after);
    assertThat(registry.leaseOf(connection).statements()).isEqualTo(1);
    Object next = withStatements.statementCloseEnter();
    withStatements.statementClosed(new Object(), next);
    assertThat(ConnectionTracker.outermost(next)).isTrue();
  }
}
