package io.connlens.agent.sql;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the {@link SqlFingerprint} of recently seen SQL, so a statement executed again costs
 * one hash lookup instead of a lexer pass. Bounded, thread-safe, and free of locks and allocation
 * when the SQL is found.
 *
 * <p>SQL longer than {@value #MAX_CACHED_SQL_LENGTH} characters is fingerprinted every time and
 * never kept: such text is usually built dynamically with its values inlined, so it rarely repeats
 * and would only fill the cache (OpenTelemetry Java instrumentation issue 13180: its sanitizer
 * cache held huge dynamic SQL).
 *
 * <p>Eviction is by generations rather than least-recently-used order. Entries go into the current
 * generation; when it holds half the capacity, it becomes the previous generation and the one
 * before is dropped whole. SQL found in the previous generation is copied into the current one, so
 * statements in use survive every turnover while those unused for a generation go. Compared with
 *
 * <ul>
 *   <li>an LRU list (or a map in access order), which must record every hit under a lock or with an
 *       allocation — the cost this cache exists to avoid on a statement's hot path;
 *   <li>clearing one map when full, which is as cheap but makes every statement in use miss at once
 *       after each clear;
 * </ul>
 *
 * <p>the two generations cost one {@link ConcurrentHashMap#get} on a hit in the current
 * generation, and bound the entries by the capacity (up to a few more while threads race to turn a
 * generation over).
 */
public final class SqlFingerprintCache {

  /** Entries kept by {@link #SqlFingerprintCache()}. */
  public static final int DEFAULT_MAX_ENTRIES = 2000;

  /** Longest SQL, in characters, whose fingerprint is kept: 10 KiB. */
  public static final int MAX_CACHED_SQL_LENGTH = 10 * 1024;

  /** The two generations, swapped as one so that readers never see a half-made turnover. */
  private static final class Generations {
    final ConcurrentHashMap<String, SqlFingerprint> current;
    final ConcurrentHashMap<String, SqlFingerprint> previous;

    Generations(
        ConcurrentHashMap<String, SqlFingerprint> current,
        ConcurrentHashMap<String, SqlFingerprint> previous) {
      this.current = current;
      this.previous = previous;
    }
  }

  private final int generationCapacity;
  private volatile Generations generations;

  /** A cache of {@value #DEFAULT_MAX_ENTRIES} entries. */
  public SqlFingerprintCache() {
    this(DEFAULT_MAX_ENTRIES);
  }

  /**
   * A cache of at most {@code maxEntries} entries (rounded down to an even number, each generation
   * holding half); 0 or 1 keeps nothing.
   *
   * @throws IllegalArgumentException if {@code maxEntries} is negative
   */
  public SqlFingerprintCache(int maxEntries) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries must not be negative: " + maxEntries);
    }
    this.generationCapacity = maxEntries / 2;
    this.generations = new Generations(newGeneration(), newGeneration());
  }

  /** The fingerprint of {@code sql} (of {@code ""} for {@code null}), from the cache when there. */
  public SqlFingerprint get(String sql) {
    if (sql == null || generationCapacity == 0 || sql.length() > MAX_CACHED_SQL_LENGTH) {
      return SqlFingerprint.of(sql);
    }
    Generations g = generations;
    SqlFingerprint cached = g.current.get(sql);
    if (cached != null) {
      return cached;
    }
    cached = g.previous.get(sql);
    if (cached == null) {
      cached = SqlFingerprint.of(sql);
    }
    return keep(g, sql, cached);
  }

  /** Entries held now, in both generations; at most the capacity given to the constructor. */
  public int size() {
    Generations g = generations;
    return g.current.size() + g.previous.size();
  }

  /**
   * Puts the fingerprint into the current generation, first turning the generation over when full,
   * and returns the instance that is kept, so that every caller gets the same one.
   */
  private SqlFingerprint keep(Generations seen, String sql, SqlFingerprint fingerprint) {
    Generations g = seen;
    if (g.current.size() >= generationCapacity) {
      // Only one thread turns a generation over; another that raced sees the new one.
      synchronized (this) {
        g = generations;
        if (g.current.size() >= generationCapacity) {
          g = new Generations(newGeneration(), g.current);
          generations = g;
        }
      }
    }
    SqlFingerprint earlier = g.current.putIfAbsent(sql, fingerprint);
    return earlier != null ? earlier : fingerprint;
  }

  private ConcurrentHashMap<String, SqlFingerprint> newGeneration() {
    return new ConcurrentHashMap<>((int) Math.min(1 << 20, Math.max(16, generationCapacity * 4L / 3 + 1)));
  }
}
