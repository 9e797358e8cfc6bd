package io.connlens.agent.sql;

/**
 * The shape of a SQL statement with its values taken out: statements that differ only in literal
 * values, comments, whitespace or the length of an {@code IN} list or a multi-row {@code VALUES}
 * have equal fingerprints. This is what groups the executions of one statement, for example to find
 * N+1 query bursts, without ever keeping a bind value or a literal.
 *
 * <p>{@link #normalized()} is the statement with
 *
 * <ul>
 *   <li>string literals ({@code 'it''s'}, {@code N'..'}, {@code E'it\'s'}, {@code B'..'}, {@code
 *       X'..'}, {@code U&'..'}, Oracle's {@code q'[..]'}), numbers ({@code 42}, {@code -5} after an
 *       operator, {@code 3.14}, {@code .5}, {@code 1.5E-3}, {@code 0x1F}) and PostgreSQL
 *       dollar-quoted text ({@code $$..$$}, {@code $tag$..$tag$}) replaced by {@code ?};
 *   <li>comments ({@code -- ..} and {@code /* .. *}{@code /}, nested as PostgreSQL nests them)
 *       removed;
 *   <li>whitespace folded to one space, none after {@code (} or before {@code ,} and {@code )}, one
 *       after {@code ,}: {@code IN ( ?,?  ,? )} reads {@code IN (?, ?, ?)};
 *   <li>{@code IN (?, ?, ?)} collapsed to {@code IN (?)} and {@code VALUES (?, ?), (?, ?)} to its
 *       first row {@code VALUES (?, ?)};
 *   <li>everything else as written: case, identifiers with digits ({@code t1}), quoted identifiers
 *       ({@code "Order"}, {@code `order`}, {@code [Order]}) and parameters ({@code ?}, {@code :name},
 *       {@code :1}, {@code $1}, {@code ?1});
 *   <li>at most {@value #MAX_NORMALIZED_LENGTH} characters: longer text is cut and ends in {@value
 *       #TRUNCATION_MARKER}.
 * </ul>
 *
 * <p>Standard SQL and PostgreSQL lexing where dialects differ: a backslash escapes nothing in a
 * plain {@code '..'} string (MySQL's default escapes would end such a string early), double quotes
 * hold identifiers (MySQL without ANSI_QUOTES uses them for strings, which are then kept), and
 * {@code #} starts no comment. Row-value lists ({@code IN ((?, ?), (?, ?))}) are not collapsed.
 *
 * <p>Made by a hand-written single-pass lexer: linear time on any input, never throws, no regular
 * expressions. Fingerprinting is idempotent: the fingerprint of a normalized text is that text.
 * Instances are immutable; equality is equality of {@link #normalized()}.
 */
public final class SqlFingerprint {

  /** Longest {@link #normalized()} text, in characters, including {@value #TRUNCATION_MARKER}. */
  public static final int MAX_NORMALIZED_LENGTH = 32 * 1024;

  /** How a {@link #normalized()} text that was cut ends. */
  public static final String TRUNCATION_MARKER = "...";

  private static final SqlFingerprint EMPTY = new SqlFingerprint("", StatementKind.OTHER, 0, 0);

  private final String normalized;
  private final StatementKind kind;
  private final int inListSize;
  private final int valuesRows;

  SqlFingerprint(String normalized, StatementKind kind, int inListSize, int valuesRows) {
    this.normalized = normalized;
    this.kind = kind;
    this.inListSize = inListSize;
    this.valuesRows = valuesRows;
  }

  /** The fingerprint of {@code sql}; of {@code ""} when {@code sql} is {@code null}. */
  public static SqlFingerprint of(String sql) {
    return of((CharSequence) sql);
  }

  /**
   * The same for any character sequence: the tests pass one that counts the characters the lexer
   * reads, to check the work is linear without timing anything.
   */
  static SqlFingerprint of(CharSequence sql) {
    if (sql == null || sql.length() == 0) {
      return EMPTY;
    }
    return new SqlLexer(sql).fingerprint();
  }

  /** The statement with literals, comments and list lengths taken out (see the class comment). */
  public String normalized() {
    return normalized;
  }

  /** What the statement does, from its first keyword. */
  public StatementKind kind() {
    return kind;
  }

  /** Whether the statement changes rows: INSERT, UPDATE, DELETE or MERGE. */
  public boolean isWrite() {
    return kind.isWrite();
  }

  /**
   * Items in the longest {@code IN (?, ?, ...)} list that was collapsed, 0 if there was none. Only
   * lists of plain placeholders and literals count: not {@code IN (SELECT ..)} nor {@code IN (a,
   * b)}.
   */
  public int inListSize() {
    return inListSize;
  }

  /** Rows of the largest {@code VALUES} list: 1 for a single row, 0 if there is no VALUES. */
  public int valuesRows() {
    return valuesRows;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SqlFingerprint
        && normalized.equals(((SqlFingerprint) other).normalized);
  }

  @Override
  public int hashCode() {
    return normalized.hashCode();
  }

  /** The normalized text. */
  @Override
  public String toString() {
    return normalized;
  }
}
