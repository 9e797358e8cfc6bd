package io.connlens.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One end-to-end run, in its own JVM (started by {@link EndToEnd}, with or without the agent): threads
 * run short transactions through HikariCP against PostgreSQL until a fixed count is done, and the JVM
 * prints {@code RESULT transactions=N seconds=S txPerSecond=R}.
 *
 * <p>Arguments: {@code URL THREADS POOL_SIZE WARMUP_TRANSACTIONS TRANSACTIONS}.
 */
public final class EndToEndWorker {
  /** The table {@link EndToEnd} creates: {@value #ROWS} rows of (id, balance). */
  static final String TABLE = "connlens_bench_accounts";
  static final int ROWS = 1000;

  private EndToEndWorker() {}

  /** Runs the warm-up transactions untimed, then the measured ones, and prints the result. */
  public static void main(String[] args) throws Exception {
    String url = args[0];
    int threads = Integer.parseInt(args[1]);
    int poolSize = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    int transactions = Integer.parseInt(args[4]);

    HikariConfig config = new HikariConfig();
    config.setPoolName("e2e");
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(poolSize);
    config.setAutoCommit(false);
    try (HikariDataSource dataSource = new HikariDataSource(config)) {
      ExecutorService executor = Executors.newFixedThreadPool(threads);
      try {
        runTransactions(dataSource, executor, threads, warmup);
        long start = System.nanoTime();
        runTransactions(dataSource, executor, threads, transactions);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(String.format(Locale.ROOT, "RESULT transactions=%d seconds=%.3f txPerSecond=%.1f",
            transactions, seconds, transactions / seconds));
      } finally {
        executor.shutdownNow();
      }
    }
  }

  private static void runTransactions(HikariDataSource dataSource, ExecutorService executor, int threads, int count)
      throws Exception {
    AtomicInteger remaining = new AtomicInteger(count);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(executor.submit(() -> {
        while (remaining.getAndDecrement() > 0) {
          transaction(dataSource);
        }
        return null;
      }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
  }

  /** Begin (auto-commit is off), update a random row, read it back, commit. */
  private static long transaction(HikariDataSource dataSource) throws SQLException {
    int id = 1 + ThreadLocalRandom.current().nextInt(ROWS);
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement update = c.prepareStatement("UPDATE " + TABLE + " SET balance = balance + 1 WHERE id = ?")) {
        update.setInt(1, id);
        update.executeUpdate();
      }
      long balance;
      try (PreparedStatement select = c.prepareStatement("SELECT balance FROM " + TABLE + " WHERE id = ?")) {
        select.setInt(1, id);
        try (ResultSet rs = select.executeQuery()) {
          rs.next();
          balance = rs.getLong(1);
        }
      }
      c.commit();
      return balance;
    }
  }
}
