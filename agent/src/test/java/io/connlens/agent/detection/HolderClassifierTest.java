package io.connlens.agent.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.application.ApplicationPackages;
import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.StackFrames;
import io.connlens.agent.testing.Frames;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HolderClassifierTest {

  private static StackTraceElement frame(String cls, String method) {
    return new StackTraceElement(cls, method, "X.java", 1);
  }

  @Test
  void aDriverFrameUnderSocketFramesIsAJdbcCall() {
    StackTraceElement[] stack = {
      frame("sun.nio.ch.NioSocketImpl", "read"), frame("java.net.SocketInputStream", "read"),
      frame("org.postgresql.core.VisibleBufferedInputStream", "read"), frame("com.example.Export", "run"),
    };
    assertThat(Frames.HOLDERS.classify(stack, Thread.State.RUNNABLE)).isEqualTo(HolderActivity.IN_JDBC_CALL);
  }

  @Test
  void aLibrarysOwnTestSleepingInThePoolsPackageIsApplicationCode() {
    // given HikariCP's own test, kept in HikariCP's package, sleeping while it holds a connection
    StackTraceElement[] stack = {
      frame("java.lang.Thread", "sleep"), frame("com.zaxxer.hikari.pool.TestConnections", "testLeakDetection"),
      frame("org.junit.platform.commons.util.ReflectionUtils", "invokeMethod"),
    };
    // then it waits in application code, not inside a JDBC call
    assertThat(Frames.HOLDERS.classify(stack, Thread.State.TIMED_WAITING)).isEqualTo(HolderActivity.WAITING);
  }

  @Test
  void aTestDoubleOfADriverInTheDriversPackageIsStillAJdbcCall() {
    StackTraceElement[] stack = {
      frame("java.lang.Thread", "sleep"), frame("org.apache.commons.dbcp2.TesterStatement", "executeQuery"),
      frame("org.apache.commons.dbcp2.TestBasicDataSource", "testLeak"),
    };
    assertThat(Frames.HOLDERS.classify(stack, Thread.State.TIMED_WAITING))
        .isEqualTo(HolderActivity.IN_JDBC_CALL);
  }

  @Test
  void anApplicationInAPoolsPackageByAppPackagesIsNotAJdbcCall() {
    // given app.packages naming code that lives under a pool's namespace
    HolderClassifier holders = new HolderClassifier(new StackFrames(
        new ApplicationPackages(List.of("com.zaxxer.hikari.example"), List.of(), "app.packages"), 16,
        Modules.pools().packagePrefixes()));
    StackTraceElement[] stack = {
      frame("java.lang.Thread", "sleep"), frame("com.zaxxer.hikari.example.Export", "run"),
    };
    // then
    assertThat(holders.classify(stack, Thread.State.TIMED_WAITING)).isEqualTo(HolderActivity.WAITING);
    assertThat(Frames.HOLDERS.classify(stack, Thread.State.TIMED_WAITING))
        .isEqualTo(HolderActivity.IN_JDBC_CALL);
  }

  @Test
  void applicationFramesAreRunningOrWaitingByState() {
    StackTraceElement[] stack = {frame("java.lang.Thread", "sleep"), frame("com.example.Export", "callRemote")};
    assertThat(Frames.HOLDERS.classify(stack, Thread.State.TIMED_WAITING)).isEqualTo(HolderActivity.WAITING);
    assertThat(Frames.HOLDERS.classify(stack, Thread.State.RUNNABLE))
        .isEqualTo(HolderActivity.RUNNING_APPLICATION_CODE);
  }

  @Test
  void aParkedPoolWorkerIsIdleInAThreadPool() throws Exception {
    // given a worker that ran a task and went back to its pool
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      AtomicReference<Thread> worker = new AtomicReference<>();
      CountDownLatch ran = new CountDownLatch(1);
      pool.execute(() -> {
        worker.set(Thread.currentThread());
        ran.countDown();
      });
      ran.await();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (worker.get().getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      // when
      Holder holder = Frames.HOLDERS.describe(worker.get(), 24);
      // then
      assertThat(holder.activity()).isEqualTo(HolderActivity.IDLE_IN_THREAD_POOL);
      assertThat(holder.threadState()).isEqualTo("WAITING");
      assertThat(holder.frames()).anyMatch(f -> f.contains("ThreadPoolExecutor.getTask"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anEndedThreadIsDead() throws InterruptedException {
    Thread t = new Thread(() -> {}, "short-lived");
    t.start();
    t.join();
    Holder holder = Frames.HOLDERS.describe(t, 24);
    assertThat(holder.activity()).isEqualTo(HolderActivity.DEAD);
    assertThat(holder.threadName()).isEqualTo("short-lived");
    assertThat(holder.frames()).isEmpty();
  }
}
