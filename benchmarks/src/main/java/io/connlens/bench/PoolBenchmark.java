package io.connlens.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JDBC operations whose cost the agent adds to: HikariCP 7 over H2 in memory, one thread, and borrow +
 * return through each of five pools ({@link #borrowReturnPerPool}). Abstract:
 * each variant (no agent, connlens, HikariCP's leak detection, the OpenTelemetry agent) is a subclass, so
 * the results name the variant. The JVM arguments of a variant are declared once, in {@link Variant}, and
 * given to the fork by {@link BenchRunner}; they cannot live in {@code @Fork} because an agent's path is
 * only known when the benchmarks run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class PoolBenchmark {

  /** The H2 database every operation uses; kept alive between connections by DB_CLOSE_DELAY=-1. */
  static final String H2_URL = "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1";

  /**
   * Frames the deep-stack operations add below the benchmark method. With JMH's own frames (about ten
   * below the benchmark method) the pool is called about 120 frames deep, as from a Spring application.
   */
  static final int DEEP_STACK_FRAMES = 110;

  /** System property with HikariCP's leakDetectionThreshold in milliseconds; 0 (unset) disables it. */
  static final String LEAK_DETECTION_PROPERTY = "bench.hikari.leakDetectionThreshold";

  /** Connections in each pool of {@link #borrowReturnPerPool}. */
  static final int PER_POOL_SIZE = 8;

  private static final String QUERY = "SELECT v FROM bench WHERE id = ?";

  /** Connections in the PostgreSQL pool of {@link #postgresBorrowQueryReturn}. */
  static final int POSTGRES_POOL_SIZE = 4;

  /**
   * System property with the PostgreSQL JDBC URL of {@link #postgresBorrowQueryReturn} (BenchRunner sets it);
   * unset: {@code CONNLENS_TEST_PG_URL}, else the integration tests' default.
   */
  static final String POSTGRES_URL_PROPERTY = "bench.postgres.url";

  /**
   * System property naming a file: when set (BenchRunner sets it in every fork of the application-name run),
   * {@link PostgresPool} appends what {@code pg_stat_activity} showed as the application_name of a connection
   * while leased and after close, at setup and at tear-down ({@link Pools#recordApplicationName}).
   */
  static final String APPLICATION_NAME_CHECK_PROPERTY = "bench.applicationName.check";

  /** The pool, shared by every benchmark thread. */
  @State(Scope.Benchmark)
  public static class Pool {
    HikariDataSource dataSource;
    // fields, not constants, so the JIT cannot fold the call depth away
    int shallowDepth = 0;
    int deepDepth = DEEP_STACK_FRAMES;

    @Setup(Level.Trial)
    public void open() throws SQLException {
      dataSource = new HikariDataSource(Pools.hikariConfig("bench", H2_URL, 4));
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS bench (id INT PRIMARY KEY, v INT)");
        s.execute("MERGE INTO bench KEY (id) VALUES (1, 42)");
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      dataSource.close();
    }
  }

  /**
   * One of {@link Pools#NAMES} over the same H2 database, {@link #PER_POOL_SIZE} connections, for
   * {@link #borrowReturnPerPool}. JMH runs each value of {@code pool} in a fork of its own.
   */
  @State(Scope.Benchmark)
  public static class AnyPool {
    // Pools.NAMES, which an annotation cannot name; Pools.open refuses any other
    @Param({"hikari", "dbcp2", "tomcat-jdbc", "c3p0", "agroal", "vibur"})
    String pool;
    DataSource dataSource;
    // a field, as in Pool: the same call as borrowReturn's
    int shallowDepth = 0;
    private AutoCloseable closer;

    @Setup(Level.Trial)
    public void open() throws Exception {
      Pools.Opened opened = Pools.open(pool, H2_URL, PER_POOL_SIZE);
      dataSource = opened.dataSource();
      closer = opened.closer();
      String leaseCheck = System.getProperty(Pools.LEASE_CHECK_PROPERTY);
      if (leaseCheck != null) {
        Pools.recordLeaseTracking(pool, dataSource, Path.of(leaseCheck));
      }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      closer.close();
    }
  }

  /**
   * HikariCP over the real PostgreSQL, {@link #POSTGRES_POOL_SIZE} connections, all open before the first
   * iteration, for {@link #postgresBorrowQueryReturn}.
   */
  @State(Scope.Benchmark)
  public static class PostgresPool {
    DataSource dataSource;
    private String url;
    private AutoCloseable closer;

    @Setup(Level.Trial)
    public void open() throws Exception {
      url = System.getProperty(POSTGRES_URL_PROPERTY, EndToEnd.postgresUrl());
      Pools.Opened opened = Pools.open("hikari", url, POSTGRES_POOL_SIZE);
      dataSource = opened.dataSource();
      closer = opened.closer();
      recordApplicationName("setup");
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      try {
        recordApplicationName("tear-down");
      } finally {
        closer.close();
      }
    }

    private void recordApplicationName(String when) throws Exception {
      String check = System.getProperty(APPLICATION_NAME_CHECK_PROPERTY);
      if (check != null) {
        Pools.recordApplicationName(when, dataSource, url, Path.of(check));
      }
    }
  }

  /** A connection and a prepared statement held for the whole trial, one per benchmark thread. */
  @State(Scope.Thread)
  public static class HeldStatement {
    Connection connection;
    PreparedStatement statement;

    @Setup(Level.Trial)
    public void open(Pool pool) throws SQLException {
      connection = pool.dataSource.getConnection();
      statement = connection.prepareStatement(QUERY);
      statement.setInt(1, 1);
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
      statement.close();
      connection.close();
    }
  }

  /** Borrow a connection from the pool and give it back, on a shallow stack. */
  @Benchmark
  public Connection borrowReturn(Pool pool) throws SQLException {
    return borrowReturnAt(pool.dataSource, pool.shallowDepth);
  }

  /**
   * {@link #borrowReturn} through each pool of {@link AnyPool}: {@code getConnection()} + {@code close()},
   * the closed connection returned, as HikariCP's own benchmark ({@code ConnectionBench.cycleCnnection}) does.
   * Not one of {@link BenchRunner#OPERATIONS}: {@code scripts/bench.sh pools} runs it.
   */
  @Benchmark
  public Connection borrowReturnPerPool(AnyPool pool) throws SQLException {
    return borrowReturnAt(pool.dataSource, pool.shallowDepth);
  }

  /** Borrow and give back, {@link #DEEP_STACK_FRAMES} frames deeper: what a stack capture costs grows with depth. */
  @Benchmark
  public Connection borrowReturnDeepStack(Pool pool) throws SQLException {
    return borrowReturnAt(pool.dataSource, pool.deepDepth);
  }

  /** Borrow, prepare a query, run it, read its one row, give the connection back. */
  @Benchmark
  public int borrowQueryReturn(Pool pool) throws SQLException {
    try (Connection c = pool.dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(QUERY)) {
      ps.setInt(1, 1);
      return readOne(ps);
    }
  }

  /**
   * The shape of a request on PostgreSQL: borrow from {@link PostgresPool}, prepare {@code SELECT 1}, run it,
   * read the row, close all. Not one of {@link BenchRunner#OPERATIONS}: {@code scripts/bench.sh appname} runs
   * it, to measure {@code tag.application_name} (a {@code SET application_name} round trip at the borrow and
   * one at close) against the same request without it.
   */
  @Benchmark
  public int postgresBorrowQueryReturn(PostgresPool pool) throws SQLException {
    try (Connection c = pool.dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1")) {
      return readOne(ps);
    }
  }

  /**
   * {@link #borrowQueryReturn} inside a request's span, as a web framework's instrumentation makes one:
   * under the OpenTelemetry agent the lease span (connlens) and the statement span (the agent) are its
   * children. The span comes from the application's API; without an agent it is a no-op.
   */
  @Benchmark
  public int borrowQueryReturnInRequest(Pool pool) throws SQLException {
    Span request = REQUESTS.spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER).startSpan();
    try (io.opentelemetry.context.Scope ignored = request.makeCurrent()) {
      return borrowQueryReturn(pool);
    } finally {
      request.end();
    }
  }

  /** The application's tracer: the OpenTelemetry agent's when it runs, else the API's no-op. */
  private static final Tracer REQUESTS = GlobalOpenTelemetry.getTracer("io.connlens.bench");

  /** Run a prepared query on a connection held all along, and read its one row: the per-statement cost. */
  @Benchmark
  public int preparedStatementOnHeldConnection(HeldStatement held) throws SQLException {
    return readOne(held.statement);
  }

  /** Open a connection without a pool and close it. */
  @Benchmark
  public Connection driverManagerConnectClose() throws SQLException {
    Connection c = DriverManager.getConnection(H2_URL);
    c.close();
    return c;
  }

  /**
   * Both borrow-and-return operations come through here, at depth 0 or {@link #DEEP_STACK_FRAMES}, so
   * they differ only in the depth of the stack. Returns the closed connection so the work is not eliminated.
   */
  static Connection borrowReturnAt(DataSource dataSource, int depth) throws SQLException {
    if (depth > 0) {
      return borrowReturnAt(dataSource, depth - 1);
    }
    Connection c = dataSource.getConnection();
    c.close();
    return c;
  }

  private static int readOne(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
