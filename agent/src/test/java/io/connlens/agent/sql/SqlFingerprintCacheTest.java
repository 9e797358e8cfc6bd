package io.connlens.agent.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SqlFingerprintCacheTest {

  @Test
  void a_hit_returns_the_same_instance() {
    // given a cache that has seen a statement
    SqlFingerprintCache cache = new SqlFingerprintCache();
    SqlFingerprint first = cache.get("SELECT * FROM t WHERE id = ?", SqlDialect.GENERIC);

    // when the same text comes again, in another String instance
    SqlFingerprint second = cache.get(new String("SELECT * FROM t WHERE id = ?"), SqlDialect.GENERIC);

    // then the cached fingerprint is returned
    assertThat(second).isSameAs(first);
    assertThat(first.normalized()).isEqualTo("SELECT * FROM t WHERE id = ?");
  }

  @Test
  void one_text_in_two_dialects_has_two_cached_fingerprints() {
    // given a text that PostgreSQL and MySQL read differently
    SqlFingerprintCache cache = new SqlFingerprintCache();
    String sql = "SELECT \"name\" FROM t";

    // when looked up in each, twice
    SqlFingerprint postgresql = cache.get(sql, SqlDialect.POSTGRESQL);
    SqlFingerprint mysql = cache.get(sql, SqlDialect.MYSQL);

    // then each dialect's reading is kept apart and found again
    assertThat(postgresql.normalized()).isEqualTo("SELECT \"name\" FROM t");
    assertThat(mysql.normalized()).isEqualTo("SELECT ? FROM t");
    assertThat(cache.get(sql, SqlDialect.POSTGRESQL)).isSameAs(postgresql);
    assertThat(cache.get(sql, SqlDialect.MYSQL)).isSameAs(mysql);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void a_null_dialect_is_generic() {
    SqlFingerprintCache cache = new SqlFingerprintCache();
    SqlFingerprint generic = cache.get("SELECT \"x\"", SqlDialect.GENERIC);

    assertThat(cache.get("SELECT \"x\"", null)).isSameAs(generic);
    assertThat(generic.normalized()).isEqualTo("SELECT ?");
  }

  @Test
  void each_dialect_is_bounded_alone() {
    // given a small cache used in two dialects
    SqlFingerprintCache cache = new SqlFingerprintCache(100);

    // when many distinct statements pass through each
    for (int i = 0; i < 10_000; i++) {
      cache.get("SELECT * FROM t" + i, SqlDialect.H2);
      cache.get("SELECT * FROM t" + i, SqlDialect.ORACLE);
    }

    // then each holds at most its capacity, and more than one shared cache of that capacity could
    assertThat(cache.size()).isGreaterThan(100).isLessThanOrEqualTo(2 * 100);
  }

  @Test
  void sql_longer_than_ten_kib_is_fingerprinted_but_not_cached() {
    // given dynamic SQL over 10 KiB
    SqlFingerprintCache cache = new SqlFingerprintCache();
    String sql = "SELECT * FROM t WHERE id IN (" + "1, ".repeat(4000) + "1)";

    // when looked up twice
    SqlFingerprint first = cache.get(sql, SqlDialect.GENERIC);
    SqlFingerprint second = cache.get(sql, SqlDialect.GENERIC);

    // then each lookup fingerprints it afresh and nothing is kept
    assertThat(first.normalized()).isEqualTo("SELECT * FROM t WHERE id IN (?)");
    assertThat(second).isEqualTo(first).isNotSameAs(first);
    assertThat(cache.size()).isZero();
  }

  @Test
  void sql_of_exactly_ten_kib_is_cached() {
    SqlFingerprintCache cache = new SqlFingerprintCache();
    String sql = "SELECT " + "a".repeat(SqlFingerprintCache.MAX_CACHED_SQL_LENGTH - "SELECT ".length());

    assertThat(cache.get(sql, SqlDialect.GENERIC)).isSameAs(cache.get(sql, SqlDialect.GENERIC));
  }

  @Test
  void the_cache_stays_bounded_under_100k_distinct_statements() {
    // given the default cache
    SqlFingerprintCache cache = new SqlFingerprintCache();

    // when 100,000 distinct texts pass through it
    for (int i = 0; i < 100_000; i++) {
      cache.get("SELECT * FROM t" + i + " WHERE a = ?", SqlDialect.GENERIC);
      // then it never holds more than its capacity
      assertThat(cache.size()).isLessThanOrEqualTo(SqlFingerprintCache.DEFAULT_MAX_ENTRIES);
    }
  }

  @Test
  void a_configured_capacity_bounds_the_cache() {
    SqlFingerprintCache cache = new SqlFingerprintCache(100);

    for (int i = 0; i < 10_000; i++) {
      cache.get("SELECT * FROM t" + i, SqlDialect.GENERIC);
    }

    assertThat(cache.size()).isLessThanOrEqualTo(100);
  }

  @Test
  void a_statement_in_use_survives_the_turnover_of_generations() {
    // given a small cache and one statement that keeps being executed
    SqlFingerprintCache cache = new SqlFingerprintCache(10);
    SqlFingerprint hot = cache.get("SELECT * FROM hot WHERE id = ?", SqlDialect.GENERIC);

    // when many other statements pass through between its executions
    for (int i = 0; i < 1000; i++) {
      cache.get("SELECT * FROM cold" + i, SqlDialect.GENERIC);
      // then it is still the cached instance each time
      assertThat(cache.get("SELECT * FROM hot WHERE id = ?", SqlDialect.GENERIC)).isSameAs(hot);
    }
  }

  @Test
  void a_statement_unused_for_two_generations_is_evicted() {
    SqlFingerprintCache cache = new SqlFingerprintCache(10);
    SqlFingerprint once = cache.get("SELECT * FROM once", SqlDialect.GENERIC);

    for (int i = 0; i < 10; i++) {
      cache.get("SELECT * FROM other" + i, SqlDialect.GENERIC);
    }

    assertThat(cache.get("SELECT * FROM once", SqlDialect.GENERIC)).isEqualTo(once).isNotSameAs(once);
  }

  @Test
  void a_capacity_of_zero_keeps_nothing() {
    SqlFingerprintCache cache = new SqlFingerprintCache(0);

    SqlFingerprint first = cache.get("SELECT 1", SqlDialect.GENERIC);

    assertThat(cache.get("SELECT 1", SqlDialect.GENERIC)).isEqualTo(first).isNotSameAs(first);
    assertThat(cache.size()).isZero();
  }

  @Test
  void a_negative_capacity_is_refused() {
    assertThatThrownBy(() -> new SqlFingerprintCache(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void null_sql_gives_the_empty_fingerprint() {
    SqlFingerprintCache cache = new SqlFingerprintCache();

    assertThat(cache.get(null, SqlDialect.GENERIC).normalized()).isEmpty();
    assertThat(cache.size()).isZero();
  }

  @Test
  void threads_sharing_the_cache_get_one_instance_per_statement_and_stay_bounded() throws Exception {
    // given 4 threads looking up an overlapping stream of statements
    SqlFingerprintCache cache = new SqlFingerprintCache(200);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<SqlFingerprint>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () -> {
                  List<SqlFingerprint> hot = new ArrayList<>();
                  for (int i = 0; i < 20_000; i++) {
                    cache.get("SELECT * FROM t" + (i % 5_000), SqlDialect.GENERIC);
                    hot.add(cache.get("SELECT * FROM hot", SqlDialect.GENERIC));
                  }
                  return hot;
                }));
      }

      // when all are done
      List<SqlFingerprint> seen = new ArrayList<>();
      for (Future<List<SqlFingerprint>> result : results) {
        seen.addAll(result.get(60, TimeUnit.SECONDS));
      }

      // then the hot statement has one fingerprint, and the cache is bounded (allowing one
      // extra entry per thread that raced a generation turnover)
      assertThat(seen).allSatisfy(f -> assertThat(f).isEqualTo(seen.get(0)));
      assertThat(cache.size()).isLessThanOrEqualTo(200 + 4);
    } finally {
      pool.shutdownNow();
    }
  }
}
