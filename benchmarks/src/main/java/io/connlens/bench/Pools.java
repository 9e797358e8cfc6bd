package io.connlens.bench;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;

/**
 * The pools {@link PoolBenchmark#borrowReturnPerPool} borrows from and returns to, each opened on the same
 * JDBC URL with a fixed size (initial = minimum = maximum) and otherwise the pool's own defaults, as an
 * application that only sets a URL and a size would run it.
 */
final class Pools {
  /** The pool names of {@code @Param("pool")}, in table order. */
  static final List<String> NAMES = List.of("hikari", "dbcp2", "tomcat-jdbc", "c3p0", "agroal");

  /** An open pool, and how to close it (the pools share no closing interface). */
  record Opened(DataSource dataSource, AutoCloseable closer) {}

  private Pools() {}

  /**
   * Opens pool {@code name} of {@code size} connections to {@code url}, then borrows all of them at once
   * and returns them, so that every physical connection is open before the first measured borrow
   * (HikariCP and c3p0 fill themselves on background threads, DBCP2 on its first borrow).
   */
  static Opened open(String name, String url, int size) throws SQLException {
    Opened opened;
    switch (name) {
      case "hikari" -> {
        HikariDataSource hikari = new HikariDataSource(hikariConfig(name, url, size));
        opened = new Opened(hikari, hikari);
      }
      case "dbcp2" -> {
        BasicDataSource dbcp2 = new BasicDataSource();
        dbcp2.setUrl(url);
        dbcp2.setInitialSize(size);
        dbcp2.setMinIdle(size);
        dbcp2.setMaxIdle(size);
        dbcp2.setMaxTotal(size);
        opened = new Opened(dbcp2, dbcp2);
      }
      case "tomcat-jdbc" -> {
        PoolProperties properties = new PoolProperties();
        properties.setName(name);
        properties.setUrl(url);
        properties.setDriverClassName("org.h2.Driver");
        properties.setInitialSize(size);
        properties.setMinIdle(size);
        properties.setMaxIdle(size);
        properties.setMaxActive(size);
        org.apache.tomcat.jdbc.pool.DataSource tomcat = new org.apache.tomcat.jdbc.pool.DataSource(properties);
        opened = new Opened(tomcat, tomcat::close);
      }
      case "c3p0" -> {
        ComboPooledDataSource c3p0 = new ComboPooledDataSource();
        c3p0.setDataSourceName(name);
        c3p0.setJdbcUrl(url);
        c3p0.setInitialPoolSize(size);
        c3p0.setMinPoolSize(size);
        c3p0.setMaxPoolSize(size);
        opened = new Opened(c3p0, c3p0::close);
      }
      case "agroal" -> {
        AgroalDataSource agroal = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
            .connectionPoolConfiguration(pool -> pool.initialSize(size).minSize(size).maxSize(size)
                .connectionFactoryConfiguration(factory -> factory.jdbcUrl(url))));
        opened = new Opened(agroal, agroal);
      }
      default -> throw new IllegalArgumentException("unknown pool " + name + "; known: " + String.join(", ", NAMES));
    }
    Connection[] all = new Connection[size];
    for (int i = 0; i < size; i++) {
      all[i] = opened.dataSource().getConnection();
    }
    for (Connection c : all) {
      c.close();
    }
    return opened;
  }

  /**
   * HikariCP's configuration, with {@link PoolBenchmark#LEAK_DETECTION_PROPERTY} applied: the one place the
   * {@link Variant#HIKARI_LEAK_DETECTION} variant's argument takes effect.
   */
  static HikariConfig hikariConfig(String poolName, String url, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(poolName);
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    long leakDetection = Long.getLong(PoolBenchmark.LEAK_DETECTION_PROPERTY, 0L);
    if (leakDetection > 0) {
      config.setLeakDetectionThreshold(leakDetection);
    }
    return config;
  }
}
