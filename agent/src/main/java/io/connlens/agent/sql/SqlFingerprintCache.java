package io.connlens.agent.sql;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Remembers the {@link SqlFingerprint} of recently seen SQL, so a statement executed again costs
 * one hash lookup instead of a lexer pass. Bounded, thread-safe, and free of locks and allocation
 * when the SQL is found.
 *
 * <p>One SQL text reads differently in different dialects, so each {@link SqlDialect} has its own
 * cache, made when first asked for and bounded alone; an application normally uses one.
 *
 * <p>SQL longer than {@value #MAX_CACHED_SQL_LENGTH} characters is fingerprinted every time and
 * never kept: such text is usually built dynamically with its values inlined, so it rarely repeats
 * and would only fill the cache (OpenTelemetry Java instrumentation issue 13180: its sanitizer
 * cache held huge dynamic SQL). Fingerprinting reads at most {@value
 * SqlFingerprint#MAX_LEXED_LENGTH} characters of it, so that costs a bounded time.
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

  /** Entries kept for each dialect by {@link #SqlFingerprintCache()}. */
  public static final int DEFAULT_MAX_ENTRIES = 2000;

  /** Longest SQL, in characters, whose fingerprint is kept: 10 KiB. */
  public static final int MAX_CACHED_SQL_LENGTH = 10 * 1024;

  private static final SqlDialect[] DIALECTS = SqlDialect.values();

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

  /** The cache of one dialect. */
  private static final class DialectCache {
    private final SqlDialect dialect;
    private final int generationCapacity;
    private volatile Generations generations;

    DialectCache(SqlDialect dialect, int generationCapacity) {
      this.dialect = dialect;
      this.generationCapacity = generationCapacity;
      this.generations = new Generations(newGeneration(), newGeneration());
    }

    SqlFingerprint get(String sql) {
      Generations g = generations;
      SqlFingerprint cached = g.current.get(sql);
      if (cached != null) {
        return cached;
      }
      cached = g.previous.get(sql);
      if (cached == null) {
        cached = SqlFingerprint.of(sql, dialect);
      }
      return keep(g, sql, cached);
    }

    int size() {
      Generations g = generations;
      return g.current.size() + g.previous.size();
    }

    /**
     * Puts the fingerprint into the current generation, first turning the generation over when
     * full, and returns the instance that is kept, so that every caller gets the same one.
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

  private final int generationCapacity;
  /** By {@link SqlDialect#ordinal()}; null until the dialect is first asked for. */
  private final AtomicReferenceArray<DialectCache> byDialect = new AtomicReferenceArray<>(DIALECTS.length);

  /** A cache of {@value #DEFAULT_MAX_ENTRIES} entries for each dialect. */
  public SqlFingerprintCache() {
    this(DEFAULT_MAX_ENTRIES);
  }

  /**
   * A cache of at most {@code maxEntries} entries for each dialect in use (rounded down to an even
   * number, each generation holding half); 0 or 1 keeps nothing.
   *
   * @throws IllegalArgumentException if {@code maxEntries} is negative
   */
  public SqlFingerprintCache(int maxEntries) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries must not be negative: " + maxEntries);
    }
    this.generationCapacity = maxEntries / 2;
  }

  /**
   * The fingerprint of {@code sql} read as {@code dialect} ({@link SqlDialect#GENERIC} when {@code
   * null}; of {@code ""} for {@code null} SQL), from the cache when there.
   */
  public SqlFingerprint get(String sql, SqlDialect dialect) {
    SqlDialect d = dialect == null ? SqlDialect.GENERIC : dialect;
    if (sql == null || generationCapacity == 0 || sql.length() > MAX_CACHED_SQL_LENGTH) {
      return SqlFingerprint.of(sql, d);
    }
    DialectCache cache = byDialect.get(d.ordinal());
    if (cache == null) {
      byDialect.compareAndSet(d.ordinal(), null, new DialectCache(d, generationCapacity));
      cache = byDialect.get(d.ordinal());
    }
    return cache.get(sql);
  }

  /**
   * Entries held now, in both generations of every dialect; at most the capacity given to the
   * constructor for each dialect in use.
   */
  public int size() {
    int size = 0;
    for (int i = 0; i < byDialect.length(); i++) {
      DialectCache cache = byDialect.get(i);
      if (cache != null) {
        size += cache.size();
      }
    }
    return size;
  }
}
