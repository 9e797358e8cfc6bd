package io.connlens.testapp.pools;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * HikariCP, set up as its README shows: a {@code HikariConfig}, then a {@code HikariDataSource}. Each
 * borrow gets a new {@code HikariProxyConnection} that the pool does not keep (a dropped one can be
 * garbage-collected); close() aborts the physical connections still in use
 * ({@code HikariPool.abortActiveConnections}).
 */
final class HikariCpPool implements Pool {
  private final HikariDataSource dataSource;

  private HikariCpPool(HikariDataSource dataSource) {
    this.dataSource = dataSource;
  }

  static Pool open(PoolSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.url());
    if (settings.name() != null) {
      config.setPoolName(settings.name());
    }
    config.setMaximumPoolSize(settings.maxSize());
    if (settings.borrowTimeoutMillis() > 0) {
      config.setConnectionTimeout(settings.borrowTimeoutMillis());
    }
    return new HikariCpPool(new HikariDataSource(config));
  }

  @Override
  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void invalidate(Connection connection) {
    // a connection still in use is closed at once (HikariPool.evictConnection, owner = not closed)
    dataSource.evictConnection(connection);
  }

  @Override
  public void close() {
    dataSource.close();
  }

  @Override
  public Ending atClose() {
    return Ending.ABORTED;
  }
}
