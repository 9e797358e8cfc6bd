package io.connlens.agent.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.DataSourceInfo;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.registry.StatementRecorder;
import io.connlens.agent.sql.SqlFingerprintCache;
import io.connlens.agent.testing.Frames;
import io.connlens.api.FindingType;
import org.junit.jupiter.api.Test;

class IdleTransactionDetectorTest {
  private final FindingStore store = new FindingStore(System::currentTimeMillis);
  private final LeaseRegistry registry =
      new LeaseRegistry(new SiteCapture(SiteCapture.Mode.ALL, 1), Frames.STACK_FRAMES, Modules.pools(), System::currentTimeMillis);
  private final StatementRecorder recorder =
      new StatementRecorder(registry, new SqlFingerprintCache(), 5, Frames.STACK_FRAMES, statement -> Boolean.TRUE);
  private final IdleTransactionDetector detector = new IdleTransactionDetector(registry, store, 1_000_000L, Frames.HOLDERS);
  private final Object connection = new Object();

  private void updateInTransaction() {
    registry.open(connection, DataSourceInfo.DRIVER_MANAGER, "jdbc:h2:mem:x", Thread.currentThread());
    recorder.transaction(connection, true, false);
    Object statement = new Object();
    recorder.created(connection, "update account set balance = balance - 10 where id = 7", statement);
    recorder.executed(statement, null, false);
  }

  @Test
  void aTransactionIdlePastTheThresholdIsReportedOnceWithItsLastStatement() {
    updateInTransaction();
    detector.scan(System.nanoTime() + 2_000_000L);
    detector.scan(System.nanoTime() + 3_000_000L);

    assertThat(store.findings()).hasSize(1);
    Finding f = store.findings().get(0);
    assertThat(f.type()).isEqualTo(FindingType.IDLE_IN_TRANSACTION);
    assertThat(f.count()).isEqualTo(1);
    assertThat(f.sql()).isEqualTo("update account set balance = balance - ? where id = ?");
    assertThat(f.statementSite().isCaptured()).isTrue();
    assertThat(f.holder().threadName()).isEqualTo(Thread.currentThread().getName());
  }

  @Test
  void aCommittedTransactionIsNotIdle() {
    updateInTransaction();
    recorder.transaction(connection, false, false);
    detector.scan(System.nanoTime() + 2_000_000L);
    assertThat(store.findings()).isEmpty();
  }

  @Test
  void autoCommitStatementsAreNoTransaction() {
    registry.open(connection, DataSourceInfo.DRIVER_MANAGER, null, Thread.currentThread());
    Object statement = new Object();
    recorder.created(connection, "update t set x = 1", statement);
    recorder.executed(statement, null, false);
    detector.scan(System.nanoTime() + 2_000_000L);
    assertThat(store.findings()).isEmpty();
  }
}
