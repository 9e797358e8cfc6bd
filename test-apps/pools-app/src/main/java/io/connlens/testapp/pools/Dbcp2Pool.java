package io.connlens.testapp.pools;

import java.sql.Connection;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * Apache Commons DBCP2, set up as its BasicDataSource example shows. It has no pool name. Each borrow
 * wraps the pooled {@code PoolableConnection} in a new {@code PoolGuardConnectionWrapper} the pool
 * does not keep (a dropped one can be garbage-collected); close() closes idle connections only and
 * leaves checked-out ones open (its javadoc says so); its abandoned-connection removal aborts them.
 */
final class Dbcp2Pool implements Pool {
  private final BasicDataSource dataSource;

  private Dbcp2Pool(BasicDataSource dataSource) {
    this.dataSource = dataSource;
  }

  static Pool open(PoolSettings settings) {
    BasicDataSource dataSource = new BasicDataSource();
    dataSource.setUrl(settings.url());
    dataSource.setMaxTotal(settings.maxSize());
    if (settings.borrowTimeoutMillis() > 0) {
      dataSource.setMaxWait(Duration.ofMillis(settings.borrowTimeoutMillis())); // by default it waits for ever
    }
    if (settings.abandonedRemoval()) {
      dataSource.setRemoveAbandonedOnMaintenance(true);
      dataSource.setRemoveAbandonedTimeout(Duration.ofSeconds(PoolSettings.ABANDONED_TIMEOUT_SECONDS));
      dataSource.setDurationBetweenEvictionRuns(Duration.ofMillis(PoolSettings.MAINTENANCE_MILLIS));
    }
    return new Dbcp2Pool(dataSource);
  }

  @Override
  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void invalidate(Connection connection) {
    dataSource.invalidateConnection(connection);
  }

  /**
   * The pool counts no connection checked out and has destroyed one: the evictor's abandoned check took
   * the leaked one back and its abort returned (Pool2 counts the destroy once the factory's
   * destroyObject, the abort, returned, while the active count drops before it).
   */
  @Override
  public boolean reclaimedAbandoned() {
    return dataSource.getNumActive() == 0 && destroyedCount() > 0;
  }

  /** Pool2's destroyed count; BasicDataSource exposes its pool only to subclasses. */
  private long destroyedCount() {
    try {
      java.lang.reflect.Method getPool = dataSource.getClass().getDeclaredMethod("getConnectionPool");
      getPool.setAccessible(true);
      Object pool = getPool.invoke(dataSource);
      return pool == null ? 0 : (Long) pool.getClass().getMethod("getDestroyedCount").invoke(pool);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read the pool's destroyed count", e);
    }
  }

  /** Pool2's removeAbandoned destroys it in DestroyMode.ABANDONED: PoolableConnectionFactory aborts it. */
  @Override
  public Ending atAbandonedRemoval() {
    return Ending.ABORTED;
  }

  @Override
  public void close() throws java.sql.SQLException {
    dataSource.close();
  }

  @Override
  public Ending atClose() {
    return Ending.LEFT_OPEN;
  }
}
