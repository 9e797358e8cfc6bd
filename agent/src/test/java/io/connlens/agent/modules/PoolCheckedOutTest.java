package io.connlens.agent.modules;

import static org.assertj.core.api.Assertions.assertThat;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalConnectionPoolConfigurationSupplier;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.connlens.agent.pool.CheckedOutConnection;
import io.connlens.agent.pool.HolderStack;
import io.connlens.agent.pool.PoolReflection;
import io.connlens.agent.pool.PoolSupport;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.Test;

/**
 * Each pool support's {@code checkedOut} against the real pool over H2 (configured as in
 * {@link PoolSupportsTest}): given two connections borrowed and one of them returned, it lists the kept
 * one, on the driver's connection its lease rides, with the borrow time, holder thread and stack exactly
 * where the pool's own options record them, and no more than asked. A pool not started yet answers
 * nothing and stays unstarted.
 */
class PoolCheckedOutTest {
  private static final String URL = "jdbc:h2:mem:pool-checked-out;DB_CLOSE_DELAY=-1";
  private static final String THIS_TEST = PoolCheckedOutTest.class.getName() + ".";

  /** What a pool, configured as a test has it, records of a checked-out connection. */
  private enum Records {
    NOTHING, AGE, AGE_AND_STACK, AGE_AND_THREAD, AGE_THREAD_AND_STACK;

    boolean age() {
      return this != NOTHING;
    }

    boolean thread() {
      return this == AGE_AND_THREAD || this == AGE_THREAD_AND_STACK;
    }

    boolean stack() {
      return this == AGE_AND_STACK || this == AGE_THREAD_AND_STACK;
    }
  }

  @Test
  void hikariCpWithoutMetricsTellsNoAge() throws Exception {
    // its leak detection knows the holder, but on the proxy, which no pool entry reaches
    try (HikariDataSource pool = hikariCp(config -> config.setLeakDetectionThreshold(Duration.ofHours(1).toMillis()))) {
      assertListsTheKeptConnection(pool, Records.NOTHING);
    }
  }

  @Test
  void hikariCpWithAMetricsTrackerTellsTheBorrowTime() throws Exception {
    // HikariCP writes an entry's lastBorrowed only for its metrics tracker
    try (HikariDataSource pool = hikariCp(config -> config.setMetricsTrackerFactory((name, stats) -> new IMetricsTracker() {}))) {
      assertListsTheKeptConnection(pool, Records.AGE);
    }
  }

  @Test
  void hikariCpNotStartedAnswersNothingAndStaysStopped() {
    try (HikariDataSource pool = new HikariDataSource()) {
      pool.setJdbcUrl(URL);
      assertThat(support(pool).checkedOut(pool, 10)).isEmpty();
      assertThat(pool.isRunning()).isFalse();
    }
  }

  private static HikariDataSource hikariCp(Consumer<HikariConfig> options) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(URL);
    config.setMaximumPoolSize(3);
    options.accept(config);
    return new HikariDataSource(config);
  }

  @Test
  void dbcp2TellsTheBorrowTimeAndWithAbandonedLoggingItsStack() throws Exception {
    try (BasicDataSource plain = dbcp2(); BasicDataSource logging = dbcp2()) {
      // DBCP2 gives its pool the abandoned configuration, and with it logAbandoned, only with a removal
      logging.setLogAbandoned(true);
      logging.setRemoveAbandonedOnMaintenance(true);
      logging.setRemoveAbandonedTimeout(Duration.ofHours(1));
      assertListsTheKeptConnection(plain, Records.AGE);
      assertListsTheKeptConnection(logging, Records.AGE_AND_STACK);
    }
  }

  @Test
  void dbcp2NotStartedAnswersNothingAndStaysStopped() throws Exception {
    try (BasicDataSource pool = dbcp2()) {
      assertThat(support(pool).checkedOut(pool, 10)).isEmpty();
      assertThat(pool.getConnectionPool()).isNull();
    }
  }

  private static BasicDataSource dbcp2() {
    BasicDataSource pool = new BasicDataSource();
    pool.setUrl(URL);
    pool.setMaxTotal(3);
    return pool;
  }

  @Test
  void tomcatDbcpTellsTheBorrowTimeAndWithAbandonedLoggingItsStack() throws Exception {
    try (org.apache.tomcat.dbcp.dbcp2.BasicDataSource plain = tomcatDbcp();
        org.apache.tomcat.dbcp.dbcp2.BasicDataSource logging = tomcatDbcp()) {
      logging.setLogAbandoned(true);
      logging.setRemoveAbandonedOnBorrow(true);
      logging.setRemoveAbandonedTimeout(Duration.ofHours(1));
      assertListsTheKeptConnection(plain, Records.AGE);
      assertListsTheKeptConnection(logging, Records.AGE_AND_STACK);
    }
  }

  private static org.apache.tomcat.dbcp.dbcp2.BasicDataSource tomcatDbcp() {
    org.apache.tomcat.dbcp.dbcp2.BasicDataSource pool = new org.apache.tomcat.dbcp.dbcp2.BasicDataSource();
    pool.setUrl(URL);
    pool.setMaxTotal(3);
    return pool;
  }

  @Test
  void tomcatJdbcTellsTheBorrowTimeAndWithAbandonedLoggingItsStack() throws Exception {
    org.apache.tomcat.jdbc.pool.DataSource plain = PoolSupportsTest.tomcatJdbc();
    org.apache.tomcat.jdbc.pool.DataSource logging = PoolSupportsTest.tomcatJdbc();
    logging.setLogAbandoned(true);
    try (AutoCloseable closePlain = plain::close; AutoCloseable closeLogging = logging::close) {
      assertListsTheKeptConnection(plain, Records.AGE);
      assertListsTheKeptConnection(logging, Records.AGE_AND_STACK);
    }
  }

  @Test
  void tomcatJdbcNotStartedAnswersNothingAndCreatesNoPool() {
    org.apache.tomcat.jdbc.pool.DataSource pool = PoolSupportsTest.tomcatJdbc();
    assertThat(support(pool).checkedOut(pool, 10)).isEmpty();
    // DataSourceProxy.getPool() would create it: read the field
    assertThat(new PoolReflection.FieldReader("org.apache.tomcat.jdbc.pool.DataSourceProxy", "pool").read(pool)).isNull();
  }

  @Test
  void c3p0TellsTheCheckoutTimeAndWithUnreturnedConnectionDebuggingItsStack() throws Exception {
    try (ComboPooledDataSource plain = PoolSupportsTest.c3p0(); ComboPooledDataSource debugging = PoolSupportsTest.c3p0()) {
      // c3p0 records the stack only for its unreturned-connection timeout
      debugging.setUnreturnedConnectionTimeout(3600);
      debugging.setDebugUnreturnedConnectionStackTraces(true);
      assertListsTheKeptConnection(plain, Records.AGE);
      assertListsTheKeptConnection(debugging, Records.AGE_AND_STACK);
    }
  }

  @Test
  void c3p0NotStartedAnswersNothingAndCreatesNoPool() throws Exception {
    try (ComboPooledDataSource pool = PoolSupportsTest.c3p0()) {
      assertThat(support(pool).checkedOut(pool, 10)).isEmpty();
      assertThat(new PoolReflection.FieldReader("com.mchange.v2.c3p0.impl.AbstractPoolBackedDataSource", "poolManager")
          .read(pool)).isNull();
    }
  }

  @Test
  void agroalWithoutLeakDetectionTellsNoAge() throws Exception {
    try (AgroalDataSource pool = agroal(cp -> cp)) {
      assertListsTheKeptConnection(pool, Records.NOTHING);
    }
  }

  @Test
  void agroalWithLeakDetectionTellsAgeAndThread() throws Exception {
    try (AgroalDataSource pool = agroal(cp -> cp.leakTimeout(Duration.ofHours(1)))) {
      assertListsTheKeptConnection(pool, Records.AGE_AND_THREAD);
    }
  }

  @Test
  void agroalWithTheEnhancedLeakReportTellsTheStackToo() throws Exception {
    try (AgroalDataSource pool = agroal(cp -> cp.leakTimeout(Duration.ofHours(1)).enhancedLeakReport(true))) {
      assertListsTheKeptConnection(pool, Records.AGE_THREAD_AND_STACK);
    }
  }

  private static AgroalDataSource agroal(UnaryOperator<AgroalConnectionPoolConfigurationSupplier> options) throws Exception {
    return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier().connectionPoolConfiguration(
        cp -> options.apply(cp.maxSize(3).connectionFactoryConfiguration(cf -> cf.jdbcUrl(URL)))));
  }

  @Test
  void viburTellsNothingWithoutConnectionTrackingAndAllWithIt() throws Exception {
    try (org.vibur.dbcp.ViburDBCPDataSource plain = PoolSupportsTest.vibur();
        org.vibur.dbcp.ViburDBCPDataSource tracking = PoolSupportsTest.vibur()) {
      tracking.setPoolEnableConnectionTracking(true);
      plain.start();
      tracking.start();
      assertListsTheKeptConnection(plain, Records.NOTHING);
      assertListsTheKeptConnection(tracking, Records.AGE_THREAD_AND_STACK);
    }
  }

  @Test
  void viburNotStartedAnswersNothingAndStaysStopped() {
    org.vibur.dbcp.ViburDBCPDataSource pool = PoolSupportsTest.vibur();
    pool.setPoolEnableConnectionTracking(true);
    assertThat(support(pool).checkedOut(pool, 10)).isEmpty();
    assertThat(pool.getPool()).isNull();
  }

  @Test
  void anObjectOfAnotherClassAnswersNothing() throws Exception {
    try (BasicDataSource dbcp2 = dbcp2(); Connection lease = dbcp2.getConnection()) {
      for (PoolSupport support : Modules.pools().all()) {
        assertThat(support.checkedOut(new Object(), 10)).as(support.kind()).isEmpty();
        assertThat(support.checkedOut(null, 10)).as(support.kind()).isEmpty();
        if (!support.kind().equals("dbcp2")) {
          assertThat(support.checkedOut(dbcp2, 10)).as(support.kind()).isEmpty();
        }
      }
    }
  }

  private static PoolSupport support(Object pool) {
    PoolSupport support = Modules.pools().of(pool);
    assertThat(support).as(pool.getClass().getName()).isNotNull();
    return support;
  }

  /** Two borrowed, one returned: the kept one is listed as the pool records it; then the limit with two kept. */
  private static void assertListsTheKeptConnection(DataSource pool, Records records) throws Exception {
    PoolSupport support = support(pool);
    long before = System.currentTimeMillis();
    try (Connection kept = pool.getConnection()) {
      pool.getConnection().close();

      List<CheckedOutConnection> checkedOut = support.checkedOut(pool, 10);
      long after = System.currentTimeMillis();

      if (records == Records.NOTHING && support.kind().equals("vibur")) {
        assertThat(checkedOut).as("Vibur records taken connections only with tracking on").isEmpty();
        return;
      }
      assertThat(checkedOut).as(support.kind()).hasSize(1);
      CheckedOutConnection connection = checkedOut.get(0);
      assertThat(connection.physical()).isNotNull().isSameAs(support.physicalOf(kept));
      if (records.age()) {
        assertThat(connection.borrowedAtMillis()).isBetween(before, after);
      } else {
        assertThat(connection.borrowedAtMillis()).isEqualTo(-1);
      }
      assertThat(connection.holderThread()).isEqualTo(records.thread() ? Thread.currentThread().getName() : null);
      if (records.stack()) {
        assertThat(connection.holderStack()).hasSizeLessThanOrEqualTo(HolderStack.MAX_FRAMES)
            .anyMatch(frame -> frame.startsWith(THIS_TEST + "assertListsTheKeptConnection(PoolCheckedOutTest.java:"));
        assertThat(connection.holderStack().get(0)).as("the first frame outside the pool")
            .doesNotStartWith(support.packagePrefixes().get(0));
      } else {
        assertThat(connection.holderStack()).isEmpty();
      }

      try (Connection second = pool.getConnection()) {
        assertThat(support.checkedOut(pool, 2)).hasSize(2);
        assertThat(support.checkedOut(pool, 1)).hasSize(1);
        assertThat(support.checkedOut(pool, 0)).isEmpty();
      }
    }
  }
}
