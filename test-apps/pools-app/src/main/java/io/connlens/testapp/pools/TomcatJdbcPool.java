package io.connlens.testapp.pools;

import java.sql.SQLException;
import org.apache.tomcat.jdbc.pool.DataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;

/**
 * Tomcat JDBC, set up as its documentation's plain-Java example shows: {@code PoolProperties}, then a
 * {@code DataSource} given them. Each borrow gets a new {@code java.lang.reflect.Proxy} whose handler
 * chain the pooled {@code PooledConnection} keeps, but not the proxy itself (a dropped one can be
 * garbage-collected); close() is {@code close(false)}, which releases idle connections and leaves
 * busy ones open.
 */
final class TomcatJdbcPool implements Pool {
  private final DataSource dataSource;

  private TomcatJdbcPool(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  static Pool open(PoolSettings settings) throws SQLException {
    PoolProperties properties = new PoolProperties();
    properties.setUrl(settings.url());
    properties.setDriverClassName(settings.driverClassName());
    if (settings.name() != null) {
      properties.setName(settings.name());
    }
    properties.setMaxActive(settings.maxSize());
    if (settings.borrowTimeoutMillis() > 0) {
      properties.setMaxWait(settings.borrowTimeoutMillis());
    }
    // the defaults (initialSize 10, maxIdle 100, minIdle 10) exceed maxActive, which the pool warns of
    properties.setInitialSize(1);
    properties.setMinIdle(1);
    properties.setMaxIdle(settings.maxSize());
    if (settings.abandonedRemoval()) {
      properties.setRemoveAbandoned(true);
      properties.setRemoveAbandonedTimeout(PoolSettings.ABANDONED_TIMEOUT_SECONDS);
      // the pool cleaner's documented minimum interval (it warns below it)
      properties.setTimeBetweenEvictionRunsMillis(1000);
    }
    DataSource dataSource = new DataSource();
    dataSource.setPoolProperties(properties);
    return new TomcatJdbcPool(dataSource);
  }

  @Override
  public javax.sql.DataSource dataSource() {
    return dataSource;
  }

  /** The pool cleaner counted an abandoned connection it released. */
  @Override
  public boolean reclaimedAbandoned() {
    return dataSource.getRemoveAbandonedCount() > 0;
  }

  /** The pool cleaner's abandon() releases it: PooledConnection.disconnect closes it. */
  @Override
  public Ending atAbandonedRemoval() {
    return Ending.CLOSED;
  }

  @Override
  public void close() {
    dataSource.close();
  }

  @Override
  public Ending atClose() {
    return Ending.LEFT_OPEN;
  }
}
