package io.connlens.agent.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
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
import org.junit.jupiter.params.provider.MethodSource;

class SqlFingerprintPropertyTest {

  private static final int ONE_MIB = 1 << 20;

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
          "\ud83d\ude00", "\ud83d", "\ude00", "...");

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

  @Property(tries = 2000)
  void fingerprinting_sql_soup_returns_a_bounded_fingerprint(@ForAll("sqlSoup") String sql) {
    assertReturnsBounded(sql);
  }

  @Property(tries = 2000)
  void fingerprinting_arbitrary_unicode_returns_a_bounded_fingerprint(@ForAll("unicode") String sql) {
    assertReturnsBounded(sql);
  }

  @Property(tries = 2000)
  void fingerprinting_binary_garbage_returns_a_bounded_fingerprint(
      @ForAll("binaryGarbage") String sql) {
    assertReturnsBounded(sql);
  }

  @Property(tries = 10)
  void fingerprinting_a_mebibyte_of_random_characters_returns_a_bounded_fingerprint(
      @ForAll long seed) {
    // given 1 MiB of random UTF-16 code units, surrogates and controls included
    Random random = new Random(seed);
    char[] chars = new char[ONE_MIB];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) random.nextInt(Character.MAX_VALUE + 1);
    }

    assertReturnsBounded(new String(chars));
  }

  @Property(tries = 10)
  void fingerprinting_a_mebibyte_of_sql_soup_returns_a_bounded_fingerprint(@ForAll long seed) {
    assertReturnsBounded(soupOfLength(new Random(seed), ONE_MIB));
  }

  private static void assertReturnsBounded(String sql) {
    // when fingerprinted
    SqlFingerprint fingerprint = SqlFingerprint.of(sql);

    // then there is a fingerprint, within the length limit
    assertThat(fingerprint.normalized()).hasSizeLessThanOrEqualTo(SqlFingerprint.MAX_NORMALIZED_LENGTH);
    assertThat(fingerprint.kind()).isNotNull();
    assertThat(fingerprint.inListSize()).isNotNegative();
    assertThat(fingerprint.valuesRows()).isNotNegative();
  }

  // ---- idempotent

  @Property(tries = 5000)
  void fingerprinting_a_normalized_text_gives_that_text(@ForAll("anyText") String sql) {
    // given a normalized text
    String normalized = SqlFingerprint.of(sql).normalized();

    // when fingerprinted again, then nothing changes
    assertThat(SqlFingerprint.of(normalized).normalized()).isEqualTo(normalized);
  }

  /** Fragments that open no quote nor comment, so a long soup of them normalizes to long text. */
  private static final List<String> PLAIN_FRAGMENTS =
      FRAGMENTS.stream()
          .filter(f -> f.chars().noneMatch(c -> "'\"`$[/-".indexOf(c) >= 0))
          .collect(Collectors.toList());

  /** The same without whitespace and commas: the cut must fall inside one long run of tokens. */
  private static final List<String> PLAIN_UNSPACED_FRAGMENTS =
      PLAIN_FRAGMENTS.stream()
          .filter(f -> f.chars().noneMatch(c -> c == ',' || c <= ' ' || Character.isSpaceChar(c)))
          .collect(Collectors.toList());

  @Property(tries = 100)
  void fingerprinting_a_cut_text_gives_that_text(@ForAll long seed, @ForAll boolean spaced) {
    // given text whose normalized form is over the length limit, so it is cut
    List<String> fragments = spaced ? PLAIN_FRAGMENTS : PLAIN_UNSPACED_FRAGMENTS;
    String normalized = SqlFingerprint.of(soupOfLength(new Random(seed), fragments, 100_000)).normalized();
    assertThat(normalized).endsWith(SqlFingerprint.TRUNCATION_MARKER);

    // when fingerprinted again, then nothing changes
    assertThat(SqlFingerprint.of(normalized).normalized()).isEqualTo(normalized);
  }

  // ---- no literal survives

  /**
   * Statements with literal slots: {@code {L}} takes any literal, {@code {-L}} (only after an
   * operator, a parenthesis or a comma) also a signed number.
   */
  private static final List<String> TEMPLATES =
      List.of(
          "SELECT * FROM orders o WHERE o.customer_id = {L} AND o.status = {L} ORDER BY o.id LIMIT {L} OFFSET {L}",
          "select t1.col_2, \"Order\".x from t1 join \"Order\" on t1.id = \"Order\".t1_id where t1.name like {L} and t1.amount >{-L}",
          "INSERT INTO audit (id, msg, ts) VALUES ({-L}, {L},{L})",
          "UPDATE accounts SET balance = balance +{-L}, note = {L} WHERE id = {L} -- trailing note",
          "DELETE FROM t WHERE a IN ({L}, x) /* note: 'x' */ AND b ={-L}",
          "SELECT [Id], [Name] FROM [dbo].[Users] WHERE [Age] >= {L} AND [City] = {L}",
          "SELECT `id` FROM `t` WHERE `x` = {L} OR `y` =  {-L}",
          "WITH recent AS (SELECT * FROM events WHERE kind = {L}) SELECT count(*) FROM recent WHERE score < {L}",
          "{call refresh({L}, {-L})}",
          "select * from f(:p1, $1, ?) where x between {L} and {L} and y in ({-L})",
          "SELECT a[{L}], ARRAY[{L}, {-L}] FROM t WHERE b = ANY({L}) AND c::text = {L}",
          "SELECT CASE WHEN a > {L} THEN {L} ELSE {L} END FROM t WHERE b<{-L}",
          "  SELECT\n\tx\nFROM t\nWHERE y = {L}\n  AND z = {L} ;");

  private static final int MAX_SLOTS = 8;

  /** A literal as written in SQL, and text of it that must not appear in a fingerprint. */
  static final class Literal {
    final String sql;
    final String secret;
    final boolean isNumber;

    Literal(String sql, String secret, boolean isNumber) {
      this.sql = sql;
      this.secret = secret;
      this.isNumber = isNumber;
    }

    @Override
    public String toString() {
      return sql;
    }
  }

  /**
   * String contents: characters that end, escape or open something, between two markers that no
   * template holds, so any surviving piece of the content shows.
   */
  @Provide
  Arbitrary<String> stringContents() {
    return Arbitraries.strings()
        .withChars("abcXYZ019 '\"`\\-/*$?:,()[]{};.\n\t\u00e9\u20ac\ud83d\ude00")
        .ofMaxLength(16)
        .map(s -> "\u00ab" + s + "\u00bb");
  }

  @Provide
  Arbitrary<Literal> stringLiterals() {
    Arbitrary<String> forms = Arbitraries.of("'", "E'", "e'", "N'", "U&'", "$$", "$fn$", "q'[");
    Arbitrary<Literal> quoted =
        Combinators.combine(forms, stringContents())
            .as((form, content) -> new Literal(quote(form, content), content, false));
    Arbitrary<Literal> hex =
        Arbitraries.strings()
            .withChars("0123456789ABCDEF")
            .ofLength(10)
            .map(h -> new Literal("X'" + h + "'", h, false));
    Arbitrary<Literal> bits =
        Arbitraries.strings().withChars("01").ofLength(12).map(b -> new Literal("B'" + b + "'", b, false));
    return Arbitraries.frequencyOf(Tuple.of(8, quoted), Tuple.of(1, hex), Tuple.of(1, bits));
  }

  private static String quote(String form, String content) {
    switch (form) {
      case "E'":
      case "e'":
        return form + content.replace("\\", "\\\\").replace("'", "\\'") + "'";
      case "$$":
      case "$fn$":
        return form + content.replace("$", "") + form;
      case "q'[":
        return form + content.replace("]", "") + "]'";
      default:
        return form + content.replace("'", "''") + "'";
    }
  }

  @Provide
  Arbitrary<Literal> numberLiterals() {
    Arbitrary<String> integers = Arbitraries.longs().between(10_000, 999_999_999_999L).map(String::valueOf);
    Arbitrary<String> decimals =
        Combinators.combine(Arbitraries.integers().between(0, 99_999), Arbitraries.integers().between(10_000, 99_999))
            .as((whole, fraction) -> whole + "." + fraction);
    Arbitrary<String> fractions = Arbitraries.integers().between(10_000, 99_999).map(f -> "." + f);
    Arbitrary<String> exponents =
        Combinators.combine(
                decimals, Arbitraries.of("e", "E", "e-", "E+"), Arbitraries.integers().between(1, 300))
            .as((mantissa, e, exponent) -> mantissa + e + exponent);
    Arbitrary<String> hex =
        Arbitraries.longs().between(0x10000, 0xFFFFFFFFL).map(h -> "0x" + Long.toHexString(h));
    Arbitrary<String> grouped = Arbitraries.integers().between(100, 999).map(g -> g + "_000_" + g);
    return Arbitraries.oneOf(integers, decimals, fractions, exponents, hex, grouped)
        .map(n -> new Literal(n, n, true));
  }

  @Provide
  Arbitrary<List<Literal>> literalLists() {
    return Arbitraries.oneOf(stringLiterals(), numberLiterals()).list().ofSize(MAX_SLOTS);
  }

  @Provide
  Arbitrary<List<String>> signLists() {
    return Arbitraries.of("", "", "-", "+").list().ofSize(MAX_SLOTS);
  }

  @Provide
  Arbitrary<String> templates() {
    return Arbitraries.of(TEMPLATES);
  }

  @Provide
  Arbitrary<String> filledTemplates() {
    return Combinators.combine(templates(), literalLists(), signLists()).as(SqlFingerprintPropertyTest::fill);
  }

  /** The template with its slots filled in order; a sign goes before a number in a {-L} slot. */
  private static String fill(String template, List<Literal> literals, List<String> signs) {
    StringBuilder sql = new StringBuilder();
    int slot = 0;
    int i = 0;
    while (i < template.length()) {
      if (template.startsWith("{L}", i) || template.startsWith("{-L}", i)) {
        boolean signed = template.charAt(i + 1) == '-';
        Literal literal = literals.get(slot);
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

  @Property(tries = 3000)
  void no_inserted_literal_survives(
      @ForAll("templates") String template,
      @ForAll("literalLists") List<Literal> literals,
      @ForAll("signLists") List<String> signs) {
    // given a statement with generated literals in its slots
    String sql = fill(template, literals, signs);

    // when fingerprinted
    String normalized = SqlFingerprint.of(sql).normalized();

    // then no literal, nor any piece of a string's content, is left
    for (Literal literal : literals) {
      assertThat(normalized).doesNotContain(literal.secret);
    }
    assertThat(normalized).doesNotContain("\u00ab").doesNotContain("\u00bb");
  }

  @Property(tries = 3000)
  void statements_differing_only_in_literals_share_a_fingerprint(
      @ForAll("templates") String template,
      @ForAll("literalLists") List<Literal> literals,
      @ForAll("literalLists") List<Literal> otherLiterals,
      @ForAll("signLists") List<String> signs) {
    // given one statement with two sets of literals
    SqlFingerprint one = SqlFingerprint.of(fill(template, literals, signs));
    SqlFingerprint other = SqlFingerprint.of(fill(template, otherLiterals, signs));

    // then both read as the statement with placeholders
    assertThat(one).isEqualTo(other);
    assertThat(one.normalized()).isEqualTo(SqlFingerprint.of(withPlaceholders(template)).normalized());
    assertThat(one.kind()).isEqualTo(SqlFingerprint.of(withPlaceholders(template)).kind());
  }

  @Provide
  Arbitrary<String> listSeparators() {
    return Arbitraries.of(",", ", ", " , ", ",\n  ", " ,", "/* c */,");
  }

  @Provide
  Arbitrary<String> listItems() {
    return Arbitraries.oneOf(
        Arbitraries.just("?"), stringLiterals().map(l -> l.sql), numberLiterals().map(l -> l.sql));
  }

  @Property(tries = 1000)
  void in_lists_of_any_length_and_spacing_share_a_fingerprint(
      @ForAll @IntRange(min = 1, max = 60) int size,
      @ForAll("listItems") String item,
      @ForAll("listSeparators") String separator,
      @ForAll("listSeparators") String otherSeparator) {
    // given an IN list of `size` items, spaced in two ways
    List<String> items = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      items.add(i % 2 == 0 ? item : "?");
    }
    String sql = "SELECT * FROM t WHERE id in ( " + joinAlternating(items, separator, otherSeparator) + " ) AND b = 1";

    // when fingerprinted
    SqlFingerprint fingerprint = SqlFingerprint.of(sql);

    // then the list reads as one placeholder and its length is kept
    assertThat(fingerprint.normalized()).isEqualTo("SELECT * FROM t WHERE id in (?) AND b = ?");
    assertThat(fingerprint.inListSize()).isEqualTo(size);
  }

  @Property(tries = 1000)
  void values_lists_of_any_row_count_share_a_fingerprint(
      @ForAll @IntRange(min = 1, max = 40) int rows,
      @ForAll("listItems") String item,
      @ForAll("listSeparators") String separator) {
    // given a multi-row insert of `rows` rows
    List<String> rowTexts = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      rowTexts.add("(" + item + separator + "?" + separator + "f(" + item + "))");
    }
    String sql = "INSERT INTO t (a, b, c) VALUES " + joinAlternating(rowTexts, separator, separator) + " RETURNING id";

    // when fingerprinted
    SqlFingerprint fingerprint = SqlFingerprint.of(sql);

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

  static List<String> adversarialPatterns() {
    return ADVERSARIAL_PATTERNS;
  }

  @ParameterizedTest(name = "{0} repeated to 1 MiB")
  @MethodSource("adversarialPatterns")
  void a_mebibyte_of_a_repeated_pattern_is_read_in_linear_time(String pattern) {
    assertLinearWork(repeatTo(pattern, ONE_MIB));
  }

  @Property(tries = 20)
  void a_mebibyte_of_sql_soup_is_read_in_linear_time(@ForAll long seed) {
    assertLinearWork(soupOfLength(new Random(seed), ONE_MIB));
  }

  @Property(tries = 20)
  void near_misses_of_a_tag_of_any_length_are_read_in_linear_time(
      @ForAll @IntRange(min = 1, max = 5000) int tagLength) {
    assertLinearWork(nearMissTags(tagLength));
  }

  private static void assertLinearWork(String sql) {
    // given the input wrapped in a counter of character reads
    CountingCharSequence counted = new CountingCharSequence(sql);

    // when fingerprinted
    SqlFingerprint.of(counted);

    // then the work done is linear in the length
    assertThat(counted.reads()).isLessThanOrEqualTo((long) READS_PER_CHARACTER * sql.length());
  }

  @Example
  void a_dollar_quote_full_of_near_misses_of_a_long_tag_is_read_in_linear_time() {
    // given a 1000-character tag and a body of '$' + all but the last tag character, repeated:
    // every '$' starts a comparison that runs 999 characters before it fails
    String sql = nearMissTags(1000);
    CountingCharSequence counted = new CountingCharSequence(sql);

    // when fingerprinted
    SqlFingerprint fingerprint = SqlFingerprint.of(counted);

    // then it is one placeholder, found with linear work
    assertThat(fingerprint.normalized()).isEqualTo("SELECT ?");
    assertThat(counted.reads()).isLessThanOrEqualTo((long) READS_PER_CHARACTER * sql.length());
  }

  @Example
  void a_dollar_quote_body_of_dollars_is_read_in_linear_time() {
    // given a 1000-character tag and a body of a million '$': a search that compared the whole tag
    // at each '$' would read a thousand characters for each one
    String tag = "$" + "t".repeat(1000) + "$";
    String sql = "SELECT " + tag + "$".repeat(ONE_MIB) + tag + ", 1";
    CountingCharSequence counted = new CountingCharSequence(sql);

    assertThat(SqlFingerprint.of(counted).normalized()).isEqualTo("SELECT ?, ?");
    assertThat(counted.reads()).isLessThanOrEqualTo((long) READS_PER_CHARACTER * sql.length());
  }

  @Example
  void half_a_million_nested_comment_openers_are_read_in_linear_time() {
    String sql = "SELECT 1 " + "/*".repeat(ONE_MIB / 4);
    CountingCharSequence counted = new CountingCharSequence(sql);

    assertThat(SqlFingerprint.of(counted).normalized()).isEqualTo("SELECT ?");
    assertThat(counted.reads()).isLessThanOrEqualTo((long) READS_PER_CHARACTER * sql.length());
  }

  /** SELECT $tag$ ($ + tag without its last character + 'b') x N $tag$, about 1 MiB. */
  private static String nearMissTags(int tagLength) {
    String tag = "t".repeat(tagLength);
    String nearMiss = "$" + tag.substring(0, tagLength - 1) + "b";
    return "SELECT $" + tag + "$" + repeatTo(nearMiss, ONE_MIB) + "$" + tag + "$";
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

  /** A character sequence that counts how often the lexer reads one of its characters. */
  private static final class CountingCharSequence implements CharSequence {
    private final String text;
    private long reads;

    CountingCharSequence(String text) {
      this.text = text;
    }

    long reads() {
      return reads;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      reads++;
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      // Would read characters without counting them: the lexer must not call it.
      throw new UnsupportedOperationException("subSequence");
    }

    @Override
    public String toString() {
      return "CountingCharSequence(" + text.length() + " chars)";
    }
  }
}
