package io.connlens.testapp.pools;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Agroal, set up as its documentation's first example shows: {@code AgroalDataSource.from} a
 * configuration supplier. It has no pool name and no abandoned-connection removal (its leak timeout
 * only reports). Each borrow gets a new {@code ConnectionWrapper} that the {@code ConnectionHandler}
 * keeps only while it is enlisted in a transaction (a dropped one can be garbage-collected); close()
 * destroys every connection, checked-out ones too ({@code ConnectionPool.close}).
 */
final class AgroalPool implements Pool {
  private final AgroalDataSource dataSource;

  private AgroalPool(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  static Pool open(PoolSettings settings) throws SQLException {
    AgroalDataSourceConfigurationSupplier configuration = new AgroalDataSourceConfigurationSupplier()
        .connectionPoolConfiguration(pool -> pool
            .maxSize(settings.maxSize())
            // zero, its default, waits for ever
            .acquisitionTimeout(Duration.ofMillis(settings.borrowTimeoutMillis()))
            .connectionFactoryConfiguration(factory -> factory.jdbcUrl(settings.url())));
    return new AgroalPool(AgroalDataSource.from(configuration));
  }

  @Override
  public DataSource dataSource() {
    return dataSource;
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
