package io.connlens.agent.sql;

/**
 * The shape of a SQL statement with its values taken out: statements that differ only in literal
 * values, comments, whitespace or the length of an {@code IN} list or a multi-row {@code VALUES}
 * have equal fingerprints. This is what groups the executions of one statement, for example to find
 * N+1 query bursts, without ever keeping a bind value or a literal.
 *
 * <p>{@link #normalized()} is the statement, read as its {@link SqlDialect} defines it, with
 *
 * <ul>
 *   <li>string literals in every form the dialect has (below), numbers ({@code 42}, {@code -5}
 *       after an operator, {@code 3.14}, {@code .5}, {@code 1.5E-3}, {@code 1_000}, {@code 0x1F},
 *       {@code 0b101}, {@code 0o17}) replaced by {@code ?};
 *   <li>comments removed;
 *   <li>whitespace folded to one space, none after {@code (} or before {@code ,} and {@code )}, one
 *       after {@code ,}: {@code IN ( ?,?  ,? )} reads {@code IN (?, ?, ?)};
 *   <li>{@code IN (?, ?, ?)} collapsed to {@code IN (?)} and {@code VALUES (?, ?), (?, ?)} to its
 *       first row {@code VALUES (?, ?)};
 *   <li>everything else as written: case, identifiers with digits ({@code t1}), quoted identifiers
 *       ({@code "Order"}, {@code `order`}, {@code [Order]}) and parameters ({@code ?}, {@code :name},
 *       {@code :1}, {@code $1}, {@code ?1}), as far as the dialect has them (below);
 *   <li>at most {@value #MAX_NORMALIZED_LENGTH} characters: longer text is cut and ends in {@value
 *       #TRUNCATION_MARKER}; so does the text of SQL longer than {@value #MAX_LEXED_LENGTH}
 *       characters, of which only the start is read ({@link #isCut()}): a token open where the
 *       reading stops becomes {@code ?} or is dropped, never copied.
 * </ul>
 *
 * <p>Each dialect is read as its documentation defines it:
 *
 * <table>
 *   <caption>What each dialect replaces ({@code ?}), drops and keeps</caption>
 *   <tr><th>dialect</th><th>literals ({@code ?})</th><th>comments (dropped)</th>
 *       <th>kept as written</th></tr>
 *   <tr><td>POSTGRESQL</td>
 *       <td>{@code '..'}, {@code E'it\'s'} (backslash escapes), {@code N'..'}, {@code B'..'},
 *       {@code X'..'}, {@code U&'..'}, {@code $$..$$}, {@code $tag$..$tag$}</td>
 *       <td>{@code --}, {@code /* *}{@code /} nested</td>
 *       <td>{@code "ident"}; {@code $1}; {@code [} is always a subscript ({@code d ['k']} reads
 *       {@code d [?]}); {@code #} is an operator ({@code #>>})</td></tr>
 *   <tr><td>MYSQL (and MariaDB)</td>
 *       <td>{@code '..'} and {@code "..."} (backslash escapes, doubled quotes), {@code N'..'},
 *       {@code _utf8mb4'..'}, {@code X'..'}, {@code B'..'}</td>
 *       <td>{@code #}, {@code --} before whitespace or a control character ({@code 5--1} is 5
 *       minus -1), {@code /* *}{@code /} not nested, {@code /*! *}{@code /} and {@code /*+
 *       *}{@code /} too</td>
 *       <td>{@code `ident`}; {@code 1st_quarter} and {@code $a} are names; {@code [} is
 *       punctuation</td></tr>
 *   <tr><td>SQLSERVER</td>
 *       <td>{@code '..'} (no backslash escapes), {@code N'..'}, {@code 0x1F}, money ({@code
 *       $12.50}, {@code $5}, {@code $.5})</td>
 *       <td>{@code --}, {@code /* *}{@code /} nested</td>
 *       <td>{@code [ident]} ({@code ]]} escaped), {@code "ident"}, {@code #temp}, {@code
 *       ##global}</td></tr>
 *   <tr><td>ORACLE</td>
 *       <td>{@code '..'} (no backslash escapes), {@code N'..'}, {@code q'[..]'}, {@code nq'<..>'}
 *       (any delimiter; brackets pair)</td>
 *       <td>{@code --}, {@code /* *}{@code /} not nested</td>
 *       <td>{@code "ident"}, {@code :name}, {@code :1}; {@code $} and {@code #} in names</td></tr>
 *   <tr><td>H2</td>
 *       <td>{@code '..'} (no backslash escapes), {@code N'..'}, {@code X'..'}, {@code U&'..'},
 *       {@code $$..$$}</td>
 *       <td>{@code --}, {@code //}, {@code /* *}{@code /} nested</td>
 *       <td>{@code "ident"}, {@code `ident`}, {@code $1}, {@code ?1}; {@code [} is
 *       punctuation</td></tr>
 *   <tr><td>GENERIC</td>
 *       <td>all of the above, and {@code "..."}</td>
 *       <td>{@code --}, {@code #}, {@code //}, {@code /* *}{@code /}</td>
 *       <td>{@code [..]} and {@code `..`} when what they hold reads the same either way</td></tr>
 * </table>
 *
 * <p>Where a server setting decides whether a backslash escapes a quote in a plain string (MySQL's
 * NO_BACKSLASH_ESCAPES, also for its {@code "..."}; PostgreSQL's standard_conforming_strings=off;
 * and GENERIC, which may be either), the two readings agree everywhere but at a quote after an odd
 * run of backslashes. There each may expose what the other calls a literal: in {@code 'C:\' AND b
 * = 'x'}, without escapes {@code 'x'} is a second string, with them {@code ' AND b = '} is the
 * string's end and {@code x} is code. So the rest of the statement from that string on becomes
 * one {@code ?}, which hides the literals of both readings. PostgreSQL's {@code E'..'} always
 * takes escapes; Oracle, SQL Server and H2 never take them in a plain string; both are read so.
 *
 * <p>GENERIC is for a driver whose database is unknown. Wherever two dialects read a text
 * differently it takes the reading that lets no literal out, even if it hides more than the real
 * database would: {@code "..."} is a literal, {@code $5} is money and {@code 1abc} is {@code
 * ?abc}. Where two readings disagree on where a token ends, the rest of the statement becomes one
 * {@code ?}: at a {@code `..`} or {@code [..]}, a dollar quote, a MySQL {@code /*!..*}{@code /},
 * or a comment that some dialect reads as code ({@code #}, {@code //}, {@code --x}, text after a
 * lone carriage return), when what it holds could start a longer token in the other reading (a
 * quote of any kind, a bracket, a comment opener); at an Oracle {@code q'..'} holding a quote; at
 * a block comment holding a nested opener (PostgreSQL nests, MySQL does not). Otherwise the two
 * readings give the same tokens, and a {@code `..`} or {@code [..]} is kept.
 *
 * <p>Row-value lists ({@code IN ((?, ?), (?, ?))}) are not collapsed.
 *
 * <p>Made by a hand-written single-pass lexer: linear time on any input, at most {@value
 * #MAX_LEXED_LENGTH} characters read, never throws, no regular expressions. Fingerprinting is
 * idempotent: the fingerprint of a normalized text, in the same dialect, is that text. Instances
 * are immutable; equality is equality of {@link #normalized()}.
 */
public final class SqlFingerprint {

  /** Longest {@link #normalized()} text, in characters, including {@value #TRUNCATION_MARKER}. */
  public static final int MAX_NORMALIZED_LENGTH = 32 * 1024;

  /** How a {@link #normalized()} text that was cut ends. */
  public static final String TRUNCATION_MARKER = "...";

  /**
   * Longest start of a statement that is read, in characters: 64 KiB. Longer SQL (usually built
   * with its values inlined) is read only this far, so its cost on every execution is bounded.
   */
  public static final int MAX_LEXED_LENGTH = 64 * 1024;

  private static final SqlFingerprint EMPTY = new SqlFingerprint("", StatementKind.OTHER, 0, 0, false);

  private final String normalized;
  private final StatementKind kind;
  private final int inListSize;
  private final int valuesRows;
  private final boolean cut;

  SqlFingerprint(String normalized, StatementKind kind, int inListSize, int valuesRows, boolean cut) {
    this.normalized = normalized;
    this.kind = kind;
    this.inListSize = inListSize;
    this.valuesRows = valuesRows;
    this.cut = cut;
  }

  /**
   * The fingerprint of {@code sql} read as {@code dialect} ({@link SqlDialect#GENERIC} when {@code
   * null}); of {@code ""} when {@code sql} is {@code null}.
   */
  public static SqlFingerprint of(String sql, SqlDialect dialect) {
    return of((CharSequence) sql, dialect);
  }

  /**
   * The same for any character sequence: the tests pass one that counts the characters the lexer
   * reads, to check the work is linear without timing anything.
   */
  static SqlFingerprint of(CharSequence sql, SqlDialect dialect) {
    if (sql == null || sql.length() == 0) {
      return EMPTY;
    }
    return new SqlLexer(sql, dialect == null ? SqlDialect.GENERIC : dialect).fingerprint();
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

  /**
   * Whether the SQL was longer than {@value #MAX_LEXED_LENGTH} characters and only its start was
   * read: {@link #normalized()} then ends in {@value #TRUNCATION_MARKER}, and the other properties
   * describe the start only.
   */
  public boolean isCut() {
    return cut;
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
