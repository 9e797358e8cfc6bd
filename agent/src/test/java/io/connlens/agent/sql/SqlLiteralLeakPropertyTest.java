package io.connlens.agent.sql;

import static io.connlens.agent.sql.SqlDialect.GENERIC;
import static io.connlens.agent.sql.SqlDialect.H2;
import static io.connlens.agent.sql.SqlDialect.MYSQL;
import static io.connlens.agent.sql.SqlDialect.ORACLE;
import static io.connlens.agent.sql.SqlDialect.POSTGRESQL;
import static io.connlens.agent.sql.SqlDialect.SQLSERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.sql.DialectLiterals.Item;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * No character of a literal nor of a comment survives fingerprinting: in each dialect for every
 * form it allows, in GENERIC for every form of every dialect, and across dialects (a literal of one
 * dialect read as another) except where the reader's own definition reads the text as code ({@link
 * #readsAsCode}, each shown by an example below).
 */
class SqlLiteralLeakPropertyTest {

  private static final List<SqlDialect> WRITERS = List.of(POSTGRESQL, MYSQL, SQLSERVER, ORACLE, H2);

  /** Skeletons every dialect reads alike. {@code {L}} takes a literal, {@code {-L}} also a sign. */
  private static final List<String> COMMON_TEMPLATES =
      List.of(
          "SELECT * FROM orders o WHERE o.customer_id = {L} AND o.status = {L} ORDER BY o.id",
          "select t1.col_2 from t1 join t2 on t1.id = t2.t1_id where t1.name like {L} and t1.amount >{-L}",
          "INSERT INTO audit (id, msg, ts) VALUES ({-L}, {L},{L})",
          "UPDATE accounts SET balance = balance +{-L}, note = {L} WHERE id = {L}",
          "DELETE FROM t WHERE a IN ({L}, x) AND b ={-L}",
          "WITH recent AS (SELECT * FROM events WHERE kind = {L}) SELECT count(*) FROM recent WHERE score < {L}",
          "{call refresh({L}, {-L})}",
          "SELECT CASE WHEN a > {L} THEN {L} ELSE {L} END FROM t WHERE b<{-L}",
          "  SELECT\n\tx\nFROM t\nWHERE y = {L}\n  AND z = {L} ;");

  /** Skeletons in one dialect's own syntax. */
  private static List<String> ownTemplates(SqlDialect dialect) {
    switch (dialect) {
      case POSTGRESQL:
        return List.of(
            "select \"Order\".x from \"Order\" where \"Order\".t = {L} and y = $1",
            "SELECT a[{L}], ARRAY[{L}, {-L}], d [{L}] FROM t WHERE b = ANY({L}) AND c::text = {L}",
            "SELECT data #>> {L}, data #> {L} FROM t WHERE x = {L} LIMIT {L} OFFSET {L}");
      case MYSQL:
        return List.of(
            "SELECT `id` FROM `t` WHERE `x` = {L} OR `y` =  {-L} LIMIT {L}, {L}",
            // quoted names holding quotes: GENERIC must not read them as code
            "SELECT `it's`, `a``b`, `\"q\"` FROM t WHERE `x` = {L} AND y = {L}");
      case SQLSERVER:
        return List.of(
            "SELECT TOP ({L}) [Id], [Name] FROM [dbo].[Users] WHERE [Age] >= {L} AND [City] = {L}",
            "SELECT * FROM #temp t JOIN ##g g ON t.id = g.id WHERE t.price = {L} AND g.x = {-L}",
            "SELECT [it's], [a]]b], [\"q\"] FROM [dbo].[Users] WHERE [Age] >= {L} AND [City] = {L}");
      case ORACLE:
        return List.of(
            "SELECT v$session.sid FROM v$session WHERE a = :name AND b = :1 AND c = {L} AND d = {-L}",
            "select \"Order\".x from \"Order\" where \"Order\".t = {L} fetch first {L} rows only");
      case H2:
        return List.of(
            "select \"A\", `b`, ARRAY[{L}, {-L}][{L}] from t where x = ?1 and y = $1 and z = {L}",
            "select `it's`, \"it's\" from t where z = {L} and w = {L}");
      default:
        List<String> all = new ArrayList<>();
        for (SqlDialect writer : WRITERS) {
          all.addAll(ownTemplates(writer));
        }
        return all;
    }
  }

  private static final int MAX_SLOTS = 8;
  private static final int MAX_COMMENTS = 2;

  /** A statement written in one dialect and read as another, with the items it holds. */
  static final class Case {
    final SqlDialect reader;
    final String sql;
    final List<Item> items;

    Case(SqlDialect reader, String sql, List<Item> items) {
      this.reader = reader;
      this.sql = sql;
      this.items = items;
    }

    @Override
    public String toString() {
      return "read as " + reader + ": " + sql.replace("\n", "\\n").replace("\r", "\\r") + " " + items;
    }
  }

  // ---- generators

  private static Arbitrary<Case> cases(SqlDialect writer, SqlDialect reader, List<String> templates) {
    Arbitrary<List<Item>> literals = DialectLiterals.literals(writer).list().ofSize(MAX_SLOTS);
    Arbitrary<List<Item>> comments = DialectLiterals.comments(writer).list().ofMaxSize(MAX_COMMENTS);
    Arbitrary<List<String>> signs = Arbitraries.of("", "", "-", "+").list().ofSize(MAX_SLOTS);
    Arbitrary<List<Integer>> commentPlaces = Arbitraries.integers().between(0, 1000).list().ofSize(MAX_COMMENTS);
    return Combinators.combine(Arbitraries.of(templates), literals, comments, signs, commentPlaces)
        .as((template, l, c, s, places) -> fill(reader, template, l, c, s, places));
  }

  /**
   * The template with literals in its slots (a sign before a number in a {@code {-L}} slot) and
   * comments at some of its spaces. Items the reader reads as code are left out: a {@code ?} in
   * their slot.
   */
  private static Case fill(
      SqlDialect reader, String template, List<Item> literals, List<Item> comments, List<String> signs, List<Integer> places) {
    List<Integer> spaces = new ArrayList<>();
    for (int i = 0; i < template.length(); i++) {
      if (template.charAt(i) == ' ') {
        spaces.add(i);
      }
    }
    List<Item> kept = new ArrayList<>();
    List<Integer> commentAt = new ArrayList<>();
    List<Item> commentItems = new ArrayList<>();
    for (int k = 0; k < comments.size(); k++) {
      if (!readsAsCode(comments.get(k), reader)) {
        commentAt.add(spaces.get(places.get(k) % spaces.size()));
        commentItems.add(comments.get(k));
        kept.add(comments.get(k));
      }
    }
    StringBuilder sql = new StringBuilder();
    int slot = 0;
    int i = 0;
    while (i < template.length()) {
      for (int k = 0; k < commentAt.size(); k++) {
        if (commentAt.get(k) == i) {
          sql.append(' ').append(commentItems.get(k).sql).append(' ');
        }
      }
      if (template.startsWith("{L}", i) || template.startsWith("{-L}", i)) {
        boolean signed = template.charAt(i + 1) == '-';
        Item literal = literals.get(slot);
        if (readsAsCode(literal, reader)) {
          sql.append('?');
        } else {
          if (signed && literal.isNumber) {
            sql.append(signs.get(slot));
          }
          sql.append(literal.sql);
          kept.add(literal);
        }
        slot++;
        i += signed ? 4 : 3;
      } else {
        sql.append(template.charAt(i));
        i++;
      }
    }
    return new Case(reader, sql.toString(), kept);
  }

  @Provide
  Arbitrary<Case> ownDialectCases() {
    return Arbitraries.of(WRITERS)
        .flatMap(d -> cases(d, d, concat(COMMON_TEMPLATES, ownTemplates(d))));
  }

  @Provide
  Arbitrary<Case> genericCases() {
    // GENERIC reads every dialect's literals, in every dialect's skeletons
    return Arbitraries.of(WRITERS).flatMap(w -> cases(w, GENERIC, concat(COMMON_TEMPLATES, ownTemplates(GENERIC))));
  }

  @Provide
  Arbitrary<Case> crossDialectCases() {
    Arbitrary<Tuple.Tuple2<SqlDialect, SqlDialect>> pairs =
        Combinators.combine(Arbitraries.of(WRITERS), Arbitraries.of(WRITERS)).as(Tuple::of).filter(p -> p.get1() != p.get2());
    return pairs.flatMap(p -> cases(p.get1(), p.get2(), COMMON_TEMPLATES));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  // ---- properties

  @Property(tries = 4000)
  void no_literal_nor_comment_survives_in_its_own_dialect(@ForAll("ownDialectCases") Case c) {
    assertNothingSurvives(c);
  }

  @Property(tries = 4000)
  void no_literal_nor_comment_of_any_dialect_survives_in_generic(@ForAll("genericCases") Case c) {
    assertNothingSurvives(c);
  }

  @Property(tries = 4000)
  void no_literal_nor_comment_of_one_dialect_survives_in_another_unless_that_one_reads_it_as_code(
      @ForAll("crossDialectCases") Case c) {
    assertNothingSurvives(c);
  }

  private static void assertNothingSurvives(Case c) {
    // given a statement that really holds each item's secret
    for (Item item : c.items) {
      assertThat(c.sql).as("premise: %s", item).contains(item.secret);
      if (item.secret.startsWith("zqx")) {
        // a body, between its markers
        assertThat(c.sql).as("premise: %s", item).contains("\u00ab", "\u00bb");
      }
    }

    // when fingerprinted
    String normalized = SqlFingerprint.of(c.sql, c.reader).normalized();

    // then no secret, no digits of a number and no character only bodies hold is left
    for (Item item : c.items) {
      assertThat(normalized).as("%s in %s", item, c).doesNotContain(item.secret);
      for (String digits : digitRuns(item.sql)) {
        assertThat(normalized).as("%s in %s", item, c).doesNotContain(digits);
      }
    }
    for (int k = 0; k < DialectLiterals.BODY_ONLY.length(); k++) {
      assertThat(normalized).as("%s", c).doesNotContain(String.valueOf(DialectLiterals.BODY_ONLY.charAt(k)));
    }
  }

  /** Runs of 4 or more digits: the skeletons hold none, so any in a fingerprint is a literal's. */
  private static List<String> digitRuns(String text) {
    List<String> runs = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int start = i;
      while (i < text.length() && Character.isDigit(text.charAt(i))) {
        i++;
      }
      if (i - start >= 4) {
        runs.add(text.substring(start, i));
      }
      i = Math.max(i, start + 1);
    }
    return runs;
  }

  // ---- what cannot be made safe

  /**
   * Whether {@code reader}, following its own definition, reads part of {@code item} (written for
   * another dialect) as code, where no fingerprint could both read that dialect right and hide it.
   * Each case has an example below.
   */
  static boolean readsAsCode(Item item, SqlDialect reader) {
    if (reader == GENERIC || reader == item.writer) {
      return false;
    }
    String form = item.form;
    boolean standardReader = reader == SQLSERVER || reader == ORACLE || reader == H2;
    // a backslash-escaped quote ends a standard string: what follows is code
    if (standardReader && hasBackslashEscapedQuote(item.sql)) {
      return true;
    }
    // H2 reads E'..' as a standard string, PostgreSQL always with escapes
    if (form.startsWith("e-prefixed standard") && reader == POSTGRESQL && hasBackslashEscapedQuote(item.sql)) {
      return true;
    }
    if (form.contains("double-quoted string") && reader != MYSQL) {
      return true; // an identifier everywhere but in MySQL
    }
    if (form.contains("dollar-quoted") && (reader == MYSQL || reader == SQLSERVER || reader == ORACLE)) {
      return true; // no dollar quotes: MySQL reads names, the others code
    }
    if (form.startsWith("tagged dollar-quoted") && reader == H2) {
      return true; // H2 has $$ only
    }
    if (form.startsWith("alternative-quoted") && alternativeQuoteBodyHoldsQuote(item.sql)) {
      return true; // q'[it's]': elsewhere a string that ends at the quote inside
    }
    if (form.equals("money") && (reader == POSTGRESQL || reader == H2 || reader == MYSQL)) {
      return true; // $12 is a parameter (PostgreSQL, H2) or a name (MySQL)
    }
    if (form.startsWith("# line") && reader != MYSQL) {
      return true; // # is an operator or a name character
    }
    if (form.startsWith("// line") && reader != H2) {
      return true; // an operator
    }
    if (item.isComment && (form.startsWith("# line") || form.startsWith("-- line") || form.startsWith("--tab"))
        && item.sql.indexOf('\r') >= 0) {
      return true; // MySQL's comment runs past a lone \r, which ends it elsewhere
    }
    if (form.startsWith("nested block") && (reader == MYSQL || reader == ORACLE)) {
      return true; // no nesting: the comment ends at the inner close
    }
    // an opener in a MySQL or Oracle comment nests elsewhere: the comment may end inside a later string
    boolean nestingReader = reader == POSTGRESQL || reader == SQLSERVER || reader == H2;
    return item.isComment && nestingReader && item.sql.indexOf("/*", 2) >= 0;
  }

  private static boolean hasBackslashEscapedQuote(String sql) {
    int backslashes = 0;
    // the first and last characters are the delimiters; look inside
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if ((c == '\'' || c == '"') && (backslashes & 1) == 1) {
        return true;
      }
      backslashes = c == '\\' ? backslashes + 1 : 0;
    }
    return false;
  }

  private static boolean alternativeQuoteBodyHoldsQuote(String sql) {
    int open = sql.indexOf('\'') + 1;
    return sql.substring(open + 1, sql.length() - 2).indexOf('\'') >= 0;
  }

  // ---- the exclusions, shown: each leaks in the reader, because the reader reads code there

  @Test
  void a_backslash_escaped_string_read_as_sql_server_ends_at_the_escape() {
    String mysql = "SELECT * FROM t WHERE name = 'O\\'Brien zqx1' AND id = 5";
    assertThat(SqlFingerprint.of(mysql, MYSQL).normalized()).doesNotContain("zqx1");
    assertThat(SqlFingerprint.of(mysql, SQLSERVER).normalized()).contains("Brien zqx1");
    assertThat(SqlFingerprint.of(mysql, ORACLE).normalized()).contains("Brien zqx1");
    assertThat(SqlFingerprint.of(mysql, H2).normalized()).contains("Brien zqx1");
  }

  @Test
  void an_h2_e_prefixed_string_takes_escapes_in_postgresql() {
    // H2 reads E'..' as a standard string: here 'C:\' then 'zqx1'; PostgreSQL always escapes
    String h2 = "SELECT E'C:\\', x FROM t WHERE y = 'zqx1'";
    assertThat(SqlFingerprint.of(h2, H2).normalized()).isEqualTo("SELECT ?, x FROM t WHERE y = ?");
    assertThat(SqlFingerprint.of(h2, POSTGRESQL).normalized()).contains("zqx1");
  }

  @Test
  void a_mysql_double_quoted_string_is_an_identifier_elsewhere() {
    String mysql = "SELECT * FROM t WHERE name = \"zqx1\"";
    assertThat(SqlFingerprint.of(mysql, MYSQL).normalized()).doesNotContain("zqx1");
    for (SqlDialect reader : List.of(POSTGRESQL, SQLSERVER, ORACLE, H2)) {
      assertThat(SqlFingerprint.of(mysql, reader).normalized()).as("%s", reader).contains("\"zqx1\"");
    }
  }

  @Test
  void a_dollar_quote_is_code_where_there_are_none() {
    String postgresql = "SELECT $$zqx1$$, $fn$zqx2$fn$ FROM t";
    assertThat(SqlFingerprint.of(postgresql, POSTGRESQL).normalized()).isEqualTo("SELECT ?, ? FROM t");
    assertThat(SqlFingerprint.of(postgresql, MYSQL).normalized()).contains("zqx1");
    assertThat(SqlFingerprint.of(postgresql, SQLSERVER).normalized()).contains("zqx1");
    assertThat(SqlFingerprint.of(postgresql, ORACLE).normalized()).contains("zqx1");
    assertThat(SqlFingerprint.of(postgresql, H2).normalized()).doesNotContain("zqx1").contains("zqx2");
  }

  @Test
  void an_alternative_quote_holding_a_quote_is_a_shorter_string_elsewhere() {
    String oracle = "SELECT q'[it's zqx1]' FROM dual";
    assertThat(SqlFingerprint.of(oracle, ORACLE).normalized()).isEqualTo("SELECT ? FROM dual");
    for (SqlDialect reader : List.of(POSTGRESQL, MYSQL, SQLSERVER, H2)) {
      assertThat(SqlFingerprint.of(oracle, reader).normalized()).as("%s", reader).contains("zqx1");
    }
  }

  @Test
  void money_is_a_parameter_or_a_name_elsewhere() {
    String sqlServer = "SELECT * FROM t WHERE price = $12345.50";
    assertThat(SqlFingerprint.of(sqlServer, SQLSERVER).normalized()).isEqualTo("SELECT * FROM t WHERE price = ?");
    assertThat(SqlFingerprint.of(sqlServer, POSTGRESQL).normalized()).contains("$12345");
    assertThat(SqlFingerprint.of(sqlServer, H2).normalized()).contains("$12345");
    assertThat(SqlFingerprint.of(sqlServer, MYSQL).normalized()).contains("$12345");
    assertThat(SqlFingerprint.of(sqlServer, ORACLE).normalized()).isEqualTo("SELECT * FROM t WHERE price = $?");
  }

  @Test
  void comments_of_one_dialect_are_code_in_others() {
    assertThat(SqlFingerprint.of("SELECT 1 # zqx1", POSTGRESQL).normalized()).contains("zqx1");
    assertThat(SqlFingerprint.of("SELECT 1 # zqx1", SQLSERVER).normalized()).contains("zqx1");
    assertThat(SqlFingerprint.of("SELECT 1 // zqx1", POSTGRESQL).normalized()).contains("zqx1");
    assertThat(SqlFingerprint.of("SELECT 1 -- a\rzqx1\n", MYSQL).normalized()).isEqualTo("SELECT ?");
    assertThat(SqlFingerprint.of("SELECT 1 -- a\rzqx1\n", POSTGRESQL).normalized()).contains("zqx1");
    assertThat(SqlFingerprint.of("SELECT /* a /* b */ zqx1 */ 1", POSTGRESQL).normalized()).isEqualTo("SELECT ?");
    assertThat(SqlFingerprint.of("SELECT /* a /* b */ zqx1 */ 1", MYSQL).normalized()).contains("zqx1");
    String mysqlComment = "SELECT /* a /* b */ 'c */ zqx1' FROM t";
    assertThat(SqlFingerprint.of(mysqlComment, MYSQL).normalized()).isEqualTo("SELECT ? FROM t");
    assertThat(SqlFingerprint.of(mysqlComment, POSTGRESQL).normalized()).contains("zqx1");
  }

  @Test
  void generic_hides_every_one_of_them() {
    for (String sql :
        List.of(
            "SELECT * FROM t WHERE name = 'O\\'Brien zqx1' AND id = 5",
            "SELECT * FROM t WHERE name = \"zqx1\"",
            "SELECT $$zqx1$$, $fn$zqx1$fn$ FROM t",
            "SELECT q'[it's zqx1]' FROM dual",
            "SELECT * FROM t WHERE price = $12.50 -- zqx1",
            "SELECT 1 # zqx1",
            "SELECT 1 // zqx1",
            "SELECT 1 -- a\rzqx1\n",
            "SELECT /* a /* b */ zqx1 */ 1",
            "SELECT /* a /* b */ 'c */ zqx1' FROM t",
            "SELECT E'C:\\', x FROM t WHERE y = 'zqx1'")) {
      assertThat(SqlFingerprint.of(sql, GENERIC).normalized()).as(sql).doesNotContain("zqx1").doesNotContain("12");
    }
  }
}
