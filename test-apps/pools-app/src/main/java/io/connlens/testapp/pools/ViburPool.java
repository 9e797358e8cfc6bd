package io.connlens.testapp.pools;

import javax.sql.DataSource;
import org.vibur.dbcp.ViburDBCPDataSource;

/**
 * Vibur DBCP, set up as its README shows: a {@code ViburDBCPDataSource} with URL, user, password and
 * pool sizes, then {@code start()}. Each borrow gets a new JDK dynamic proxy over the pooled
 * connection that the pool does not keep; close() terminates the pool, leaving a connection still
 * taken open.
 */
final class ViburPool implements Pool {
  private final ViburDBCPDataSource dataSource;

  private ViburPool(ViburDBCPDataSource dataSource) {
    this.dataSource = dataSource;
  }

  static Pool open(PoolSettings settings) {
    ViburDBCPDataSource dataSource = new ViburDBCPDataSource();
    dataSource.setJdbcUrl(settings.url());
    // Vibur hands both to the driver and requires them; the test databases take the URL's user
    dataSource.setUsername(userOf(settings.url()));
    dataSource.setPassword("");
    if (settings.name() != null) {
      dataSource.setName(settings.name());
    }
    dataSource.setPoolInitialSize(1);
    dataSource.setPoolMaxSize(settings.maxSize());
    if (settings.borrowTimeoutMillis() > 0) {
      dataSource.setConnectionTimeoutInMs(settings.borrowTimeoutMillis());
    }
    dataSource.start();
    return new ViburPool(dataSource);
  }

  /** The {@code user} parameter of the URL's query, or the empty user (H2's in-memory database). */
  private static String userOf(String url) {
    int at = url.indexOf("user=");
    if (at < 0) {
      return "";
    }
    int end = url.indexOf('&', at);
    return url.substring(at + "user=".length(), end < 0 ? url.length() : end);
  }

  @Override
  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
  }

  /** Vibur's terminate closes its idle connections; one still taken stays open (seen by experiment). */
  @Override
  public Ending atClose() {
    return Ending.LEFT_OPEN;
  }
}
