package io.connlens.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.testing.Frames;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.util.Properties;
import org.apache.commons.dbcp2.DriverManagerConnectionFactory;
import org.apache.commons.dbcp2.PoolableConnection;
import org.apache.commons.dbcp2.PoolableConnectionFactory;
import org.apache.commons.dbcp2.PoolingDriver;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DBCP2's {@code PoolingDriver}, set up as its {@code PoolingDriverExample} shows: a connection from
 * {@code DriverManager.getConnection("jdbc:apache:commons:dbcp:<name>")} is a lease from the object pool
 * registered under that name, never a physical connection of its own. The hooks are called here as the
 * advice calls them around the real driver's {@code connect}.
 */
class PoolingDriverTest {
  private static final String DATABASE = "jdbc:h2:mem:pooling-driver;DB_CLOSE_DELAY=-1";
  private static final String POOL_URL = "jdbc:apache:commons:dbcp:orders";

  private final LeaseRegistry registry = new LeaseRegistry(new SiteCapture(SiteCapture.Mode.ALL, 1),
      Frames.STACK_FRAMES, Modules.pools(), System::currentTimeMillis);
  private final ConnectionTracker tracker = new ConnectionTracker(registry, null, status -> {}, error -> {
    throw new AssertionError("unexpected suppressed error", error);
  });
  private PoolingDriver driver;
  private GenericObjectPool<PoolableConnection> pool;

  @BeforeEach
  void registerThePool() throws Exception {
    PoolableConnectionFactory factory =
        new PoolableConnectionFactory(new DriverManagerConnectionFactory(DATABASE, new Properties()), null);
    pool = new GenericObjectPool<>(factory);
    factory.setPool(pool);
    driver = new PoolingDriver();
    driver.registerPool("orders", pool);
  }

  @AfterEach
  void closeThePool() throws Exception {
    driver.closePool("orders");
  }

  /** {@code DriverManager.getConnection(POOL_URL)} asking the pooling driver, as the hooks see it. */
  private Connection borrow() throws Exception {
    Object getConnection = tracker.acquireEnter(null, POOL_URL);
    Object connect = tracker.connectEnter(driver, POOL_URL);
    Connection connection = driver.connect(POOL_URL, new Properties());
    tracker.connectExit(driver, POOL_URL, new Properties(), connection, null, connect);
    tracker.acquireExit(null, POOL_URL, connection, null, getConnection);
    return connection;
  }

  @Test
  void aConnectionFromThePoolingDriverIsALeaseFromTheNamedPool() throws Exception {
    try (Connection connection = borrow()) {
      Lease lease = registry.leaseOf(connection);
      assertThat(lease).isNotNull();
      assertThat(lease.source().isPool()).isTrue();
      assertThat(lease.pool()).isEqualTo("orders");
      assertThat(lease.opensPhysical()).isFalse();
      // the pool's gauges are the object pool's
      assertThat(lease.source().gauges().active()).isEqualTo(1);
      // the driver's connection is a lease, not a physical connection of its own
      assertThat(registry.physicalOpened()).isZero();
      tracker.connectionClosed(connection, null);
    }
    assertThat(registry.leasesClosed()).isEqualTo(1);
  }

  @Test
  void anotherDriversConnectIsStillAPhysicalConnection() throws Exception {
    Driver h2 = DriverManager.getDriver(DATABASE);
    Object connect = tracker.connectEnter(h2, DATABASE);
    try (Connection connection = h2.connect(DATABASE, new Properties())) {
      tracker.connectExit(h2, DATABASE, new Properties(), connection, null, connect);
      assertThat(registry.physicalOpened()).isEqualTo(1);
      assertThat(registry.leaseOf(connection)).isNull();
    }
  }

  @Test
  void aNameNoPoolIsRegisteredUnderIsLeftToTheDriversOwnFailure() {
    String unknown = "jdbc:apache:commons:dbcp:nothing-here";
    assertThat(registry.poolBehindDriver(driver, unknown)).isNull();
    assertThat(registry.poolBehindDriver(driver, DATABASE)).isNull();
  }
}
