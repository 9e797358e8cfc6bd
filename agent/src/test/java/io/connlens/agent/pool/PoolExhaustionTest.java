package io.connlens.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.pool.agroal.AgroalSupport;
import io.connlens.agent.pool.c3p0.C3p0Support;
import io.connlens.agent.pool.dbcp2.Dbcp2Support;
import io.connlens.agent.pool.hikari.HikariSupport;
import io.connlens.agent.pool.tomcatjdbc.TomcatJdbcSupport;
import io.connlens.agent.pool.vibur.ViburSupport;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.tomcat.jdbc.pool.PoolExhaustedException;
import org.junit.jupiter.api.Test;

/** Each pool's own words for "no connection to give", as its sources throw them, and what is not that. */
class PoolExhaustionTest {
  private static final List<PoolSupport> ALL = List.of(new HikariSupport(), Dbcp2Support.COMMONS, Dbcp2Support.TOMCAT,
      new TomcatJdbcSupport(), new C3p0Support(), new AgroalSupport(), new ViburSupport());

  @Test
  void hikariCpsTimeoutOfEveryVersion() {
    HikariSupport hikari = new HikariSupport();
    assertThat(hikari.isExhaustion(new SQLTransientConnectionException(
        "orders - Connection is not available, request timed out after 30004ms (total=10, active=10, idle=0, waiting=3)")))
        .isTrue();
    assertThat(hikari.isExhaustion(new SQLTransientConnectionException(
        "HikariPool-1 - Connection is not available, request timed out after 30000ms."))).isTrue();
  }

  @Test
  void dbcp2sTimeoutAndExhaustionWithThePoolsExceptionAsCause() {
    for (Dbcp2Support dbcp : List.of(Dbcp2Support.COMMONS, Dbcp2Support.TOMCAT)) {
      NoSuchElementException waited = new NoSuchElementException("Timeout waiting for idle object, borrowMaxWaitDuration=PT1S");
      assertThat(dbcp.isExhaustion(new SQLException("Cannot get a connection, pool error " + waited.getMessage(), waited)))
          .isTrue();
      assertThat(dbcp.isExhaustion(new SQLException("Cannot get a connection, pool error Pool exhausted",
          new NoSuchElementException("Pool exhausted")))).isTrue();
      assertThat(dbcp.isExhaustion(new SQLException("Cannot get a connection, general error",
          new InterruptedException()))).isFalse();
    }
  }

  @Test
  void tomcatJdbcsPoolExhaustedExceptionByClassOrText() {
    TomcatJdbcSupport tomcat = new TomcatJdbcSupport();
    assertThat(tomcat.isExhaustion(new PoolExhaustedException("[main] Timeout: Pool empty. Unable to fetch a connection"
        + " in 30 seconds, none available[size:5; busy:5; idle:0; lastwait:30000]."))).isTrue();
    assertThat(tomcat.isExhaustion(new PoolExhaustedException((String) null))).isTrue();
    assertThat(tomcat.isExhaustion(new SQLException("wrapped",
        new SQLException("[http-1] Timeout: Pool empty. Unable to fetch a connection in 1 seconds")))).isTrue();
  }

  @Test
  void c3p0sCheckoutTimeout() {
    assertThat(new C3p0Support().isExhaustion(new SQLException(
        "An attempt by a client to checkout a Connection has timed out.", new RuntimeException("TimeoutException"))))
        .isTrue();
    assertThat(new C3p0Support().isExhaustion(new SQLException(
        "Connections could not be acquired from the underlying database!", "08001"))).isFalse();
  }

  @Test
  void agroalsAcquisitionTimeout() {
    assertThat(new AgroalSupport().isExhaustion(new SQLException("Sorry, acquisition timeout!"))).isTrue();
    assertThat(new AgroalSupport().isExhaustion(new SQLException("Acquisition timeout on health check"))).isFalse();
  }

  @Test
  void viburByItsSqlStateOrText() {
    ViburSupport vibur = new ViburSupport();
    assertThat(vibur.isExhaustion(new SQLTimeoutException(
        "Pool orders@1(2/0/2/w/n), couldn't obtain SQL connection within 1000.292 ms.", "VI002", 0))).isTrue();
    assertThat(vibur.isExhaustion(new SQLTimeoutException(null, "VI002"))).isTrue();
    assertThat(vibur.isExhaustion(new SQLException("Pool orders, the poolService is terminated.", "VI001"))).isFalse();
  }

  @Test
  void noPoolTakesAnotherPoolsOrADriversErrorForItsExhaustion() {
    Throwable driver = new SQLException("FATAL: too many connections for role \"app\"", "53300");
    for (PoolSupport support : ALL) {
      assertThat(support.isExhaustion(driver)).as(support.kind()).isFalse();
      assertThat(support.isExhaustion(new SQLException((String) null))).as(support.kind()).isFalse();
    }
    assertThat(new HikariSupport().isExhaustion(new SQLException("Sorry, acquisition timeout!"))).isFalse();
    assertThat(new AgroalSupport().isExhaustion(new SQLTransientConnectionException(
        "x - Connection is not available, request timed out after 1ms."))).isFalse();
  }

  @Test
  void aCyclicChainEndsWithoutAMatch() {
    SQLException a = new SQLException("a");
    SQLException b = new SQLException("b", a);
    a.initCause(b);
    a.setNextException(b);
    for (PoolSupport support : ALL) {
      assertThat(support.isExhaustion(a)).as(support.kind()).isFalse();
    }
  }
}
