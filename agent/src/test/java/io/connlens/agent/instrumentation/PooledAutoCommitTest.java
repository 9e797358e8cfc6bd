package io.connlens.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.instrumentation.PoolEndedLeasesTest.FakeLease;
import io.connlens.agent.instrumentation.PoolEndedLeasesTest.FakePool;
import io.connlens.agent.pool.PoolSupports;
import io.connlens.agent.registry.Lease;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.registry.StatementRecorder;
import io.connlens.agent.sql.SqlFingerprintCache;
import io.connlens.agent.testing.Frames;
import io.connlens.bootstrap.HookHandler;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The auto-commit mode of a pool's leases: asked of the connection at the first statement on a physical
 * connection, then kept on it, and followed through every {@code setAutoCommit} that reaches it.
 */
class PooledAutoCommitTest {
  private final LeaseRegistry registry = new LeaseRegistry(new SiteCapture(SiteCapture.Mode.OFF, 1),
      Frames.STACK_FRAMES, new PoolSupports(List.of(PoolEndedLeasesTest.FAKE)), System::currentTimeMillis);
  private final AtomicInteger asked = new AtomicInteger();
  private final StatementRecorder statements = new StatementRecorder(registry, new SqlFingerprintCache(), 5,
      Frames.STACK_FRAMES, statement -> {
        asked.incrementAndGet();
        return Boolean.TRUE;
      });
  private final ConnectionTracker tracker = new ConnectionTracker(registry, statements, status -> {}, error -> {
    throw new AssertionError("unexpected suppressed error", error);
  });
  private final FakePool pool = new FakePool();
  private final Object physical = new Object();

  /** A borrow; the first one opens {@link #physical}, the later ones hand out a lease over it again. */
  private FakeLease borrow(boolean opensPhysical) {
    Object acquire = tracker.acquireEnter(pool, null);
    if (opensPhysical) {
      Object connect = tracker.connectEnter(new Object(), null);
      tracker.connectExit(null, "jdbc:h2:mem:orders", new Properties(), physical, null, connect);
    }
    FakeLease lease = new FakeLease(physical);
    tracker.acquireExit(pool, null, lease, null, acquire);
    return lease;
  }

  /** Prepares and runs one statement on {@code lease}; returns the lease as the registry knows it. */
  private Lease runOne(FakeLease lease) {
    Object statement = new Object();
    tracker.statementCreated(lease, "select 1", statement, null, tracker.statementCreateEnter());
    tracker.executeExit(statement, null, HookHandler.EXECUTE_SINGLE, null, tracker.executeEnter());
    return registry.leaseOf(lease);
  }

  private void setAutoCommit(Object connection, boolean autoCommit) {
    tracker.transactionExit(connection, HookHandler.SET_AUTO_COMMIT, autoCommit, null, tracker.transactionEnter());
  }

  @Test
  void theModeIsAskedOncePerPhysicalConnectionNotOncePerLease() {
    for (int i = 0; i < 3; i++) {
      FakeLease lease = borrow(i == 0);
      assertThat(runOne(lease).inTransaction()).isFalse();
      tracker.connectionClosed(lease, null);
    }
    assertThat(asked).hasValue(1);
  }

  @Test
  void aModeThePoolSetsOnThePhysicalConnectionIsTheNextLeasesMode() {
    FakeLease first = borrow(true);
    runOne(first);
    tracker.connectionClosed(first, null);
    // when the pool sets the physical connection's mode between two leases
    setAutoCommit(physical, false);
    // then the next lease runs in a transaction, and nobody asked the connection again
    assertThat(runOne(borrow(false)).inTransaction()).isTrue();
    assertThat(asked).hasValue(1);
  }

  @Test
  void aModeSetThroughTheLeaseAndPassedOnToThePhysicalConnectionOutlivesTheLease() {
    FakeLease first = borrow(true);
    // the application's setAutoCommit on the pool's proxy, passed on to the driver's connection inside it
    Object outer = tracker.transactionEnter();
    setAutoCommit(physical, false);
    tracker.transactionExit(first, HookHandler.SET_AUTO_COMMIT, false, null, outer);
    assertThat(runOne(first).inTransaction()).isTrue();
    tracker.connectionClosed(first, null);
    // a pool that does not set it back: the next lease is still in the mode the connection is in
    assertThat(runOne(borrow(false)).inTransaction()).isTrue();
    assertThat(asked).hasValue(0);
  }
}
