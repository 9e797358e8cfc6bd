package io.connlens.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.TestPool;
import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.DataSourceInfo;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.PoolCounts;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.testing.Frames;
import org.junit.jupiter.api.Test;

/** A pool's measured need as the report gives it. */
class ReportsSizingTest {
  private final LeaseRegistry registry =
      new LeaseRegistry(new SiteCapture(SiteCapture.Mode.OFF, 1), Frames.STACK_FRAMES, Modules.pools(), System::currentTimeMillis);

  @Test
  void thePeakIsCappedAtTheMaximumSizeWhereAHandOffInsideCloseCountedTwoLeases() {
    // given a pool of one whose returned connection went to a waiting thread before close() returned:
    // the second lease opened while the first still counted
    PoolCounts pool = poolWithTwoLeasesAtOnce();
    // then the peak is the pool's maximum, and without a known maximum it is what was counted
    assertThat(Reports.sizing(pool, 1).peakLeases).isEqualTo(1);
    assertThat(Reports.sizing(pool, -1).peakLeases).isEqualTo(2);
    assertThat(Reports.sizing(pool, 10).peakLeases).isEqualTo(2);
  }

  private PoolCounts poolWithTwoLeasesAtOnce() {
    TestPool source = new TestPool("tight-pool", null);
    DataSourceInfo info = registry.source(source);
    info.resolveName(source);
    Object first = new Object();
    registry.open(first, info, null, Thread.currentThread());
    registry.open(new Object(), info, null, Thread.currentThread());
    registry.close(first);
    return registry.pools().get(0);
  }
}
