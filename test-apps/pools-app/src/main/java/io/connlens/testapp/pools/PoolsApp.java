package io.connlens.testapp.pools;

import io.connlens.testapp.support.AgentProbe;
import io.connlens.testapp.support.ConnectionHandoff;
import io.connlens.testapp.support.OrdersTable;
import io.connlens.testapp.support.ScenarioConsole;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * An application on the connection pool named on its command line, with one scenario per way of
 * handling a pooled connection: {@code java io.connlens.testapp.pools.PoolsApp POOL SCENARIO JDBC_URL}.
 * Pools with a name property are named {@value #POOL_NAME} (but in {@code correct-unnamed}); the
 * others have none.
 *
 * <p>Each leak happens in its own method, and the line that takes the connection carries an
 * {@code // ACQUIRE:<name>} comment: the integration tests look that line up to know the acquire
 * site the agent must name.
 */
public final class PoolsApp {
  /** The name of every pool that has a name property. */
  public static final String POOL_NAME = "orders-pool";

  private static final List<String> SCENARIOS = List.of("correct", "correct-unnamed", "exception-path",
      "dropped-reference", "nplusone", "invalidate", "abandoned", "shutdown-leak", "exhausted", "saturated",
      "server-limit");
  /** The scenarios with a short borrow timeout and no table; all but server-limit on a pool of {@value PoolSettings#SMALL_MAX_SIZE}. */
  private static final List<String> EXHAUSTION_SCENARIOS = List.of("exhausted", "saturated", "server-limit");
  private static final int BORROWS = 50;
  /** invalidate: borrows each given back through the pool's invalidate, far more than the pool's size. */
  private static final int INVALIDATED_BORROWS = 100;
  /** nplusone: order lines read one by one, past the agent's default nplusone.threshold of 5. */
  private static final int LINES = 10;
  private static final long POLL_MILLIS = 20;

  /** The connection the abandoned and shutdown-leak scenarios take and keep: referenced, never closed. */
  private static Connection keptConnection;

  private final PoolKind kind;
  private final Pool pool;
  private final DataSource dataSource;
  private final AgentProbe agent = new AgentProbe();

  private PoolsApp(PoolKind kind, Pool pool) {
    this.kind = kind;
    this.pool = pool;
    this.dataSource = pool.dataSource();
  }

  /** Runs {@code args[1]} (a scenario) on the pool {@code args[0]} against {@code args[2]} (a JDBC URL). */
  public static void main(String[] args) throws Exception {
    PoolKind kind = args.length == 3 ? PoolKind.of(args[0]) : null;
    String scenario = args.length == 3 ? args[1] : null;
    if (kind == null || !SCENARIOS.contains(scenario)) {
      usage(args.length == 0 ? "no pool given" : kind == null ? "unknown pool or missing arguments" : "unknown scenario");
    }
    String unsupported = unsupported(kind, scenario);
    if (unsupported != null) {
      usage(unsupported);
    }
    // the pools' INFO lines would bury the agent's console warnings
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    String name = kind.named() && !scenario.equals("correct-unnamed") ? POOL_NAME : null;
    if (scenario.equals("server-limit")) {
      // before the pool exists: the server's slots are the application's own connections
      serverLimitDirect(args[2]);
    }
    boolean exhaustion = EXHAUSTION_SCENARIOS.contains(scenario);
    // server-limit: a pool larger than the server lets this user be, so that it tries to grow and is refused
    int maxSize = !exhaustion ? PoolSettings.MAX_SIZE
        : scenario.equals("server-limit") ? PoolSettings.MAX_SIZE : PoolSettings.SMALL_MAX_SIZE;
    PoolsApp app = new PoolsApp(kind, kind.open(new PoolSettings(args[2], name, scenario.equals("abandoned"), maxSize,
        exhaustion ? PoolSettings.BORROW_TIMEOUT_MILLIS : 0)));
    if (!exhaustion) {
      app.createTable();
    }
    switch (scenario) {
      case "correct":
      case "correct-unnamed":
        app.runCorrectCode();
        app.pool.close();
        break;
      case "exception-path":
        app.exceptionPath();
        break;
      case "dropped-reference":
        app.droppedReference();
        break;
      case "nplusone":
        System.out.println("nplusone: read " + app.readLinesOneByOne().size() + " order lines");
        app.pool.close();
        break;
      case "invalidate":
        app.invalidateEveryBorrow();
        app.pool.close();
        break;
      case "abandoned":
        app.abandoned();
        app.pool.close();
        break;
      case "shutdown-leak":
        app.shutdownLeak();
        break;
      case "exhausted":
      case "server-limit":
        app.exhausted();
        app.pool.close();
        break;
      case "saturated":
        app.saturated();
        app.pool.close();
        break;
      default:
        throw new AssertionError(scenario);
    }
    ScenarioConsole.done(scenario);
  }

  /**
   * The pool exhausted: a worker pins every connection and holds it, then a borrow on this thread
   * times out, and the application catches that as applications do. On a server that allows this user
   * only as many connections as are pinned (server-limit), the pool cannot grow either.
   */
  private void exhausted() throws Exception {
    try (PinnedConnections pinned = new PinnedConnections()) {
      try {
        borrowOneMore().close();
        throw new IllegalStateException("the borrow from a full pool did not fail");
      } catch (SQLException expected) {
        System.out.println("exhausted: the borrow failed as intended: " + expected);
      }
    }
  }

  /** The pool at its maximum until the agent reports its saturation. */
  private void saturated() throws Exception {
    long before = agent.occurrences("POOL_SATURATION");
    try (PinnedConnections pinned = new PinnedConnections()) {
      agent.awaitOrExit("POOL_SATURATION", before + 1);
      System.out.println("saturated: the agent reported the pool's saturation");
    }
  }

  /** The borrow that finds the pool full. */
  private Connection borrowOneMore() throws SQLException {
    return dataSource.getConnection(); // ACQUIRE:exhausted-borrow
  }

  /** Every connection of the pool, taken and held by the thread {@code pinning-worker} until closed. */
  private final class PinnedConnections implements AutoCloseable {
    private final java.util.concurrent.CountDownLatch pinned = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    private final Thread worker;
    private volatile Exception failure;

    PinnedConnections() throws Exception {
      worker = new Thread(() -> {
        try {
          pinConnections(pinned, release);
        } catch (Exception e) {
          failure = e;
          pinned.countDown();
        }
      }, "pinning-worker");
      worker.start();
      pinned.await();
      if (failure != null) {
        throw failure;
      }
    }

    @Override
    public void close() throws InterruptedException {
      release.countDown();
      worker.join();
    }
  }

  /** The bug under study: takes every connection of the pool and holds them while it waits. */
  private void pinConnections(java.util.concurrent.CountDownLatch pinned, java.util.concurrent.CountDownLatch release)
      throws SQLException, InterruptedException {
    List<Connection> held = new ArrayList<>();
    try {
      for (int i = 0; i < PoolSettings.SMALL_MAX_SIZE; i++) {
        held.add(dataSource.getConnection()); // ACQUIRE:pinned
      }
      pinned.countDown();
      release.await();
    } finally {
      for (Connection connection : held) {
        connection.close();
      }
    }
  }

  /**
   * Without a pool: connections to a server that allows this user {@value PoolSettings#SMALL_MAX_SIZE},
   * all taken, then one more, which the server refuses; the application catches that.
   */
  private static void serverLimitDirect(String url) throws SQLException {
    List<Connection> direct = holdDirectConnections(url);
    try {
      connectOneMoreDirectly(url).close();
      throw new IllegalStateException("the server accepted a connection past its limit");
    } catch (SQLException expected) {
      System.out.println("server-limit: the server refused the direct connection as intended: SQLState "
          + expected.getSQLState() + ", error " + expected.getErrorCode());
    } finally {
      for (Connection connection : direct) {
        connection.close();
      }
    }
  }

  private static List<Connection> holdDirectConnections(String url) throws SQLException {
    List<Connection> direct = new ArrayList<>();
    for (int i = 0; i < PoolSettings.SMALL_MAX_SIZE; i++) {
      direct.add(java.sql.DriverManager.getConnection(url)); // ACQUIRE:direct-held
    }
    return direct;
  }

  private static Connection connectOneMoreDirectly(String url) throws SQLException {
    return java.sql.DriverManager.getConnection(url); // ACQUIRE:direct-refused
  }

  /** Why {@code kind} cannot run {@code scenario}, or null when it can. */
  private static String unsupported(PoolKind kind, String scenario) {
    switch (scenario) {
      case "correct-unnamed":
        return kind.named() ? null : kind + " has no pool name to leave unset: scenario correct-unnamed runs on "
            + kinds(PoolKind::named);
      case "invalidate":
        return kind.invalidates() ? null : kind + " has no documented way to invalidate a borrowed connection:"
            + " scenario invalidate runs on " + kinds(PoolKind::invalidates);
      case "abandoned":
        return kind.removesAbandoned() ? null : kind + " has no abandoned-connection removal:"
            + " scenario abandoned runs on " + kinds(PoolKind::removesAbandoned);
      default:
        return null;
    }
  }

  private static String kinds(java.util.function.Predicate<PoolKind> offering) {
    return Arrays.stream(PoolKind.values()).filter(offering).map(PoolKind::argument).collect(Collectors.joining(", "));
  }

  private static void usage(String problem) {
    ScenarioConsole.usage(PoolsApp.class.getName(), "POOL SCENARIO JDBC_URL", SCENARIOS, problem + "\npools: "
        + kinds(kind -> true));
  }

  private void createTable() throws SQLException {
    try (Connection connection = dataSource.getConnection()) { // ACQUIRE:set-up
      OrdersTable.create(connection);
    }
  }

  /** Every way of giving a connection back that is correct: none of them is a finding. */
  private void runCorrectCode() throws Exception {
    borrowAndReturn();
    closeOnAnotherThread();
    borrowOnExecutor();
  }

  private void borrowAndReturn() throws SQLException {
    for (int i = 0; i < BORROWS; i++) {
      try (Connection connection = dataSource.getConnection()) {
        OrdersTable.count(connection);
      }
    }
  }

  /** Borrowed on main, handed to another thread that closes it. */
  private void closeOnAnotherThread() throws Exception {
    Connection connection = dataSource.getConnection();
    OrdersTable.count(connection);
    ConnectionHandoff.closeOnAnotherThread(connection);
  }

  /** A task on an executor that borrows and closes. */
  private void borrowOnExecutor() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "report-worker-1"));
    try {
      executor.submit(() -> {
        try (Connection connection = dataSource.getConnection()) {
          return OrdersTable.count(connection);
        }
      }).get();
    } finally {
      executor.shutdown();
    }
  }

  private void exceptionPath() {
    long before = agent.occurrences("LEAK_UNCLOSED");
    try {
      leakOnExceptionPath();
      throw new IllegalStateException("the bad query did not fail");
    } catch (SQLException expected) {
      System.out.println("exception-path: the query failed as intended (SQLState "
          + expected.getSQLState() + "), the connection was left behind");
    }
    awaitCollected(before);
  }

  /** The bug: the query fails, the exception escapes, and nobody closes the connection. */
  private void leakOnExceptionPath() throws SQLException {
    Connection connection = dataSource.getConnection(); // ACQUIRE:exception-path
    Statement statement = connection.createStatement();
    statement.executeQuery(OrdersTable.BAD_QUERY);
    connection.close(); // never reached
  }

  private void droppedReference() throws SQLException {
    long before = agent.occurrences("LEAK_UNCLOSED");
    forgetToClose();
    awaitCollected(before);
  }

  /** The bug: borrows, uses, returns without closing; the reference is dropped. */
  private void forgetToClose() throws SQLException {
    Connection connection = dataSource.getConnection(); // ACQUIRE:dropped-reference
    OrdersTable.count(connection);
  }

  /**
   * Waits until the agent reports the dropped connection garbage-collected, where the pool lets it
   * be; a pool that keeps what it handed out keeps it checked out and reachable until the JVM exits.
   */
  private void awaitCollected(long leaksBefore) {
    if (kind.keepsHandedOutConnection()) {
      System.out.println(kind + " keeps the connection it handed out: it is never garbage-collected,"
          + " and is still checked out at exit");
      return;
    }
    agent.awaitOrExit("LEAK_UNCLOSED", leaksBefore + 1, System::gc);
  }

  /** The bug: the ids of the order lines, then one query per line, all on one borrowed connection. */
  private List<String> readLinesOneByOne() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      createLines(connection);
      List<Integer> ids = new ArrayList<>();
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT id FROM connlens_lines ORDER BY id")) {
        while (rows.next()) {
          ids.add(rows.getInt(1));
        }
      }
      List<String> items = new ArrayList<>();
      for (int id : ids) {
        try (PreparedStatement byId = connection.prepareStatement("SELECT item FROM connlens_lines WHERE id = ?")) {
          byId.setInt(1, id);
          try (ResultSet row = byId.executeQuery()) { // N+1:pools-loop
            row.next();
            items.add(row.getString(1));
          }
        }
      }
      return items;
    }
  }

  /**
   * A table of the connection's own (temporary, gone with its physical connection), filled in one
   * batch: runs at once against one PostgreSQL database do not see each other's rows.
   */
  private static void createLines(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE LOCAL TEMPORARY TABLE connlens_lines (id INT PRIMARY KEY, item VARCHAR(40))");
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO connlens_lines (id, item) VALUES (?, ?)")) {
      for (int id = 1; id <= LINES; id++) {
        insert.setInt(1, id);
        insert.setString(2, "item-" + id);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /**
   * Correct code per the pool's documentation: a connection found unusable is invalidated through the
   * pool, not closed, and the pool replaces it. {@value #INVALIDATED_BORROWS} times, so a pool that
   * did not take the connections back would run out long before.
   */
  private void invalidateEveryBorrow() throws SQLException {
    for (int i = 0; i < INVALIDATED_BORROWS; i++) {
      Connection connection = dataSource.getConnection();
      OrdersTable.count(connection);
      pool.invalidate(connection);
    }
    System.out.println("invalidate: " + INVALIDATED_BORROWS + " borrows, each invalidated through " + kind);
  }

  /**
   * A leaked connection that the pool's abandoned-connection removal takes back. It stays referenced,
   * so it is the pool that ends it, not the garbage collector.
   */
  private void abandoned() throws SQLException {
    keepUntilThePoolTakesItBack();
    Connection physical = PhysicalConnection.of(keptConnection);
    Pool.Ending ending = pool.atAbandonedRemoval();
    // the counters move before the physical connection is closed (c3p0 closes it on a helper thread):
    // where the pool closes it, both must have happened before the scenario goes on. An abort (DBCP2)
    // runs at once on the evictor thread, which the pool's close() at the end waits for.
    awaitOrExit("the pool's abandoned-connection removal to take back the leaked connection", () -> {
      try {
        return pool.reclaimedAbandoned() && (ending != Pool.Ending.CLOSED || physical.isClosed());
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    System.out.println("abandoned: " + kind + " took back the leaked connection and " + ending.description());
  }

  /** The bug: takes a connection and keeps it, never closed. */
  private void keepUntilThePoolTakesItBack() throws SQLException {
    keptConnection = dataSource.getConnection(); // ACQUIRE:abandoned
    OrdersTable.count(keptConnection);
  }

  /** The bug: takes a connection and keeps it, never closed, while the application shuts the pool down. */
  private void keepPastShutdown() throws SQLException {
    keptConnection = dataSource.getConnection(); // ACQUIRE:shutdown-leak
    OrdersTable.count(keptConnection);
  }

  /**
   * A leaked connection still checked out (and referenced) when the application closes the pool;
   * prints what the pool's close() did to it, and checks that against its physical connection.
   */
  private void shutdownLeak() throws Exception {
    keepPastShutdown();
    Connection physical = PhysicalConnection.of(keptConnection);
    pool.close();
    Pool.Ending expected = pool.atClose();
    if (expected == Pool.Ending.CLOSED) {
      awaitOrExit("the pool's close() to close the checked-out connection", () -> isClosed(physical));
    } else if (expected == Pool.Ending.LEFT_OPEN && isClosed(physical)) {
      System.err.println("shutdown-leak: " + kind + "'s close() was expected to leave the checked-out connection"
          + " open, but it is closed");
      System.exit(AgentProbe.AWAIT_FAILED_EXIT_STATUS);
    }
    // HikariCP aborts: whether that closes the physical connection is the driver's (H2 ignores abort)
    System.out.println("shutdown-leak: " + kind + "'s close() found the connection checked out and "
        + expected.description() + "; its physical connection is " + (isClosed(physical) ? "closed" : "open"));
  }

  private static boolean isClosed(Connection physical) {
    try {
      return physical.isClosed();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Polls {@code condition} every 20 ms until it holds; at {@link AgentProbe#defaultDeadline()} prints
   * {@code AWAIT FAILED} and exits with {@value AgentProbe#AWAIT_FAILED_EXIT_STATUS}, as AgentProbe does.
   */
  private static void awaitOrExit(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + AgentProbe.defaultDeadline().toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end >= 0) {
        System.err.println("AWAIT FAILED waiting for " + what + " (" + AgentProbe.defaultDeadline().getSeconds() + " s)");
        System.exit(AgentProbe.AWAIT_FAILED_EXIT_STATUS);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }
}
