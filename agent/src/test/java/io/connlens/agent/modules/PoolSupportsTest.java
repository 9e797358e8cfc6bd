package io.connlens.agent.modules;

import static org.assertj.core.api.Assertions.assertThat;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.connlens.agent.pool.PoolGauges;
import io.connlens.agent.pool.PoolReflection;
import io.connlens.agent.pool.PoolSupport;
import java.sql.Connection;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.Test;

/**
 * Each pool support against the real pool over H2: it recognizes the pool's data source, reads the
 * name the user gave it (or none), its URL, size and use, and finds the driver's connection under the
 * one the pool hands out. Plain data sources and c3p0's unpooled one are no pools.
 */
class PoolSupportsTest {
  private static final String URL = "jdbc:h2:mem:pool-supports;DB_CLOSE_DELAY=-1";

  @Test
  void hikariCp() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(URL);
    config.setPoolName("orders-pool");
    config.setMaximumPoolSize(3);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      assertReadsThePool(pool, "hikaricp", "orders-pool", 3);
    }
  }

  @Test
  void dbcp2() throws Exception {
    BasicDataSource pool = new BasicDataSource();
    pool.setUrl(URL);
    pool.setMaxTotal(3);
    try {
      assertReadsThePool(pool, "dbcp2", null, 3);
    } finally {
      pool.close();
    }
  }

  @Test
  void tomcatDbcp() throws Exception {
    org.apache.tomcat.dbcp.dbcp2.BasicDataSource pool = new org.apache.tomcat.dbcp.dbcp2.BasicDataSource();
    pool.setUrl(URL);
    pool.setMaxTotal(3);
    try {
      assertReadsThePool(pool, "tomcat-dbcp", null, 3);
    } finally {
      pool.close();
    }
  }

  @Test
  void tomcatJdbcNamedAndUnnamed() throws Exception {
    org.apache.tomcat.jdbc.pool.DataSource named = tomcatJdbc();
    named.setName("orders-pool");
    org.apache.tomcat.jdbc.pool.DataSource unnamed = tomcatJdbc();
    try {
      assertReadsThePool(named, "tomcat-jdbc", "orders-pool", 3);
      // Tomcat's generated "Tomcat Connection Pool[N-hash]" is no name: it differs on every run
      assertReadsThePool(unnamed, "tomcat-jdbc", null, 3);
    } finally {
      named.close();
      unnamed.close();
    }
  }

  @Test
  void tomcatJdbcsGaugesNeverCreateItsPoolBeforeItsFirstUseOrAfterItsClose() throws Exception {
    PoolReflection.FieldReader poolField =
        new PoolReflection.FieldReader("org.apache.tomcat.jdbc.pool.DataSourceProxy", "pool");
    org.apache.tomcat.jdbc.pool.DataSource unused = tomcatJdbc();
    PoolGauges before = Modules.pools().of(unused).gauges(unused);
    assertThat(before.maxSize()).isEqualTo(3);
    assertThat(before.active()).isEqualTo(-1);
    assertThat(poolField.read(unused)).as("not created by reading its gauges").isNull();
    org.apache.tomcat.jdbc.pool.DataSource closed = tomcatJdbc();
    closed.getConnection().close();
    closed.close();
    assertThat(Modules.pools().of(closed).gauges(closed).active()).isEqualTo(-1);
    assertThat(poolField.read(closed)).as("a closed pool stays closed").isNull();
  }

  @Test
  void c3p0sGaugesNeverStartItsPoolBeforeItsFirstUseOrAfterItsClose() throws Exception {
    PoolReflection.FieldReader poolManager =
        new PoolReflection.FieldReader("com.mchange.v2.c3p0.impl.AbstractPoolBackedDataSource", "poolManager");
    ComboPooledDataSource unused = c3p0();
    Modules.pools().of(unused).gauges(unused);
    ComboPooledDataSource closed = c3p0();
    closed.getConnection().close();
    closed.close();
    Modules.pools().of(closed).gauges(closed);
    try {
      assertThat(poolManager.read(unused)).as("not started by reading its gauges").isNull();
      assertThat(poolManager.read(closed)).as("a closed pool stays closed").isNull();
    } finally {
      unused.close();
    }
  }

  static org.apache.tomcat.jdbc.pool.DataSource tomcatJdbc() {
    org.apache.tomcat.jdbc.pool.PoolProperties properties = new org.apache.tomcat.jdbc.pool.PoolProperties();
    properties.setUrl(URL);
    properties.setDriverClassName("org.h2.Driver");
    properties.setMaxActive(3);
    properties.setInitialSize(1);
    properties.setMinIdle(1);
    properties.setMaxIdle(3);
    return new org.apache.tomcat.jdbc.pool.DataSource(properties);
  }

  @Test
  void c3p0NamedAndUnnamed() throws Exception {
    ComboPooledDataSource named = c3p0();
    named.setDataSourceName("orders-pool");
    ComboPooledDataSource unnamed = c3p0();
    try {
      assertReadsThePool(named, "c3p0", "orders-pool", 3);
      // c3p0 answers its random identity token as the name of a pool without one
      assertReadsThePool(unnamed, "c3p0", null, 3);
      PoolSupport support = Modules.pools().of(named);
      assertThat(support.ownerName(named.getConnectionPoolDataSource())).isEqualTo("orders-pool");
    } finally {
      named.close();
      unnamed.close();
    }
  }

  static ComboPooledDataSource c3p0() throws Exception {
    ComboPooledDataSource pool = new ComboPooledDataSource();
    pool.setDriverClass("org.h2.Driver");
    pool.setJdbcUrl(URL);
    pool.setMaxPoolSize(3);
    pool.setMinPoolSize(1);
    pool.setInitialPoolSize(1);
    return pool;
  }

  @Test
  void agroalWithMetrics() throws Exception {
    try (AgroalDataSource pool = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
        .metricsEnabled(true)
        .connectionPoolConfiguration(cp -> cp.maxSize(3)
            .connectionFactoryConfiguration(cf -> cf.jdbcUrl(URL))))) {
      assertReadsThePool(pool, "agroal", null, 3);
    }
  }

  @Test
  void agroalWithoutMetricsSaysOnlyItsSize() throws Exception {
    try (AgroalDataSource pool = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
        .connectionPoolConfiguration(cp -> cp.maxSize(3)
            .connectionFactoryConfiguration(cf -> cf.jdbcUrl(URL))));
        Connection lease = pool.getConnection()) {
      PoolGauges gauges = Modules.pools().of(pool).gauges(pool);
      // Agroal counts connections in use only with metrics on: unknown is said, not a wrong 0
      assertThat(gauges.maxSize()).isEqualTo(3);
      assertThat(gauges.active()).isEqualTo(-1);
      assertThat(gauges.idle()).isEqualTo(-1);
    }
  }

  @Test
  void viburNamedAndUnnamed() throws Exception {
    org.vibur.dbcp.ViburDBCPDataSource named = vibur();
    named.setName("orders-pool");
    named.start();
    org.vibur.dbcp.ViburDBCPDataSource unnamed = vibur();
    unnamed.start();
    try {
      assertReadsThePool(named, "vibur", "orders-pool", 3);
      // Vibur's generated pN counts the pools of the JVM: no name
      assertReadsThePool(unnamed, "vibur", null, 3);
    } finally {
      named.close();
      unnamed.close();
    }
  }

  static org.vibur.dbcp.ViburDBCPDataSource vibur() {
    org.vibur.dbcp.ViburDBCPDataSource pool = new org.vibur.dbcp.ViburDBCPDataSource();
    pool.setJdbcUrl(URL);
    // Vibur passes both to the driver and needs them set: H2's in-memory database has the empty user
    pool.setUsername("");
    pool.setPassword("");
    pool.setPoolInitialSize(1);
    pool.setPoolMaxSize(3);
    return pool;
  }

  /** An application's own subclass of a pool's data source, in the application's package. */
  static final class OrdersDataSource extends BasicDataSource {}

  @Test
  void anApplicationsSubclassOfAPoolIsThatPool() {
    assertThat(Modules.pools().of(new OrdersDataSource()).kind()).isEqualTo("dbcp2");
  }

  @Test
  void plainDataSourcesAndC3p0sUnpooledOneAreNoPools() {
    org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    assertThat(Modules.pools().of(h2)).isNull();
    assertThat(Modules.pools().of(new com.mchange.v2.c3p0.DriverManagerDataSource())).isNull();
    assertThat(Modules.pools().of((Supplier<String>) () -> "x")).isNull();
  }

  private static void assertReadsThePool(DataSource pool, String kind, String name, int maxSize) throws Exception {
    PoolSupport support = Modules.pools().of(pool);
    assertThat(support).as(pool.getClass().getName()).isNotNull();
    assertThat(support.kind()).isEqualTo(kind);
    try (Connection lease = pool.getConnection()) {
      assertThat(support.configuredName(pool)).isEqualTo(name);
      assertThat(support.jdbcUrl(pool)).isEqualTo(URL);
      Object physical = support.physicalOf(lease);
      assertThat(physical).as("the driver's connection under %s", lease.getClass().getName())
          .isInstanceOf(JdbcConnection.class);
      PoolGauges gauges = support.gauges(pool);
      assertThat(gauges.maxSize()).isEqualTo(maxSize);
      assertThat(gauges.active()).isEqualTo(1);
      assertThat(gauges.idle()).isBetween(0, maxSize - 1);
    }
  }
}
