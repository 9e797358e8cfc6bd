package io.connlens.bench;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.connlens.api.ConnlensMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;

/**
 * The pools {@link PoolBenchmark#borrowReturnPerPool} borrows from and returns to, each opened on the same
 * JDBC URL with a fixed size (initial = minimum = maximum) and otherwise the pool's own defaults, as an
 * application that only sets a URL and a size would run it; c3p0 also checks connections in on the
 * returning thread (see {@link #open}).
 */
final class Pools {
  /** The pool names of {@code @Param("pool")}, in table order. */
  static final List<String> NAMES = List.of("hikari", "dbcp2", "tomcat-jdbc", "c3p0", "agroal", "vibur");

  /**
   * System property naming a file: when set (BenchRunner sets it in the forks of the variants that load
   * connlens), {@link #recordLeaseTracking} appends a line to it for the pool.
   */
  static final String LEASE_CHECK_PROPERTY = "bench.connlens.leaseCheck";

  /** connlens's MBean (io.connlens.api.ConnlensMXBean, not on this class path). */
  private static final String CONNLENS_MBEAN = ConnlensMXBean.OBJECT_NAME;

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
        // the one departure from a pool's defaults: c3p0 otherwise hands every check-in to a helper thread
        // (BasicResourcePool.checkinResource), and a borrow waits once the 8 connections are all queued for
        // check-in, so one benchmark thread would measure the hand-off and the scheduler more than the pool
        c3p0.setForceSynchronousCheckins(true);
        opened = new Opened(c3p0, c3p0::close);
      }
      case "agroal" -> {
        AgroalDataSource agroal = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
            .connectionPoolConfiguration(pool -> pool.initialSize(size).minSize(size).maxSize(size)
                .connectionFactoryConfiguration(factory -> factory.jdbcUrl(url))));
        opened = new Opened(agroal, agroal);
      }
      case "vibur" -> {
        org.vibur.dbcp.ViburDBCPDataSource vibur = new org.vibur.dbcp.ViburDBCPDataSource();
        vibur.setName(name);
        vibur.setJdbcUrl(url);
        vibur.setUsername(""); // Vibur hands both to the driver and requires them; H2's in-memory user is empty
        vibur.setPassword("");
        vibur.setPoolInitialSize(size);
        vibur.setPoolMaxSize(size);
        vibur.start();
        opened = new Opened(vibur, vibur::close);
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
   * Appends {@code <pool>\t<leases>} to {@code file}: how many more leases connlens counts as open while one
   * connection of the pool is held, 1 when it tracks the pool's leases, 0 when it does not (then what it adds
   * to the pool is not the cost of tracking a lease). Reads connlens's MBean, which the agent registers off
   * its start-up path: waits up to 10 s for it.
   */
  static void recordLeaseTracking(String name, DataSource dataSource, Path file)
      throws SQLException, JMException, InterruptedException, IOException {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName agent = new ObjectName(CONNLENS_MBEAN);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!server.isRegistered(agent)) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("no " + CONNLENS_MBEAN + " MBean 10 s after start: is connlens loaded?");
      }
      Thread.sleep(10);
    }
    long before = (Long) server.getAttribute(agent, ConnlensMXBean.OPEN_LEASES);
    Connection c = dataSource.getConnection();
    long held;
    try {
      held = (Long) server.getAttribute(agent, ConnlensMXBean.OPEN_LEASES);
    } finally {
      c.close();
    }
    Files.writeString(file, name + "\t" + (held - before) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /**
   * Appends {@code <when>\t<while leased>\t<after close>} to {@code file}: the application_name that
   * {@code pg_stat_activity} shows for the backend of one connection of {@code dataSource} while it is held,
   * and after it is closed, as another session (a responder's) sees it. Under {@code tag.application_name}
   * the first names the acquire site and the second is the value set back; otherwise both are the driver's.
   */
  static void recordApplicationName(String when, DataSource dataSource, String url, Path file)
      throws SQLException, IOException {
    String whileLeased;
    String afterClose;
    try (Connection observer = DriverManager.getConnection(url);
        PreparedStatement activity = observer.prepareStatement(
            "SELECT application_name FROM pg_stat_activity WHERE pid = ?")) {
      int pid;
      try (Connection c = dataSource.getConnection()) {
        pid = singleInt(c, "SELECT pg_backend_pid()");
        activity.setInt(1, pid);
        whileLeased = singleString(activity);
      }
      afterClose = singleString(activity);
    }
    Files.writeString(file, when + "\t" + whileLeased + "\t" + afterClose + "\n",
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static int singleInt(Connection c, String query) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static String singleString(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : "(no backend)";
    }
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
