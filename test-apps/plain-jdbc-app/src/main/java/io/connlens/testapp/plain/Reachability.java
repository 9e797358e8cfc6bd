package io.connlens.testapp.plain;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What the agent must let go of: threads that ran statements and ended (platform threads, and on Java
 * 21+ virtual threads, one per request), and class loaders whose JDBC classes it instrumented (a
 * redeployed application). Each scenario drops its references and reports, through weak references,
 * how many are still reachable after garbage collection.
 */
final class Reachability {
  /** Short-lived threads of each kind. */
  static final int THREADS = 2000;
  /** One thread in this many leaves its connection open, held by the application. */
  static final int KEEPS_ONE_IN = 10;
  /** Class loaders created and dropped. */
  static final int LOADERS = 20;
  private static final long DEADLINE_NANOS = 20_000_000_000L;

  /** Connections the application holds on purpose until exit. */
  private static final List<Connection> KEPT = new ArrayList<>();

  private Reachability() {}

  /** Runs {@link #THREADS} platform threads, and as many virtual ones where the JDK has them. */
  static void threads(String url) throws Exception {
    report("platform threads", runThreads(url, Reachability::startPlatform));
    Method startVirtual = virtualThreadStarter();
    if (startVirtual == null) {
      System.out.println("virtual threads: not available on Java " + Runtime.version().feature());
    } else {
      report("virtual threads", runThreads(url, task -> (Thread) startVirtual.invoke(null, task)));
    }
    System.out.println("connections kept open: " + KEPT.size());
  }

  /** Creates {@link #LOADERS} class loaders over the H2 jar, uses each once through its data source, and drops them. */
  static void classLoaders() throws Exception {
    URL h2Jar = org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation();
    List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
    for (int i = 0; i < LOADERS; i++) {
      URLClassLoader loader = new URLClassLoader(new URL[] {h2Jar}, ClassLoader.getPlatformClassLoader());
      DataSource dataSource = (DataSource) loader.loadClass("org.h2.jdbcx.JdbcDataSource").getConstructor().newInstance();
      // DB_CLOSE_ON_EXIT=FALSE: H2 would register a shutdown hook per database, keeping its loader
      dataSource.getClass().getMethod("setURL", String.class)
          .invoke(dataSource, "jdbc:h2:mem:churn" + i + ";DB_CLOSE_ON_EXIT=FALSE");
      try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
        for (int k = 0; k < 3; k++) {
          try (ResultSet rows = statement.executeQuery("SELECT " + k)) {
            rows.next();
          }
        }
      }
      // loading org.h2.Driver registered it with DriverManager, which would keep the loader: as a
      // redeployed application does, deregister it, from a class of that loader
      loader.loadClass("org.h2.Driver").getMethod("unload").invoke(null);
      loader.close();
      loaders.add(new WeakReference<>(loader));
    }
    // a statement in this loader, so the thread's last run is not about the dropped ones
    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:after-churn");
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
    }
    report("class loaders", loaders);
  }

  private interface Starter {
    Thread start(Runnable task) throws Exception;
  }

  private static List<WeakReference<Thread>> runThreads(String url, Starter starter) throws Exception {
    List<WeakReference<Thread>> threads = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      boolean keep = i % KEEPS_ONE_IN == 0;
      Thread t = starter.start(() -> {
        try {
          useConnection(url, keep);
        } catch (SQLException | RuntimeException e) {
          synchronized (failures) {
            failures.add(e);
          }
        }
      });
      t.join();
      threads.add(new WeakReference<>(t));
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(failures.size() + " threads failed", failures.get(0));
    }
    return threads;
  }

  private static void useConnection(String url, boolean keep) throws SQLException {
    Connection connection = DriverManager.getConnection(url); // ACQUIRE:short-lived-thread
    try (Statement statement = connection.createStatement()) {
      for (int k = 0; k < 3; k++) {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM connlens_orders")) {
          rows.next();
        }
      }
    }
    if (keep) {
      synchronized (KEPT) {
        KEPT.add(connection);
      }
    } else {
      connection.close();
    }
  }

  private static Thread startPlatform(Runnable task) {
    Thread t = new Thread(task);
    t.start();
    return t;
  }

  private static Method virtualThreadStarter() {
    try {
      return Thread.class.getMethod("startVirtualThread", Runnable.class);
    } catch (NoSuchMethodException beforeJava21) {
      return null;
    }
  }

  /** Collects until every reference is cleared or 20 s passed, then prints how many are left. */
  private static void report(String what, List<? extends WeakReference<?>> references) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE_NANOS;
    long alive = alive(references);
    while (alive > 0 && System.nanoTime() - end < 0) {
      System.gc();
      Thread.sleep(20);
      alive = alive(references);
    }
    System.out.println(what + " still reachable: " + alive + " of " + references.size());
  }

  private static long alive(List<? extends WeakReference<?>> references) {
    return references.stream().filter(r -> r.get() != null).count();
  }
}
