package io.connlens.testapp.pools;

import io.connlens.testapp.support.AgentProbe;
import io.connlens.testapp.support.OrdersTable;
import io.connlens.testapp.support.ScenarioConsole;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.apache.commons.dbcp2.DriverManagerConnectionFactory;
import org.apache.commons.dbcp2.PoolableConnection;
import org.apache.commons.dbcp2.PoolableConnectionFactory;
import org.apache.commons.dbcp2.PoolingDriver;
import org.apache.commons.pool2.ObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPool;

/**
 * DBCP2 reached through {@code DriverManager}, set up as DBCP2's {@code PoolingDriverExample} shows: an
 * object pool registered in {@code PoolingDriver} as {@value #POOL}, and every connection taken with
 * {@code DriverManager.getConnection("jdbc:apache:commons:dbcp:orders")}:
 * {@code java io.connlens.testapp.pools.PoolingDriverApp dbcp2 pooling-driver JDBC_URL}. Borrows and
 * returns {@value #BORROWS} connections correctly, then drops one without closing it, and waits until
 * the agent reports it.
 */
public final class PoolingDriverApp {
  private static final List<String> SCENARIOS = List.of("pooling-driver");
  /** The name the pool is registered under in the driver. */
  static final String POOL = "orders";
  private static final String POOL_URL = "jdbc:apache:commons:dbcp:" + POOL;
  private static final int BORROWS = 50;

  private PoolingDriverApp() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3 || !"dbcp2".equals(args[0]) || !SCENARIOS.contains(args[1])) {
      ScenarioConsole.usage(PoolingDriverApp.class.getName(), "dbcp2 SCENARIO JDBC_URL", SCENARIOS,
          "this app runs on dbcp2 only, scenario pooling-driver");
    }
    PoolingDriver driver = registerPool(args[2]);
    try (Connection connection = DriverManager.getConnection(POOL_URL)) { // ACQUIRE:pooling-driver-set-up
      OrdersTable.create(connection);
    }
    for (int i = 0; i < BORROWS; i++) {
      try (Connection connection = DriverManager.getConnection(POOL_URL)) {
        OrdersTable.count(connection);
      }
    }
    AgentProbe agent = new AgentProbe();
    long before = agent.occurrences("LEAK_UNCLOSED");
    forgetToClose();
    agent.awaitOrExit("LEAK_UNCLOSED", before + 1, System::gc);
    driver.closePool(POOL);
    ScenarioConsole.done(args[1]);
  }

  /** The pool, as the example builds it: a connection factory, a poolable-connection factory, an object pool. */
  private static PoolingDriver registerPool(String url) throws SQLException, ClassNotFoundException {
    DriverManagerConnectionFactory connectionFactory = new DriverManagerConnectionFactory(url, new Properties());
    PoolableConnectionFactory poolableConnectionFactory = new PoolableConnectionFactory(connectionFactory, null);
    ObjectPool<PoolableConnection> connectionPool = new GenericObjectPool<>(poolableConnectionFactory);
    poolableConnectionFactory.setPool(connectionPool);
    Class.forName("org.apache.commons.dbcp2.PoolingDriver");
    PoolingDriver driver = (PoolingDriver) DriverManager.getDriver("jdbc:apache:commons:dbcp:");
    driver.registerPool(POOL, connectionPool);
    return driver;
  }

  /** The bug: borrows through the driver, uses, returns without closing; the reference is dropped. */
  private static void forgetToClose() throws SQLException {
    Connection connection = DriverManager.getConnection(POOL_URL); // ACQUIRE:pooling-driver-dropped
    OrdersTable.count(connection);
  }
}
