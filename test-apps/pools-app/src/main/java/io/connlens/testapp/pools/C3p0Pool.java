package io.connlens.testapp.pools;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import java.beans.PropertyVetoException;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * c3p0, set up as its documentation's first example shows: a {@code ComboPooledDataSource} given the
 * driver class and URL. Its helper threads open the physical connections through c3p0's own
 * {@code DriverManagerDataSource}. The pooled {@code NewPooledConnection} keeps the proxy it handed
 * out ({@code exposedProxy}) until it is returned, so a dropped connection is never garbage-collected
 * while the pool lives; close() closes checked-out connections too ({@code resetPoolManager(true)}).
 */
final class C3p0Pool implements Pool {
  private final ComboPooledDataSource dataSource;

  private C3p0Pool(ComboPooledDataSource dataSource) {
    this.dataSource = dataSource;
  }

  static Pool open(PoolSettings settings) throws SQLException {
    ComboPooledDataSource dataSource = new ComboPooledDataSource();
    try {
      dataSource.setDriverClass(settings.driverClassName());
    } catch (PropertyVetoException e) {
      throw new SQLException("c3p0 refused the driver class", e);
    }
    dataSource.setJdbcUrl(settings.url());
    if (settings.name() != null) {
      dataSource.setDataSourceName(settings.name());
    }
    dataSource.setMaxPoolSize(settings.maxSize());
    if (settings.borrowTimeoutMillis() > 0) {
      // its defaults (initial and minimum 3) exceed the small maximum; checkoutTimeout 0 waits for ever
      dataSource.setInitialPoolSize(Math.min(3, settings.maxSize()));
      dataSource.setMinPoolSize(Math.min(3, settings.maxSize()));
      dataSource.setCheckoutTimeout(settings.borrowTimeoutMillis());
    }
    if (settings.abandonedRemoval()) {
      // c3p0 checks for overdue connections at a period derived from this timeout
      dataSource.setUnreturnedConnectionTimeout(PoolSettings.ABANDONED_TIMEOUT_SECONDS);
    }
    return new C3p0Pool(dataSource);
  }

  @Override
  public DataSource dataSource() {
    return dataSource;
  }

  /** The pool counts no busy connection: the overdue one was removed. */
  @Override
  public boolean reclaimedAbandoned() throws SQLException {
    return dataSource.getNumBusyConnectionsDefaultUser() == 0;
  }

  /** BasicResourcePool.removeResource destroys an overdue resource: NewPooledConnection closes it, on a helper thread. */
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
    return Ending.CLOSED;
  }
}
