package io.connlens.agent.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.testing.CountingCharSequence;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties of fingerprints in every dialect (the leak properties are in SqlLiteralLeakPropertyTest). */
class SqlFingerprintPropertyTest {

  private static final int ONE_MIB = 1 << 20;

  /** What the lexer reads at most; linear work is checked on inputs of this length. */
  private static final int LEXED = SqlFingerprint.MAX_LEXED_LENGTH;

  /**
   * Characters examined per input character that the lexer may not exceed: a constant, whatever
   * the input. (It reads each character a few times: once to classify it, once to copy it, and
   * for keywords once more to compare.)
   */
  private static final int READS_PER_CHARACTER = 6;

  /** Pieces that open, close, escape or prefix something, glued at random: the lexer's edge cases. */
  private static final List<String> FRAGMENTS =
      List.of(
          "'", "''", "\"", "`", "[", "]", "(", ")", ",", " ", "  ", "\n", "\r", "\t", "--", "-",
          "+", "/*", "*/", "*", "/", "$", "$$", "$a$", "$ab$", "$1", "?", "?1", ":", ":1", "::",
          ".", ".5", "5", "42", "1e", "1e5", "1.", "E", "e'", "E'", "\\", "\\'", "N'", "X'", "B'",
          "U&'", "q'[", "]'", "nq'", "q'", "0x", "0x1F", "1_", "IN", "in", "IN (", " IN (?, ?)",
          "VALUES", "values (", "), (", "WITH", "SELECT", "DELETE", "ARRAY", "ARRAY[", "x[", "{",
          "}", "=", "-5", "a", "t1", "_", ";", "a.5", "é", "\u00a0", "\u2003", "\u0000",
          "\ud83d\ude00", "\ud83d", "\ude00", "...", "#", "##", "//", "/*!", "/*+", "--x", "-- ", "\r",
          "$5", "$.5", "0b1", "0o7", "_x'", "q'!", "!'", "`a``", "]]", "[a]", "1abc", "\u007f");

  // ---- generators

  @Provide
  Arbitrary<String> sqlSoup() {
    return Arbitraries.of(FRAGMENTS).list().ofMaxSize(40).map(pieces -> String.join("", pieces));
  }

  @Provide
  Arbitrary<String> unicode() {
    return Arbitraries.strings().all().ofMaxLength(300);
  }

  @Provide
  Arbitrary<String> binaryGarbage() {
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofMaxSize(300)
        .map(bytes -> new String(bytes, StandardCharsets.ISO_8859_1));
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.oneOf(sqlSoup(), unicode(), binaryGarbage(), filledTemplates());
  }

  // ---- never throws, always returns, bounded

  @Property(tries = 3000)
  void fingerprinting_sql_soup_returns_a_bounded_fingerprint(@ForAll("sqlSoup") String sql, @ForAll SqlDialect dialect) {
    assertReturnsBounded(sql, dialect);
  }

  @Property(tries = 2000)
  void fingerprinting_arbitrary_unicode_returns_a_bounded_fingerprint(@ForAll("unicode") String sql, @ForAll SqlDialect dialect) {
    assertReturnsBounded(sql, dialect);
  }

  @Property(tries = 2000)
  void fingerprinting_binary_garbage_returns_a_bounded_fingerprint(
      @ForAll("binaryGarbage") String sql, @ForAll SqlDialect dialect) {
    assertReturnsBounded(sql, dialect);
  }

  @Property(tries = 12)
  void fingerprinting_a_mebibyte_of_random_characters_returns_a_bounded_fingerprint(
      @ForAll long seed, @ForAll SqlDialect dialect) {
    // given 1 MiB of random UTF-16 code units, surrogates and controls included
    Random random = new Random(seed);
    char[] chars = new char[ONE_MIB];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) random.nextInt(Character.MAX_VALUE + 1);
    }

    assertReturnsBounded(new String(chars), dialect);
  }

  @Property(tries = 12)
  void fingerprinting_a_mebibyte_of_sql_soup_returns_a_bounded_fingerprint(@ForAll long seed, @ForAll SqlDialect dialect) {
    assertReturnsBounded(soupOfLength(new Random(seed), ONE_MIB), dialect);
  }

  private static void assertReturnsBounded(String sql, SqlDialect dialect) {
    // when fingerprinted
    SqlFingerprint fingerprint = SqlFingerprint.of(sql, dialect);

    // then there is a fingerprint, within the length limit
    assertThat(fingerprint.normalized()).hasSizeLessThanOrEqualTo(SqlFingerprint.MAX_NORMALIZED_LENGTH);
    assertThat(fingerprint.kind()).isNotNull();
    assertThat(fingerprint.inListSize()).isNotNegative();
    assertThat(fingerprint.valuesRows()).isNotNegative();
    // and it tells whether the SQL was read only in part
    assertThat(fingerprint.isCut()).isEqualTo(sql.length() > SqlFingerprint.MAX_LEXED_LENGTH);
  }

  // ---- idempotent

  @Property(tries = 10000)
  void fingerprinting_a_normalized_text_gives_that_text(@ForAll("anyText") String sql, @ForAll SqlDialect dialect) {
    // given a normalized text
    String normalized = SqlFingerprint.of(sql, dialect).normalized();

    // when fingerprinted again, in the same dialect, then nothing changes
    assertThat(SqlFingerprint.of(normalized, dialect).normalized()).isEqualTo(normalized);
  }

  /** Fragments that open no quote nor comment, so a long soup of them normalizes to long text. */
  private static final List<String> PLAIN_FRAGMENTS =
      FRAGMENTS.stream()
          .filter(f -> f.chars().noneMatch(c -> "'\"`$[/-#".indexOf(c) >= 0))
          .collect(Collectors.toList());

  /** The same without whitespace and commas: the cut must fall inside one long run of tokens. */
  private static final List<String> PLAIN_UNSPACED_FRAGMENTS =
      PLAIN_FRAGMENTS.stream()
          .filter(f -> f.chars().noneMatch(c -> c == ',' || c <= ' ' || Character.isSpaceChar(c)))
          .collect(Collectors.toList());

  @Property(tries = 100)
  void fingerprinting_a_cut_text_gives_that_text(@ForAll long seed, @ForAll boolean spaced, @ForAll SqlDialect dialect) {
    // given text whose normalized form is over the length limit, so it is cut
    List<String> fragments = spaced ? PLAIN_FRAGMENTS : PLAIN_UNSPACED_FRAGMENTS;
    String sql = soupOfLength(new Random(seed), fragments, SqlFingerprint.MAX_LEXED_LENGTH - 16);
    SqlFingerprint fingerprint = SqlFingerprint.of(sql, dialect);
    String normalized = fingerprint.normalized();
    assertThat(fingerprint.isCut()).isFalse();
    assertThat(normalized).endsWith(SqlFingerprint.TRUNCATION_MARKER);

    // when fingerprinted again, then nothing changes
    assertThat(SqlFingerprint.of(normalized, dialect).normalized()).isEqualTo(normalized);
  }

  @Property(tries = 100)
  void fingerprinting_the_text_of_sql_read_in_part_gives_that_text(
      @ForAll long seed, @ForAll boolean plain, @ForAll SqlDialect dialect) {
    // given SQL longer than what is read, so its reading stops inside it
    String sql = soupOfLength(new Random(seed), plain ? PLAIN_FRAGMENTS : FRAGMENTS, SqlFingerprint.MAX_LEXED_LENGTH + 1 + new Random(seed).nextInt(5000));
    SqlFingerprint fingerprint = SqlFingerprint.of(sql, dialect);
    String normalized = fingerprint.normalized();
    assertThat(fingerprint.isCut()).isTrue();
    assertThat(normalized).endsWith(SqlFingerprint.TRUNCATION_MARKER);

    // when its text is fingerprinted again, then the text is the same (and read whole this time)
    SqlFingerprint again = SqlFingerprint.of(normalized, dialect);
    assertThat(again.normalized()).isEqualTo(normalized);
    assertThat(again.isCut()).isFalse();
  }

  // ---- literals of each dialect

  /**
   * Statements with literal slots, in standard SQL every dialect reads alike: {@code {L}} takes any
   * literal, {@code {-L}} (only after an operator, a parenthesis or a comma) also a signed number.
   */
  private static final List<String> TEMPLATES =
      List.of(
          "SELECT * FROM orders o WHERE o.customer_id = {L} AND o.status = {L} ORDER BY o.id LIMIT {L} OFFSET {L}",
          "select t1.col_2 from t1 join t2 on t1.id = t2.t1_id where t1.name like {L} and t1.amount >{-L}",
          "INSERT INTO audit (id, msg, ts) VALUES ({-L}, {L},{L})",
          "UPDATE accounts SET balance = balance +{-L}, note = {L} WHERE id = {L} -- trailing note",
          "DELETE FROM t WHERE a IN ({L}, x) /* note: 'x' */ AND b ={-L}",
          "WITH recent AS (SELECT * FROM events WHERE kind = {L}) SELECT count(*) FROM recent WHERE score < {L}",
          "{call refresh({L}, {-L})}",
          "select * from f(:p1, ?) where x between {L} and {L} and y in ({-L})",
          "SELECT CASE WHEN a > {L} THEN {L} ELSE {L} END FROM t WHERE b<{-L}",
          "  SELECT\n\tx\nFROM t\nWHERE y = {L}\n  AND z = {L} ;");

  private static final int MAX_SLOTS = 8;

  private static final List<SqlDialect> WRITERS =
      List.of(SqlDialect.POSTGRESQL, SqlDialect.MYSQL, SqlDialect.SQLSERVER, SqlDialect.ORACLE, SqlDialect.H2);

  /**
   * Literals {@code dialect} reads (GENERIC: of any dialect) that read as one {@code ?} on their
   * own: not those after which the rest of a statement is one literal by design.
   */
  private static Arbitrary<DialectLiterals.Item> wholeLiterals(SqlDialect dialect) {
    Arbitrary<DialectLiterals.Item> any =
        dialect == SqlDialect.GENERIC
            ? Arbitraries.of(WRITERS).flatMap(DialectLiterals::literals)
            : DialectLiterals.literals(dialect);
    return any.filter(l -> SqlFingerprint.of("SELECT " + l.sql + " FROM t", dialect).normalized().equals("SELECT ? FROM t"));
  }

  @Provide
  Arbitrary<String> templates() {
    return Arbitraries.of(TEMPLATES);
  }

  @Provide
  Arbitrary<List<String>> signLists() {
    return Arbitraries.of("", "", "-", "+").list().ofSize(MAX_SLOTS);
  }

  @Provide
  Arbitrary<String> filledTemplates() {
    return Combinators.combine(
            templates(), Arbitraries.of(WRITERS).flatMap(d -> DialectLiterals.literals(d).list().ofSize(MAX_SLOTS)), signLists())
        .as(SqlFingerprintPropertyTest::fill);
  }

  /** The template with its slots filled in order; a sign goes before a number in a {-L} slot. */
  private static String fill(String template, List<DialectLiterals.Item> literals, List<String> signs) {
    StringBuilder sql = new StringBuilder();
    int slot = 0;
    int i = 0;
    while (i < template.length()) {
      if (template.startsWith("{L}", i) || template.startsWith("{-L}", i)) {
        boolean signed = template.charAt(i + 1) == '-';
        DialectLiterals.Item literal = literals.get(slot);
        if (signed && literal.isNumber) {
          sql.append(signs.get(slot));
        }
        sql.append(literal.sql);
        slot++;
        i += signed ? 4 : 3;
      } else {
        sql.append(template.charAt(i));
        i++;
      }
    }
    return sql.toString();
  }

  private static String withPlaceholders(String template) {
    return template.replace("{-L}", "?").replace("{L}", "?");
  }

  /** A dialect, a template, and two sets of literals that dialect reads whole. */
  static final class TwoFillings {
    final SqlDialect dialect;
    final String template;
    final List<DialectLiterals.Item> one;
    final List<DialectLiterals.Item> other;
    final List<String> signs;

    TwoFillings(SqlDialect dialect, String template, List<DialectLiterals.Item> one, List<DialectLiterals.Item> other, List<String> signs) {
      this.dialect = dialect;
      this.template = template;
      this.one = one;
      this.other = other;
      this.signs = signs;
    }

    @Override
    public String toString() {
      return dialect + ": " + fill(template, one, signs) + " / " + fill(template, other, signs);
    }
  }

  @Provide
  Arbitrary<TwoFillings> twoFillings() {
    return Arbitraries.of(SqlDialect.values())
        .flatMap(
            d ->
                Combinators.combine(
                        templates(),
                        wholeLiterals(d).list().ofSize(MAX_SLOTS),
                        wholeLiterals(d).list().ofSize(MAX_SLOTS),
                        signLists())
                    .as((t, one, other, signs) -> new TwoFillings(d, t, one, other, signs)));
  }

  @Property(tries = 3000)
  void statements_differing_only_in_literals_share_a_fingerprint(@ForAll("twoFillings") TwoFillings f) {
    // given one statement with two sets of literals
    SqlFingerprint one = SqlFingerprint.of(fill(f.template, f.one, f.signs), f.dialect);
    SqlFingerprint other = SqlFingerprint.of(fill(f.template, f.other, f.signs), f.dialect);

    // then both read as the statement with placeholders
    SqlFingerprint placeholders = SqlFingerprint.of(withPlaceholders(f.template), f.dialect);
    assertThat(one).isEqualTo(other);
    assertThat(one.normalized()).isEqualTo(placeholders.normalized());
    assertThat(one.kind()).isEqualTo(placeholders.kind());
  }

  @Provide
  Arbitrary<String> listSeparators() {
    return Arbitraries.of(",", ", ", " , ", ",\n  ", " ,", "/* c */,");
  }

  @Provide
  Arbitrary<Tuple.Tuple2<SqlDialect, String>> listItems() {
    return Arbitraries.of(SqlDialect.values())
        .flatMap(d -> Arbitraries.oneOf(Arbitraries.just("?"), wholeLiterals(d).map(l -> l.sql)).map(item -> Tuple.of(d, item)));
  }

  @Property(tries = 1000)
  void in_lists_of_any_length_and_spacing_share_a_fingerprint(
      @ForAll @IntRange(min = 1, max = 60) int size,
      @ForAll("listItems") Tuple.Tuple2<SqlDialect, String> dialectAndItem,
      @ForAll("listSeparators") String separator,
      @ForAll("listSeparators") String otherSeparator) {
    SqlDialect dialect = dialectAndItem.get1();
    String item = dialectAndItem.get2();
    // given an IN list of `size` items, spaced in two ways
    List<String> items = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      items.add(i % 2 == 0 ? item : "?");
    }
    String sql = "SELECT * FROM t WHERE id in ( " + joinAlternating(items, separator, otherSeparator) + " ) AND b = 1";

    // when fingerprinted
    SqlFingerprint fingerprint = SqlFingerprint.of(sql, dialect);

    // then the list reads as one placeholder and its length is kept
    assertThat(fingerprint.normalized()).isEqualTo("SELECT * FROM t WHERE id in (?) AND b = ?");
    assertThat(fingerprint.inListSize()).isEqualTo(size);
  }

  @Property(tries = 1000)
  void values_lists_of_any_row_count_share_a_fingerprint(
      @ForAll @IntRange(min = 1, max = 40) int rows,
      @ForAll("listItems") Tuple.Tuple2<SqlDialect, String> dialectAndItem,
      @ForAll("listSeparators") String separator) {
    SqlDialect dialect = dialectAndItem.get1();
    String item = dialectAndItem.get2();
    // given a multi-row insert of `rows` rows
    List<String> rowTexts = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      rowTexts.add("(" + item + separator + "?" + separator + "f(" + item + "))");
    }
    String sql = "INSERT INTO t (a, b, c) VALUES " + joinAlternating(rowTexts, separator, separator) + " RETURNING id";

    // when fingerprinted
    SqlFingerprint fingerprint = SqlFingerprint.of(sql, dialect);

    // then only the first row is left and the row count is kept
    assertThat(fingerprint.normalized()).isEqualTo("INSERT INTO t (a, b, c) VALUES (?, ?, f(?)) RETURNING id");
    assertThat(fingerprint.valuesRows()).isEqualTo(rows);
  }

  private static String joinAlternating(List<String> items, String separator, String otherSeparator) {
    StringBuilder joined = new StringBuilder();
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        joined.append(i % 2 == 0 ? separator : otherSeparator);
      }
      joined.append(items.get(i));
    }
    return joined.toString();
  }

  // ---- linear work, counted, never timed

  /** Patterns that make a naive lexer re-read text: repeated to 1 MiB, each must stay linear. */
  private static final List<String> ADVERSARIAL_PATTERNS =
      List.of(
          "'", "''", "\"", "`", "[", "$", "$$", "$a$", "$a", "/*", "*/", "/*/", "--\n", "-", "(", ")",
          "E'\\", "q'[", "?1", ":1", "0x", "1e", "1.", "-1a", "1_", "a", "IN (?, ", "VALUES (1), ",
          "ARRAY[", "x[", "\ud83d", "\u2003");

  static Stream<Arguments> adversarialPatternsInEveryDialect() {
    return ADVERSARIAL_PATTERNS.stream()
        .flatMap(p -> Stream.of(SqlDialect.values()).map(d -> Arguments.of(p, d)));
  }

  @ParameterizedTest(name = "{0} repeated to 64 KiB, {1}")
  @MethodSource("adversarialPatternsInEveryDialect")
  void a_repeated_pattern_as_long_as_what_is_read_is_read_in_linear_time(String pattern, SqlDialect dialect) {
    assertLinearWork(repeatTo(pattern, LEXED), dialect);
  }

  @ParameterizedTest(name = "{0} repeated to 1 MiB, {1}")
  @MethodSource("adversarialPatternsInEveryDialect")
  void a_mebibyte_of_a_repeated_pattern_reads_no_more_than_what_is_read_of_any_statement(String pattern, SqlDialect dialect) {
    assertWorkBoundedByTheLexedLength(repeatTo(pattern, ONE_MIB), dialect);
  }

  @Property(tries = 30)
  void sql_soup_as_long_as_what_is_read_is_read_in_linear_time(@ForAll long seed, @ForAll SqlDialect dialect) {
    assertLinearWork(soupOfLength(new Random(seed), LEXED - 16), dialect);
  }

  @Property(tries = 30)
  void a_mebibyte_of_sql_soup_reads_no_more_than_what_is_read_of_any_statement(@ForAll long seed, @ForAll SqlDialect dialect) {
    assertWorkBoundedByTheLexedLength(soupOfLength(new Random(seed), ONE_MIB), dialect);
  }

  @Property(tries = 20)
  void near_misses_of_a_tag_of_any_length_are_read_in_linear_time(
      @ForAll @IntRange(min = 1, max = 5000) int tagLength, @ForAll SqlDialect dialect) {
    assertLinearWork(nearMissTags(tagLength), dialect);
  }

  @Example
  void a_mebibyte_literal_reads_a_constant_times_what_is_read_not_the_mebibyte() {
    // given the issue's case: a 1 MiB string literal, as a counter of character reads
    String sql = "SELECT * FROM t WHERE a = '" + "x".repeat(ONE_MIB) + "' AND b = 1";
    for (SqlDialect dialect : SqlDialect.values()) {
      CountingCharSequence counted = new CountingCharSequence(sql);

      // when fingerprinted
      SqlFingerprint fingerprint = SqlFingerprint.of(counted, dialect);

      // then at most a constant times 64 KiB is read, far less than the 1 MiB it would take to
      // read it all, and the fingerprint says so
      assertThat(counted.reads()).as("%s", dialect).isLessThanOrEqualTo((long) READS_PER_CHARACTER * LEXED);
      assertThat(counted.reads()).as("%s", dialect).isLessThan(sql.length());
      assertThat(fingerprint.isCut()).isTrue();
      assertThat(fingerprint.normalized()).isEqualTo("SELECT * FROM t WHERE a = ? ...");
    }
  }

  private static void assertLinearWork(String sql, SqlDialect dialect) {
    // given the input wrapped in a counter of character reads, all of it read
    assertThat(sql.length()).isLessThanOrEqualTo(LEXED);
    CountingCharSequence counted = new CountingCharSequence(sql);

    // when fingerprinted
    SqlFingerprint.of(counted, dialect);

    // then the work done is linear in the length
    assertThat(counted.reads()).isLessThanOrEqualTo((long) READS_PER_CHARACTER * sql.length());
  }

  private static void assertWorkBoundedByTheLexedLength(String sql, SqlDialect dialect) {
    // given an input far longer than what is read
    assertThat(sql.length()).isGreaterThan(8 * LEXED);
    CountingCharSequence counted = new CountingCharSequence(sql);

    // when fingerprinted
    SqlFingerprint fingerprint = SqlFingerprint.of(counted, dialect);

    // then the work done is bounded by what is read, whatever the whole length
    assertThat(counted.reads()).isLessThanOrEqualTo((long) READS_PER_CHARACTER * LEXED);
    assertThat(fingerprint.isCut()).isTrue();
  }

  @Example
  void a_dollar_quote_full_of_near_misses_of_a_long_tag_is_read_in_linear_time() {
    // given a 1000-character tag and a body of '$' + all but the last tag character, repeated:
    // every '$' starts a comparison that runs 999 characters before it fails
    String sql = nearMissTags(1000);
    CountingCharSequence counted = new CountingCharSequence(sql);

    // when fingerprinted
    SqlFingerprint fingerprint = SqlFingerprint.of(counted, SqlDialect.POSTGRESQL);

    // then it is one placeholder, found with linear work
    assertThat(fingerprint.normalized()).isEqualTo("SELECT ?");
    assertThat(counted.reads()).isLessThanOrEqualTo((long) READS_PER_CHARACTER * sql.length());
  }

  @Example
  void a_dollar_quote_body_of_dollars_is_read_in_linear_time() {
    // given a 1000-character tag and a body of 60,000 '$': a search that compared the whole tag
    // at each '$' would read a thousand characters for each one
    String tag = "$" + "t".repeat(1000) + "$";
    String sql = "SELECT " + tag + "$".repeat(LEXED - 2 * tag.length() - 100) + tag + ", 1";
    CountingCharSequence counted = new CountingCharSequence(sql);

    assertThat(SqlFingerprint.of(counted, SqlDialect.POSTGRESQL).normalized()).isEqualTo("SELECT ?, ?");
    assertThat(counted.reads()).isLessThanOrEqualTo((long) READS_PER_CHARACTER * sql.length());
  }

  @Example
  void thirty_thousand_nested_comment_openers_are_read_in_linear_time() {
    String sql = "SELECT 1 " + "/*".repeat((LEXED - 9) / 2);
    for (SqlDialect dialect : SqlDialect.values()) {
      CountingCharSequence counted = new CountingCharSequence(sql);

      // one comment where comments nest; "/*/" + "*/" pairs where they do not (MySQL, Oracle);
      // GENERIC: a nested opener makes the rest one literal, by design
      String normalized = SqlFingerprint.of(counted, dialect).normalized();
      if (dialect == SqlDialect.MYSQL || dialect == SqlDialect.ORACLE) {
        assertThat(normalized).as("%s", dialect).startsWith("SELECT ? * *");
      } else {
        assertThat(normalized).as("%s", dialect).isEqualTo(dialect == SqlDialect.GENERIC ? "SELECT ? ?" : "SELECT ?");
      }
      assertThat(counted.reads()).isLessThanOrEqualTo((long) READS_PER_CHARACTER * sql.length());
    }
  }

  /** SELECT $tag$ ($ + tag without its last character + 'b') x N $tag$, at most 64 KiB. */
  private static String nearMissTags(int tagLength) {
    String tag = "t".repeat(tagLength);
    String nearMiss = "$" + tag.substring(0, tagLength - 1) + "b";
    int room = LEXED - 2 * (tagLength + 2) - "SELECT ".length();
    return "SELECT $" + tag + "$" + nearMiss.repeat(Math.max(1, room / nearMiss.length())) + "$" + tag + "$";
  }

  private static String repeatTo(String pattern, int length) {
    return pattern.repeat(Math.max(1, length / pattern.length()));
  }

  private static String soupOfLength(Random random, int length) {
    return soupOfLength(random, FRAGMENTS, length);
  }

  private static String soupOfLength(Random random, List<String> fragments, int length) {
    StringBuilder soup = new StringBuilder(length + 16);
    while (soup.length() < length) {
      soup.append(fragments.get(random.nextInt(fragments.size())));
    }
    return soup.toString();
  }
}
