package io.connlens.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One soak run, in its own JVM (started by {@link Soak}, with or without the agent): {@code THREADS}
 * threads at once take {@code LEASES} leases in all from a HikariCP pool over H2 in memory, each lease one
 * prepared query of one of {@code SHAPES} distinct SQL shapes, in turn, closed; every thread ends after
 * {@code THREAD_LEASES} leases and a new one, with a new name, takes its place (thread churn, as a
 * request-per-thread server or a virtual-thread executor makes). {@code SAMPLES} times along the run the
 * used heap after a full collection is printed as {@code SAMPLE done=N heap=B seconds=S}; at the end
 * {@code RESULT leases=N setupLeases=1 threads=T seconds=S}.
 */
public final class SoakWorker {
  /** Leases a thread counts before it adds them to the shared count: the count is read by the sampler only. */
  private static final int COUNT_BATCH = 1_000;

  private SoakWorker() {}

  /** Runs, prints the sample and result lines. */
  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    long leases = Long.parseLong(args[1]);
    int shapes = Integer.parseInt(args[2]);
    int threadLeases = Integer.parseInt(args[3]);
    int samples = Integer.parseInt(args[4]);

    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:soak;DB_CLOSE_DELAY=-1");
    config.setPoolName("soak");
    config.setMaximumPoolSize(16);
    try (HikariDataSource dataSource = new HikariDataSource(config)) {
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.execute("create table soak (id int primary key, v int)");
        s.execute("insert into soak values (1, 42)");
      }
      AtomicLong claimed = new AtomicLong();
      AtomicLong done = new AtomicLong();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      BlockingQueue<Thread> ended = new ArrayBlockingQueue<>(threads);
      long start = System.nanoTime();
      long sampleEvery = Math.max(1, leases / samples);
      long nextSample = sampleEvery;
      int started = 0;
      int running = 0;
      while (failure.get() == null) {
        // keep THREADS running while leases are left to claim; a finished thread is replaced by a new one
        while (running < threads && claimed.get() < leases) {
          long first = claimed.getAndAdd(threadLeases);
          long count = Math.min(threadLeases, leases - first);
          if (count <= 0) {
            break;
          }
          Thread t = new Thread(() -> work(dataSource, first, count, shapes, done, failure, ended), "soak-" + started);
          started++;
          running++;
          t.start();
        }
        if (running == 0) {
          break;
        }
        Thread finished = ended.poll(50, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (finished != null) {
          finished.join();
          running--;
        }
        if (done.get() >= nextSample) {
          System.out.println(String.format(Locale.ROOT, "SAMPLE done=%d heap=%d seconds=%.1f", done.get(), usedHeapAfterGc(),
              (System.nanoTime() - start) / 1e9));
          nextSample += sampleEvery;
        }
      }
      if (failure.get() != null) {
        throw new IllegalStateException("a soak thread failed", failure.get());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.println(String.format(Locale.ROOT, "SAMPLE done=%d heap=%d seconds=%.1f", done.get(), usedHeapAfterGc(),
          seconds));
      System.out.println(String.format(Locale.ROOT, "RESULT leases=%d setupLeases=1 threads=%d seconds=%.1f", done.get(),
          started, seconds));
    }
  }

  private static void work(HikariDataSource dataSource, long first, long count, int shapes, AtomicLong done,
      AtomicReference<Throwable> failure, BlockingQueue<Thread> ended) {
    try {
      long counted = 0;
      for (long i = first; i < first + count && failure.get() == null; i++) {
        // one shape per lease, in turn: no thread runs one query twice in a row, so nothing here is an N+1
        String sql = "select v as c" + (i % shapes) + " from soak where id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
          p.setInt(1, 1);
          try (ResultSet r = p.executeQuery()) {
            if (!r.next() || r.getInt(1) != 42) {
              throw new IllegalStateException("wrong row for " + sql);
            }
          }
        }
        if (++counted == COUNT_BATCH) {
          done.addAndGet(counted);
          counted = 0;
        }
      }
      done.addAndGet(counted);
    } catch (SQLException | RuntimeException e) {
      failure.compareAndSet(null, e);
    } finally {
      ended.add(Thread.currentThread());
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    return HeapAfterGc.used(2, 50);
  }
}
