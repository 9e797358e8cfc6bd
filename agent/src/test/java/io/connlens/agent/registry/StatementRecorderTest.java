package io.connlens.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.modules.Modules;
import io.connlens.agent.pool.PoolSupports;
import io.connlens.agent.sql.SqlFingerprintCache;
import io.connlens.agent.testing.Collected;
import io.connlens.agent.testing.Frames;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementRecorderTest {
  private static final String ORDERS = "select * from orders where status = 'open'";
  private static final String CUSTOMER = "select * from customer where id = ?";
  private static final String INSERT = "insert into audit (id, what) values (?, ?)";

  private final LeaseRegistry registry =
      new LeaseRegistry(new SiteCapture(SiteCapture.Mode.ALL, 1), Frames.STACK_FRAMES, Modules.pools(), System::currentTimeMillis);
  private final List<QueryBurst> bursts = new ArrayList<>();
  private final StatementRecorder recorder = recorderWithAutoCommit(Boolean.TRUE);

  private StatementRecorder recorderWithAutoCommit(Boolean autoCommit) {
    StatementRecorder r = new StatementRecorder(registry, new SqlFingerprintCache(), 5, Frames.STACK_FRAMES, statement -> autoCommit);
    r.addListener(bursts::add);
    return r;
  }

  private Object lease(Object connection) {
    registry.open(connection, DataSourceInfo.DRIVER_MANAGER, "jdbc:h2:mem:x", Thread.currentThread());
    return connection;
  }

  private Object prepared(StatementRecorder r, Object connection, String sql) {
    Object statement = new Object();
    r.created(connection, sql, statement);
    return statement;
  }

  @Test
  void aQueryRepeatedPastTheThresholdInATransactionIsOneBurstWithItsSource() {
    // given a transaction that loads orders, then each order's customer one by one
    Object connection = lease(new Object());
    recorder.transaction(connection, true, false);
    recorder.executed(prepared(recorder, connection, null), ORDERS, false);
    Object customer = prepared(recorder, connection, CUSTOMER);
    for (int i = 0; i < 12; i++) {
      recorder.executed(customer, null, false);
    }
    // when the transaction commits
    recorder.transaction(connection, false, false);
    // then
    assertThat(bursts).hasSize(1);
    QueryBurst burst = bursts.get(0);
    assertThat(burst.query().normalized()).isEqualTo(CUSTOMER);
    assertThat(burst.executions()).isEqualTo(12);
    assertThat(burst.previous().normalized()).isEqualTo("select * from orders where status = ?");
    assertThat(burst.site().isCaptured()).isTrue();
  }

  @Test
  void aLoopBelowTheThresholdIsNoBurst() {
    Object connection = lease(new Object());
    Object customer = prepared(recorder, connection, CUSTOMER);
    for (int i = 0; i < 4; i++) {
      recorder.executed(customer, null, false);
    }
    Lease lease = registry.leaseOf(connection);
    registry.close(connection);
    recorder.onClosed(lease, 0);
    recorder.endThreadRuns(System.nanoTime(), true);
    assertThat(bursts).isEmpty();
  }

  @Test
  void batchesNeverCount() {
    Object connection = lease(new Object());
    Object insert = prepared(recorder, connection, INSERT);
    for (int i = 0; i < 20; i++) {
      recorder.executed(insert, null, true);
    }
    Lease lease = registry.leaseOf(connection);
    recorder.onClosed(lease, 0);
    assertThat(bursts).isEmpty();
    assertThat(lease.statements()).isEqualTo(20);
  }

  @Test
  void aRunAcrossLeasesOnOneThreadIsABurstWhenItEnds() {
    // given the rows of one query, then one new connection per row, as JdbcTemplate does outside a transaction
    Object first = lease(new Object());
    recorder.executed(prepared(recorder, first, ORDERS), null, false);
    for (int i = 0; i < 7; i++) {
      Object connection = lease(new Object());
      recorder.executed(prepared(recorder, connection, CUSTOMER), null, false);
      Lease lease = registry.leaseOf(connection);
      registry.close(connection);
      recorder.onClosed(lease, 0);
    }
    assertThat(bursts).isEmpty();
    // when another query runs on the thread
    Object connection = lease(new Object());
    recorder.executed(prepared(recorder, connection, ORDERS), null, false);
    // then the run of 7 is one burst, spread over leases, after the orders query
    assertThat(bursts).hasSize(1);
    assertThat(bursts.get(0).executions()).isEqualTo(7);
    assertThat(bursts.get(0).isAcrossLeases()).isTrue();
    assertThat(bursts.get(0).previous().normalized()).isEqualTo("select * from orders where status = ?");
    // but the thread's query before a run may be another request's or test's: no rows are claimed
    assertThat(bursts.get(0).followsPrevious()).isFalse();
  }

  @Test
  void aRunEndsWhenTheLeasesComeFromAnotherPoolAndThenHasNoQueryBeforeIt() {
    // given two tests on one thread, each with its own pool, each running one query per new connection
    DataSourceInfo firstPool = DataSourceInfo.describe(new Object(), PoolSupports.NONE);
    DataSourceInfo secondPool = DataSourceInfo.describe(new Object(), PoolSupports.NONE);
    for (DataSourceInfo pool : List.of(firstPool, secondPool)) {
      for (int i = 0; i < 4; i++) {
        Object connection = new Object();
        registry.open(connection, pool, "jdbc:h2:mem:x", Thread.currentThread());
        recorder.executed(prepared(recorder, connection, CUSTOMER), null, false);
        Lease lease = registry.leaseOf(connection);
        registry.close(connection);
        recorder.onClosed(lease, 0);
      }
    }
    recorder.endThreadRuns(System.nanoTime(), true);
    // then neither run of 4 reaches the threshold of 5: the 8 executions are not summed into one finding
    assertThat(bursts).isEmpty();
  }

  @Test
  void twoQueriesAlternatingOnOneConnectionDoNotFollowEachOthersRows() {
    // given one connection running A then B in each of 6 iterations (DBCP2's suite does this)
    Object connection = lease(new Object());
    Object a = prepared(recorder, connection, ORDERS);
    Object b = prepared(recorder, connection, CUSTOMER);
    for (int i = 0; i < 6; i++) {
      recorder.executed(a, null, false);
      recorder.executed(b, null, false);
    }
    // when the lease ends
    Lease lease = registry.leaseOf(connection);
    registry.close(connection);
    recorder.onClosed(lease, 0);
    // then B's burst has A before it, but A ran as often: B did not walk A's rows
    QueryBurst customers = bursts.stream()
        .filter(burst -> burst.query().normalized().equals("select * from customer where id = ?")).findFirst().get();
    assertThat(customers.previous().normalized()).isEqualTo("select * from orders where status = ?");
    assertThat(customers.followsPrevious()).isFalse();
  }

  @Test
  void theLastStatementOfAnOpenTransactionIsKeptForTheIdleDetector() {
    StatementRecorder r = recorderWithAutoCommit(Boolean.FALSE);
    Object connection = lease(new Object());
    r.executed(prepared(r, connection, "update account set balance = 10 where id = 7"), null, false);
    Lease lease = registry.leaseOf(connection);
    assertThat(lease.inTransaction()).isTrue();
    assertThat(lease.lastSql()).isEqualTo("update account set balance = ? where id = ?");
    assertThat(lease.lastStatementSite().isCaptured()).isTrue();

    r.transaction(connection, false, false);
    assertThat(lease.inTransaction()).isFalse();
  }

  @Test
  void aUnitOfWorkCountsAtMostItsBoundOfDistinctQueriesAndCountsTheRestAsDropped() {
    // given one lease that runs 300 distinct queries (a script, or SQL built with its values inlined)
    Object connection = lease(new Object());
    int distinct = UnitOfWork.MAX_QUERIES + 44;
    for (int i = 0; i < distinct; i++) {
      recorder.executed(prepared(recorder, connection, null), "select c" + i + " from t", false);
    }
    // then the bound's worth are counted and each execution of the others is dropped
    assertThat(recorder.droppedUnitQueries()).isEqualTo(44);
    // and a query already counted still counts: its repeats make a burst at close
    for (int i = 0; i < 5; i++) {
      recorder.executed(prepared(recorder, connection, null), "select c0 from t", false);
    }
    Lease lease = registry.leaseOf(connection);
    registry.close(connection);
    recorder.onClosed(lease, 0);
    assertThat(bursts).hasSize(1);
    assertThat(bursts.get(0).query().normalized()).isEqualTo("select c0 from t");
    assertThat(bursts.get(0).executions()).isEqualTo(6);
  }

  @Test
  void aUnitEndedByAnotherThreadIsNamedForTheThreadThatRanIt() throws Exception {
    // given a worker thread that runs an N+1 loop on a connection and leaves it open
    Object connection = new Object();
    Thread worker = new Thread(() -> {
      registry.open(connection, DataSourceInfo.DRIVER_MANAGER, "jdbc:h2:mem:x", Thread.currentThread());
      Object customer = prepared(recorder, connection, CUSTOMER);
      for (int i = 0; i < 6; i++) {
        recorder.executed(customer, null, false);
      }
    }, "order-worker");
    worker.start();
    worker.join();
    // when the unit is ended on this thread (as the agent's exit hook does for leases still open)
    recorder.endOpenUnits();
    // then the burst names the worker, not the thread that ended the unit
    assertThat(bursts).hasSize(1);
    assertThat(bursts.get(0).threadName()).isEqualTo("order-worker");
  }

  @Test
  void anEndedThreadThatRanStatementsIsNotKeptReachable() throws Exception {
    // given 200 short-lived threads, each taking a connection and running statements outside a transaction
    List<WeakReference<Thread>> threads = new ArrayList<>();
    List<Object> connections = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Object connection = new Object();
      connections.add(connection);
      Thread t = new Thread(() -> {
        registry.open(connection, DataSourceInfo.DRIVER_MANAGER, "jdbc:h2:mem:x", Thread.currentThread());
        for (int k = 0; k < 3; k++) {
          recorder.executed(prepared(recorder, connection, null), ORDERS, false);
        }
      }, "short-lived-" + i);
      t.start();
      t.join();
      threads.add(new WeakReference<>(t));
    }
    // when they have ended (their connections are still referenced, their leases and runs still recorded)
    // then none of the Thread objects stays reachable through the agent's state
    assertThat(Collected.awaitCleared(threads)).isZero();
    assertThat(registry.openLeases()).hasSize(200);
    assertThat(connections).hasSize(200);
  }

  @Test
  void statementsAreReadInTheDialectOfTheirLeasesDatabase() {
    // given a lease on MariaDB, whose strings take backslash escapes and whose # starts a comment
    Object connection = new Object();
    registry.open(connection, DataSourceInfo.DRIVER_MANAGER, "jdbc:mariadb://db/app", Thread.currentThread());
    // when
    recorder.executed(prepared(recorder, connection, null), "SELECT id FROM t WHERE n = 'O\\'Brien zqx' # zqx", false);
    // then neither the escaped string nor the comment is kept
    assertThat(registry.leaseOf(connection).lastSql()).startsWith("SELECT id FROM t WHERE n = ?").doesNotContain("zqx");
  }

  @Test
  void aStatementLongerThanTheLexedLengthIsCountedAsCut() {
    Object connection = lease(new Object());
    StringBuilder sql = new StringBuilder("SELECT id FROM t WHERE id IN (");
    while (sql.length() <= io.connlens.agent.sql.SqlFingerprint.MAX_LEXED_LENGTH) {
      sql.append("1, ");
    }
    sql.append("2)");
    Object statement = prepared(recorder, connection, sql.toString());
    recorder.executed(statement, null, false);
    recorder.executed(statement, null, false);
    recorder.executed(prepared(recorder, connection, null), ORDERS, false);
    assertThat(recorder.cutStatements()).isEqualTo(2);
  }

  @Test
  void aClosedStatementIsForgottenAndItsLaterExecutionsAreNotCounted() {
    Object connection = lease(new Object());
    Object customer = prepared(recorder, connection, CUSTOMER);
    recorder.executed(customer, null, false);
    Lease lease = registry.leaseOf(connection);
    assertThat(lease.statements()).isEqualTo(1);
    // when the application closes it (a driver may still answer a call on a closed statement)
    recorder.closed(customer);
    recorder.executed(customer, null, false);
    // then only the execution before the close counts
    assertThat(lease.statements()).isEqualTo(1);
  }

  @Test
  void closingAStatementConnlensNeverRecordedChangesNothing() {
    Object connection = lease(new Object());
    Object customer = prepared(recorder, connection, CUSTOMER);
    recorder.closed(new Object()); // a pool's driver statement, closed under its proxy
    recorder.executed(customer, null, false);
    assertThat(registry.leaseOf(connection).statements()).isEqualTo(1);
  }

  @Test
  void theThreadsRecentStatementIsCountedAsTheMapWouldCountIt() {
    Object connection = lease(new Object());
    RecentStatement creatingThread = new RecentStatement();
    Object first = new Object();
    recorder.created(connection, CUSTOMER, first, creatingThread);
    Object second = new Object();
    recorder.created(connection, ORDERS, second, creatingThread);
    // the recent one (second) and an older one (first, found in the map) both count
    recorder.executed(second, null, false, null, creatingThread);
    recorder.executed(first, null, false, null, creatingThread);
    Lease lease = registry.leaseOf(connection);
    assertThat(lease.statements()).isEqualTo(2);
    assertThat(lease.lastSql()).isEqualTo("select * from customer where id = ?");
  }

  @Test
  void aRecentStatementClosedOnAnotherThreadIsNoLongerCountedOnTheThreadThatMadeIt() {
    Object connection = lease(new Object());
    RecentStatement creatingThread = new RecentStatement();
    Object customer = new Object();
    recorder.created(connection, CUSTOMER, customer, creatingThread);
    recorder.executed(customer, null, false, null, creatingThread);
    // when another thread closes it
    recorder.closed(customer, new RecentStatement());
    recorder.executed(customer, null, false, null, creatingThread);
    // then only the execution before the close counts, as without the thread's shortcut
    assertThat(registry.leaseOf(connection).statements()).isEqualTo(1);
  }

  @Test
  void aRecentStatementIsHeldWeakly() throws Exception {
    Object connection = lease(new Object());
    RecentStatement creatingThread = new RecentStatement();
    Object statement = new Object();
    WeakReference<Object> watch = new WeakReference<>(statement);
    recorder.created(connection, CUSTOMER, statement, creatingThread);
    statement = null;
    assertThat(Collected.awaitCleared(List.of(watch))).as("a thread's recent statement is not kept reachable").isZero();
  }
}
