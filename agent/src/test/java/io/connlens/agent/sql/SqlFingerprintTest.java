package io.connlens.agent.sql;

import static io.connlens.agent.sql.SqlDialect.GENERIC;
import static io.connlens.agent.sql.SqlDialect.H2;
import static io.connlens.agent.sql.SqlDialect.MYSQL;
import static io.connlens.agent.sql.SqlDialect.ORACLE;
import static io.connlens.agent.sql.SqlDialect.POSTGRESQL;
import static io.connlens.agent.sql.SqlDialect.SQLSERVER;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Examples, each about the dialect it names; {@code @EnumSource(SqlDialect.class)} ones hold in
 * every dialect.
 */
class SqlFingerprintTest {

  private static String normalized(SqlDialect dialect, String sql) {
    return SqlFingerprint.of(sql, dialect).normalized();
  }

  private static SqlFingerprint fingerprint(String sql) {
    // standard SQL, as PostgreSQL reads it: the examples about structure, not lexing
    return SqlFingerprint.of(sql, POSTGRESQL);
  }

  @Nested
  class StringLiterals {

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void a_string_becomes_a_placeholder(SqlDialect dialect) {
      // given a query with a string literal, when fingerprinted, then the value is gone
      assertThat(normalized(dialect, "SELECT * FROM users WHERE name = 'alice'"))
          .isEqualTo("SELECT * FROM users WHERE name = ?");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void a_doubled_quote_does_not_end_the_string(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT 'it''s', x FROM t")).isEqualTo("SELECT ?, x FROM t");
    }

    @Test
    void a_backslash_escapes_a_quote_in_a_postgresql_e_string() {
      assertThat(normalized(POSTGRESQL, "SELECT E'it\\'s', x FROM t")).isEqualTo("SELECT ?, x FROM t");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"SQLSERVER", "ORACLE", "H2"})
    void a_backslash_before_a_quote_in_a_plain_string_is_text(SqlDialect dialect) {
      // given a dialect where a backslash never escapes in a plain string: 'C:\' ends at its quote
      assertThat(normalized(dialect, "SELECT 'C:\\' AS dir, 1 FROM t")).isEqualTo("SELECT ? AS dir, ? FROM t");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"POSTGRESQL", "MYSQL", "GENERIC"})
    void where_a_setting_decides_whether_a_backslash_escapes_the_rest_after_it_is_one_literal(SqlDialect dialect) {
      // given 'C:\' AND b = 'x': with escapes, the string runs to the second quote and x is code;
      // without, 'x' is a second string: only hiding everything after the \' hides both literals
      assertThat(normalized(dialect, "SELECT a FROM t WHERE d = 'C:\\' AND b = 'x' AND c = 1"))
          .isEqualTo("SELECT a FROM t WHERE d = ?");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"POSTGRESQL", "MYSQL", "GENERIC"})
    void an_escaped_backslash_before_a_quote_ends_the_string_in_both_readings(SqlDialect dialect) {
      // given 'C:\\\\' (an even run): the quote ends the string whether backslashes escape or not
      assertThat(normalized(dialect, "SELECT 'C:\\\\' AS dir, 1 FROM t")).isEqualTo("SELECT ? AS dir, ? FROM t");
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '"',
        textBlock =
            "national       | POSTGRESQL | SELECT N'Zoë' FROM t\n"
                + "national   | MYSQL      | SELECT N'Zoë' FROM t\n"
                + "national   | SQLSERVER  | SELECT N'Zoë' FROM t\n"
                + "national   | ORACLE     | SELECT N'Zoë' FROM t\n"
                + "national   | H2         | SELECT N'Zoë' FROM t\n"
                + "escape     | POSTGRESQL | SELECT e'a\\nb' FROM t\n"
                + "escape     | H2         | SELECT e'a\\nb' FROM t\n"
                + "bit        | POSTGRESQL | SELECT B'0101' FROM t\n"
                + "bit        | MYSQL      | SELECT b'0101' FROM t\n"
                + "hex string | POSTGRESQL | SELECT X'1F2E' FROM t\n"
                + "hex string | MYSQL      | SELECT x'1F2E' FROM t\n"
                + "hex string | H2         | SELECT X'1F2E' FROM t\n"
                + "unicode    | POSTGRESQL | SELECT U&'d\\0061t' FROM t\n"
                + "unicode    | H2         | SELECT U&'d\\0061t' FROM t\n"
                + "charset    | MYSQL      | SELECT _utf8mb4'Zoë' FROM t\n"
                + "charset    | MYSQL      | SELECT _latin1\"Zoë\" FROM t\n"
                + "oracle q   | ORACLE     | SELECT q'[it's]' FROM t\n"
                + "oracle Q   | ORACLE     | SELECT Q'(it's)' FROM t\n"
                + "oracle nq  | ORACLE     | SELECT nq'{it's}' FROM t\n"
                + "oracle NQ  | ORACLE     | SELECT NQ'<it's>' FROM t\n"
                + "oracle q!  | ORACLE     | SELECT q'!it's!' FROM t\n")
    void a_prefixed_string_becomes_one_placeholder(String form, SqlDialect dialect, String sql) {
      assertThat(normalized(dialect, sql)).isEqualTo("SELECT ? FROM t");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void a_name_ending_in_a_prefix_letter_is_kept_before_a_string(SqlDialect dialect) {
      // given a name that ends in N directly before a string: only a lone N is a prefix
      assertThat(normalized(dialect, "SELECT xN'a' FROM t")).isEqualTo("SELECT xN? FROM t");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void double_dash_inside_a_string_is_not_a_comment(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT '--' AS a, b FROM t")).isEqualTo("SELECT ? AS a, b FROM t");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void a_comment_opener_inside_a_string_is_not_a_comment(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT '/*' AS a, '#', '//', b FROM t")).isEqualTo("SELECT ? AS a, ?, ?, b FROM t");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void an_unterminated_string_runs_to_the_end(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT * FROM t WHERE a = 'never closed -- ) AND b = 1"))
          .isEqualTo("SELECT * FROM t WHERE a = ?");
    }
  }

  @Nested
  class DollarQuotes {

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"POSTGRESQL", "H2"})
    void an_untagged_dollar_quote_becomes_a_placeholder(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT $$it's $ text$$ FROM t")).isEqualTo("SELECT ? FROM t");
    }

    @Test
    void a_tagged_dollar_quote_ends_only_at_its_own_tag() {
      // given a body holding $$ and another tag, when fingerprinted, then it ends at $fn$
      String sql = "CREATE FUNCTION f() AS $fn$ BEGIN RETURN $$x$$ || $a$ y $a$; END $fn$ LANGUAGE sql";

      assertThat(normalized(POSTGRESQL, sql)).isEqualTo("CREATE FUNCTION f() AS ? LANGUAGE sql");
    }

    @Test
    void a_tag_that_only_starts_like_the_closing_tag_does_not_close() {
      assertThat(normalized(POSTGRESQL, "SELECT $ab$ $a $abc$ $ab $ab$, 1")).isEqualTo("SELECT ?, ?");
    }

    @Test
    void an_unterminated_dollar_quote_runs_to_the_end() {
      assertThat(normalized(POSTGRESQL, "SELECT $body$ never closed")).isEqualTo("SELECT ?");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"POSTGRESQL", "H2"})
    void a_positional_parameter_is_kept(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT * FROM t WHERE a = $1 AND b = $12"))
          .isEqualTo("SELECT * FROM t WHERE a = $1 AND b = $12");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void a_dollar_inside_a_name_is_part_of_the_name(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT a$b$c, v$session FROM t"))
          .isEqualTo("SELECT a$b$c, v$session FROM t");
    }

    @Test
    void mysql_has_no_dollar_quotes_and_reads_dollar_names() {
      // MySQL names may start with $ (and with digits): $$a$$ is one name
      assertThat(normalized(MYSQL, "SELECT $$a$$, $1 FROM t")).isEqualTo("SELECT $$a$$, $1 FROM t");
    }

    @Test
    void h2_has_only_untagged_dollar_quotes() {
      assertThat(normalized(H2, "SELECT $$x$$y$$ FROM t")).isEqualTo("SELECT ?y$$ FROM t");
    }

    @Test
    void generic_over_redacts_a_positional_parameter_as_money() {
      // by design: $5 is SQL Server money, so GENERIC cannot keep PostgreSQL's $1
      assertThat(normalized(GENERIC, "SELECT * FROM t WHERE a = $1 AND b = $12.50"))
          .isEqualTo("SELECT * FROM t WHERE a = ? AND b = ?");
    }

    @Test
    void generic_reads_a_dollar_quote_that_no_dialect_could_read_otherwise() {
      assertThat(normalized(GENERIC, "SELECT $fn$ body 1 $fn$, $$ x $$ FROM t")).isEqualTo("SELECT ?, ? FROM t");
    }

    @Test
    void generic_over_redacts_the_rest_after_a_dollar_quote_whose_body_holds_a_quote() {
      // by design: MySQL reads $$a as a name and then a string that may run past the closing $$
      assertThat(normalized(GENERIC, "SELECT $$a, 'b$$ secret' FROM t")).isEqualTo("SELECT ?");
    }
  }

  @Nested
  class Numbers {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            "integer        | 42\n"
                + "decimal  | 3.14\n"
                + "fraction | .5\n"
                + "exponent | 1e10\n"
                + "signed exponent | 1.5E-3\n"
                + "hex      | 0x1F\n"
                + "binary   | 0b101\n"
                + "octal    | 0o17\n"
                + "grouped hex | 0xFF_FF\n"
                + "grouped after prefix | 0o_1_755\n"
                + "grouped fraction | 1.618_034\n"
                + "grouped  | 1_000_000\n")
    void a_number_becomes_a_placeholder_in_every_dialect(String form, String number) {
      for (SqlDialect dialect : SqlDialect.values()) {
        assertThat(normalized(dialect, "SELECT a FROM t WHERE b = " + number + " AND c = d"))
            .as("%s in %s", number, dialect)
            .isEqualTo("SELECT a FROM t WHERE b = ? AND c = d");
      }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void digits_inside_names_are_kept(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT t1.col_2, x3y FROM t1 JOIN t22 ON t1.id = t22.id"))
          .isEqualTo("SELECT t1.col_2, x3y FROM t1 JOIN t22 ON t1.id = t22.id");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void a_sign_after_an_operator_is_part_of_the_number(SqlDialect dialect) {
      // given a=-5 and a=5, when fingerprinted, then both are a=?
      assertThat(normalized(dialect, "SELECT * FROM t WHERE a=-5")).isEqualTo("SELECT * FROM t WHERE a=?");
      assertThat(SqlFingerprint.of("SELECT * FROM t WHERE a=-5", dialect))
          .isEqualTo(SqlFingerprint.of("SELECT * FROM t WHERE a=5", dialect));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void a_minus_after_a_name_is_an_operator(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT x-1, x - 2 FROM t")).isEqualTo("SELECT x-?, x - ? FROM t");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void limit_and_offset_values_become_placeholders(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT * FROM t ORDER BY id LIMIT 10 OFFSET 20"))
          .isEqualTo("SELECT * FROM t ORDER BY id LIMIT ? OFFSET ?");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void numbers_next_to_operators_become_placeholders(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT a+1,b*2.5,c/3,(4) FROM t WHERE d>=10 AND e<>-7"))
          .isEqualTo("SELECT a+?, b*?, c/?, (?) FROM t WHERE d>=? AND e<>?");
    }

    @Test
    void a_name_starting_with_digits_is_kept_in_mysql() {
      // MySQL allows names such as 1st_quarter
      assertThat(normalized(MYSQL, "SELECT 1st_quarter FROM t")).isEqualTo("SELECT 1st_quarter FROM t");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"POSTGRESQL", "SQLSERVER", "ORACLE", "H2", "GENERIC"})
    void elsewhere_digits_before_a_name_are_a_number_and_an_alias(SqlDialect dialect) {
      // SQL Server, Oracle and H2 read SELECT 1abc as 1 AS abc (PostgreSQL 15 rejects it)
      assertThat(normalized(dialect, "SELECT 1st_quarter, 42abc FROM t")).isEqualTo("SELECT ?st_quarter, ?abc FROM t");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"POSTGRESQL", "MYSQL", "ORACLE", "H2", "GENERIC"})
    void array_subscripts_become_placeholders(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT arr[1], ARRAY[1, 2], m[1:2] FROM t"))
          .isEqualTo("SELECT arr[?], ARRAY[?, ?], m[?:?] FROM t");
    }
  }

  @Nested
  class Comments {

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void a_line_comment_is_dropped(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT a -- the a\nFROM t -- end")).isEqualTo("SELECT a FROM t");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void a_block_comment_is_dropped(SqlDialect dialect) {
      assertThat(normalized(dialect, "/* app=shop,route=/cart */ SELECT a FROM t"))
          .isEqualTo("SELECT a FROM t");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"POSTGRESQL", "SQLSERVER", "H2"})
    void nested_block_comments_end_at_the_outer_close(SqlDialect dialect) {
      // PostgreSQL, SQL Server and H2 nest block comments
      assertThat(normalized(dialect, "SELECT /* a /* b */ still comment */ x FROM t"))
          .isEqualTo("SELECT x FROM t");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"MYSQL", "ORACLE"})
    void block_comments_do_not_nest_in_mysql_and_oracle(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT /* a /* b */ not comment */ x FROM t"))
          .isEqualTo("SELECT not comment */ x FROM t");
    }

    @Test
    void generic_over_redacts_the_rest_after_a_nested_comment_opener() {
      // by design: "/* /* */ 'x */ secret'" hides secret in MySQL's reading and exposes it in
      // PostgreSQL's, and the reverse for other texts: neither reading is safe for both
      assertThat(normalized(GENERIC, "SELECT /* a /* b */ 'x */ secret' FROM t")).isEqualTo("SELECT ?");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void a_comment_between_two_names_keeps_them_apart(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT a/**/FROM t")).isEqualTo("SELECT a FROM t");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void an_unterminated_block_comment_runs_to_the_end(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT a FROM t /* never closed WHERE b = 1")).isEqualTo("SELECT a FROM t");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void sqlcommenter_comments_do_not_split_a_statement(SqlDialect dialect) {
      assertThat(SqlFingerprint.of("SELECT * FROM t /*traceparent='00-aa-01'*/", dialect))
          .isEqualTo(SqlFingerprint.of("SELECT * FROM t /*traceparent='00-bb-01'*/", dialect))
          .hasToString("SELECT * FROM t");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"POSTGRESQL", "SQLSERVER", "ORACLE", "H2"})
    void a_carriage_return_ends_a_line_comment(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT a -- c\r, b FROM t")).isEqualTo("SELECT a, b FROM t");
    }
  }

  @Nested
  class Spacing {

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void whitespace_runs_fold_to_one_space_and_ends_are_trimmed(SqlDialect dialect) {
      assertThat(normalized(dialect, "  SELECT\n\ta ,\r\n  b\u00a0FROM   t  \n"))
          .isEqualTo("SELECT a, b FROM t");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void no_space_after_an_open_parenthesis_or_before_a_close_or_a_comma(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT f( a ,b ) FROM t")).isEqualTo("SELECT f(a, b) FROM t");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void differently_spaced_lists_normalize_identically(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT * FROM t WHERE (a,b) = ( ?,?  ,? )"))
          .isEqualTo(normalized(dialect, "SELECT * FROM t WHERE (a, b) = (?, ?, ?)"))
          .isEqualTo("SELECT * FROM t WHERE (a, b) = (?, ?, ?)");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void case_is_kept(SqlDialect dialect) {
      assertThat(normalized(dialect, "select A, b FROM T")).isEqualTo("select A, b FROM T");
    }
  }

  @Nested
  class KeptAsWritten {

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"POSTGRESQL", "SQLSERVER", "ORACLE", "H2"})
    void double_quoted_identifiers_are_kept(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT \"Order\".\"Id \"\"x\"\"\" FROM t"))
          .isEqualTo("SELECT \"Order\".\"Id \"\"x\"\"\" FROM t");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"MYSQL", "H2"})
    void backtick_identifiers_are_kept(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT `my col`, `a``b`, `it's` FROM t")).isEqualTo("SELECT `my col`, `a``b`, `it's` FROM t");
    }

    @Test
    void bracket_identifiers_are_kept_in_sql_server() {
      assertThat(normalized(SQLSERVER, "SELECT [dbo].[Order Lines], [a]]b], [it's] FROM t"))
          .isEqualTo("SELECT [dbo].[Order Lines], [a]]b], [it's] FROM t");
    }

    @Test
    void generic_keeps_quoted_identifiers_that_read_the_same_in_every_dialect() {
      assertThat(normalized(GENERIC, "SELECT `my col`, [dbo].[Order Lines] FROM t"))
          .isEqualTo("SELECT `my col`, [dbo].[Order Lines] FROM t");
    }

    @Test
    void generic_over_redacts_a_double_quoted_identifier_as_a_string() {
      // by design: MySQL reads "Order" as a string
      assertThat(normalized(GENERIC, "SELECT \"Order\".x FROM t")).isEqualTo("SELECT ?.x FROM t");
    }

    @Test
    void generic_over_redacts_the_rest_after_a_bracket_that_holds_a_quote() {
      // by design: SQL Server reads [it's] as a name, PostgreSQL as a subscript opening a string
      // that ends at the next quote: each reading exposes what the other calls a literal
      assertThat(normalized(GENERIC, "SELECT [it's] FROM t WHERE a = 'x'")).isEqualTo("SELECT ?");
      assertThat(normalized(GENERIC, "SELECT `it's` FROM t WHERE a = 'x'")).isEqualTo("SELECT ?");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"POSTGRESQL", "SQLSERVER", "ORACLE", "H2"})
    void an_unclosed_quoted_identifier_becomes_a_placeholder(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT a FROM \"t WHERE b = 1")).isEqualTo("SELECT a FROM ?");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void placeholders_and_named_parameters_are_kept(SqlDialect dialect) {
      assertThat(normalized(dialect, "SELECT * FROM t WHERE a = ? AND b = :name AND c = :1 AND d = ?1"))
          .isEqualTo("SELECT * FROM t WHERE a = ? AND b = :name AND c = :1 AND d = ?1");
    }

    @Test
    void a_postgresql_cast_is_kept() {
      assertThat(normalized(POSTGRESQL, "SELECT a::int, '5'::numeric FROM t"))
          .isEqualTo("SELECT a::int, ?::numeric FROM t");
    }
  }

  @Nested
  class InLists {

    @Test
    void an_in_list_of_placeholders_collapses_to_one() {
      SqlFingerprint fingerprint = fingerprint("SELECT * FROM t WHERE id IN (?, ?, ?)");

      assertThat(fingerprint.normalized()).isEqualTo("SELECT * FROM t WHERE id IN (?)");
      assertThat(fingerprint.inListSize()).isEqualTo(3);
    }

    @Test
    void in_lists_of_different_sizes_have_one_fingerprint_and_their_own_sizes() {
      // given Hibernate-style batch loads of 2 and of 5 ids
      SqlFingerprint two = fingerprint("select * from item i where i.order_id in (?,?)");
      SqlFingerprint five = fingerprint("select * from item i where i.order_id in (?,?,?,?,?)");

      assertThat(two).isEqualTo(five);
      assertThat(two.normalized()).isEqualTo("select * from item i where i.order_id in (?)");
      assertThat(two.inListSize()).isEqualTo(2);
      assertThat(five.inListSize()).isEqualTo(5);
    }

    @Test
    void literals_in_an_in_list_collapse_like_placeholders() {
      SqlFingerprint fingerprint = fingerprint("DELETE FROM t WHERE k NOT IN ('a', 'b', -3)");

      assertThat(fingerprint.normalized()).isEqualTo("DELETE FROM t WHERE k NOT IN (?)");
      assertThat(fingerprint.inListSize()).isEqualTo(3);
    }

    @Test
    void the_largest_in_list_is_recorded() {
      SqlFingerprint fingerprint = fingerprint("SELECT * FROM t WHERE a IN (?, ?) OR b IN (?, ?, ?, ?)");

      assertThat(fingerprint.normalized()).isEqualTo("SELECT * FROM t WHERE a IN (?) OR b IN (?)");
      assertThat(fingerprint.inListSize()).isEqualTo(4);
    }

    @Test
    void an_in_list_with_anything_but_placeholders_is_kept() {
      SqlFingerprint fingerprint = fingerprint("SELECT * FROM t WHERE a IN (?, b, ?) AND c IN (SELECT d FROM u)");

      assertThat(fingerprint.normalized()).isEqualTo("SELECT * FROM t WHERE a IN (?, b, ?) AND c IN (SELECT d FROM u)");
      assertThat(fingerprint.inListSize()).isZero();
    }

    @Test
    void a_query_without_in_list_has_size_zero() {
      assertThat(fingerprint("SELECT * FROM t WHERE a = ?").inListSize()).isZero();
    }
  }

  @Nested
  class ValuesRows {

    @Test
    void a_multi_row_values_collapses_to_its_first_row() {
      SqlFingerprint fingerprint = fingerprint("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'),(?, ?) ON CONFLICT DO NOTHING");

      assertThat(fingerprint.normalized()).isEqualTo("INSERT INTO t (a, b) VALUES (?, ?) ON CONFLICT DO NOTHING");
      assertThat(fingerprint.valuesRows()).isEqualTo(3);
    }

    @Test
    void inserts_of_different_row_counts_have_one_fingerprint() {
      assertThat(fingerprint("insert into t values (?, now()), (?, now())"))
          .isEqualTo(fingerprint("insert into t values (?, now())"));
    }

    @Test
    void a_single_row_counts_one() {
      assertThat(fingerprint("INSERT INTO t VALUES (?, ?)").valuesRows()).isEqualTo(1);
    }

    @Test
    void a_statement_without_values_counts_zero() {
      assertThat(fingerprint("UPDATE t SET a = ?").valuesRows()).isZero();
    }
  }

  @Nested
  class Kinds {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '"',
        textBlock =
            "SELECT a FROM t                                   | SELECT\n"
                + "select a from t                           | SELECT\n"
                + "insert into t values (?)                  | INSERT\n"
                + "UPDATE t SET a = 1                        | UPDATE\n"
                + "DELETE FROM t                             | DELETE\n"
                + "MERGE INTO t USING s ON (t.id = s.id) WHEN MATCHED THEN UPDATE SET a = 1 | MERGE\n"
                + "CALL refresh(?)                           | CALL\n"
                + "{call refresh(?)}                         | CALL\n"
                + "{? = call next_id(?)}                     | CALL\n"
                + "{?= CALL next_id(?)}                      | CALL\n"
                + "REPLACE INTO t VALUES (1)                 | INSERT\n"
                + "CREATE TABLE t (a int)                    | OTHER\n"
                + "SET search_path = app                     | OTHER\n"
                + "'not sql'                                 | OTHER\n")
    void the_first_keyword_gives_the_kind(String sql, StatementKind kind) {
      assertThat(fingerprint(sql).kind()).isEqualTo(kind);
    }

    @Test
    void leading_comments_and_parentheses_are_skipped() {
      assertThat(fingerprint("/* hint */ -- why\n ((SELECT 1) UNION (SELECT 2))").kind())
          .isEqualTo(StatementKind.SELECT);
    }

    @Test
    void a_with_query_takes_the_verb_after_its_cte_list() {
      assertThat(fingerprint("WITH x AS (SELECT id FROM t WHERE old) DELETE FROM t WHERE id IN (SELECT id FROM x)").kind())
          .isEqualTo(StatementKind.DELETE);
    }

    @Test
    void a_with_query_with_several_ctes_and_column_lists_takes_the_main_verb() {
      String sql =
          "WITH RECURSIVE a(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM a), "
              + "b AS MATERIALIZED (UPDATE t SET x = 1 RETURNING *) "
              + "INSERT INTO log SELECT * FROM b";

      assertThat(fingerprint(sql).kind()).isEqualTo(StatementKind.INSERT);
    }

    @Test
    void a_with_query_that_selects_is_a_select() {
      assertThat(fingerprint("with x as (delete from t returning *) select * from x").kind())
          .isEqualTo(StatementKind.SELECT);
    }

    @Test
    void writes_are_insert_update_delete_and_merge() {
      assertThat(fingerprint("INSERT INTO t VALUES (1)").isWrite()).isTrue();
      assertThat(fingerprint("UPDATE t SET a = 1").isWrite()).isTrue();
      assertThat(fingerprint("DELETE FROM t").isWrite()).isTrue();
      assertThat(fingerprint("MERGE INTO t USING s ON (a) WHEN MATCHED THEN DELETE").isWrite()).isTrue();
      assertThat(fingerprint("SELECT * FROM t FOR UPDATE").isWrite()).isFalse();
      assertThat(fingerprint("{call p()}").isWrite()).isFalse();
    }
  }

  @Nested
  class Limits {

    @Test
    void null_is_the_fingerprint_of_empty_text() {
      SqlFingerprint fingerprint = SqlFingerprint.of(null, SqlDialect.GENERIC);

      assertThat(fingerprint.normalized()).isEmpty();
      assertThat(fingerprint.kind()).isEqualTo(StatementKind.OTHER);
      assertThat(fingerprint.isCut()).isFalse();
      assertThat(fingerprint).isEqualTo(fingerprint("  -- only a comment"));
      for (SqlDialect dialect : SqlDialect.values()) {
        assertThat(SqlFingerprint.of(null, dialect)).isEqualTo(fingerprint);
      }
    }

    @Test
    void a_null_dialect_is_read_as_generic() {
      assertThat(SqlFingerprint.of("SELECT \"x\"", null)).hasToString("SELECT ?");
    }

    @Test
    void text_longer_than_the_limit_is_cut_and_marked() {
      // given a statement whose normalized text is far over 32 KiB
      StringBuilder sql = new StringBuilder("SELECT ");
      for (int i = 0; i < 4_000; i++) {
        sql.append("column_").append(i).append(", ");
      }
      sql.append("x FROM t");

      String normalized = normalized(POSTGRESQL, sql.toString());

      assertThat(sql.length()).isLessThan(SqlFingerprint.MAX_LEXED_LENGTH);
      assertThat(normalized).hasSizeLessThanOrEqualTo(SqlFingerprint.MAX_NORMALIZED_LENGTH);
      assertThat(normalized).hasSizeGreaterThan(SqlFingerprint.MAX_NORMALIZED_LENGTH / 2);
      assertThat(normalized).startsWith("SELECT column_0, column_1, ").endsWith(" ...");
    }

    @Test
    void a_long_in_list_is_collapsed_before_the_limit_applies() {
      // given 20,000 placeholders: all read, and far over the normalized limit before collapsing
      StringBuilder sql = new StringBuilder("SELECT * FROM t WHERE id IN (");
      for (int i = 0; i < 20_000; i++) {
        sql.append(i == 0 ? "?" : ", ?");
      }
      sql.append(") AND x = 1");
      assertThat(sql.length()).isLessThan(SqlFingerprint.MAX_LEXED_LENGTH);

      SqlFingerprint fingerprint = fingerprint(sql.toString());

      assertThat(fingerprint.normalized()).isEqualTo("SELECT * FROM t WHERE id IN (?) AND x = ?");
      assertThat(fingerprint.inListSize()).isEqualTo(20_000);
      assertThat(fingerprint.isCut()).isFalse();
    }

    @Test
    void text_at_the_limit_is_not_cut() {
      String sql = "SELECT " + "a".repeat(SqlFingerprint.MAX_NORMALIZED_LENGTH - "SELECT ".length());

      assertThat(normalized(POSTGRESQL, sql)).isEqualTo(sql);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void a_string_open_where_the_reading_stops_becomes_a_placeholder(SqlDialect dialect) {
      // given a 1 MiB literal (the case), of which only the first 64 KiB are read
      String sql = "SELECT * FROM t WHERE a = 'secret" + "x".repeat(1 << 20) + "' AND b = 1";

      // when fingerprinted
      SqlFingerprint fingerprint = SqlFingerprint.of(sql, dialect);

      // then the open string is a placeholder, the text ends in the marker and the cut is told
      assertThat(fingerprint.normalized()).isEqualTo("SELECT * FROM t WHERE a = ? ...");
      assertThat(fingerprint.isCut()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SqlDialect.class)
    void a_comment_open_where_the_reading_stops_is_dropped(SqlDialect dialect) {
      String sql = "SELECT a FROM t /* secret" + " x".repeat(1 << 19) + " */ WHERE b = 1";

      SqlFingerprint fingerprint = SqlFingerprint.of(sql, dialect);

      assertThat(fingerprint.normalized()).isEqualTo("SELECT a FROM t ...");
      assertThat(fingerprint.isCut()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"POSTGRESQL", "SQLSERVER", "ORACLE", "H2"})
    void a_quoted_identifier_open_where_the_reading_stops_becomes_a_placeholder(SqlDialect dialect) {
      // given a quoted identifier that the cut leaves open: it is never copied
      String sql = "SELECT a FROM \"secret" + "x".repeat(SqlFingerprint.MAX_LEXED_LENGTH) + "\" WHERE b = 1";

      SqlFingerprint fingerprint = SqlFingerprint.of(sql, dialect);

      assertThat(fingerprint.normalized()).isEqualTo("SELECT a FROM ? ...");
      assertThat(fingerprint.isCut()).isTrue();
    }

    @Test
    void an_in_list_longer_than_what_is_read_is_cut_and_marked() {
      // given 100,000 placeholders: the list runs past the first 64 KiB
      StringBuilder sql = new StringBuilder("SELECT * FROM t WHERE id IN (");
      for (int i = 0; i < 100_000; i++) {
        sql.append(i == 0 ? "?" : ", ?");
      }
      sql.append(") AND x = 'secret'");

      SqlFingerprint fingerprint = fingerprint(sql.toString());

      assertThat(fingerprint.isCut()).isTrue();
      assertThat(fingerprint.normalized())
          .startsWith("SELECT * FROM t WHERE id IN (?, ?, ")
          .endsWith(" ...")
          .doesNotContain("secret")
          .hasSizeLessThanOrEqualTo(SqlFingerprint.MAX_NORMALIZED_LENGTH);
    }

    @Test
    void sql_of_exactly_the_read_length_is_not_cut() {
      String start = "SELECT a FROM t WHERE b = '";
      String sql = start + "x".repeat(SqlFingerprint.MAX_LEXED_LENGTH - start.length() - 1) + "'";
      assertThat(sql).hasSize(SqlFingerprint.MAX_LEXED_LENGTH);

      SqlFingerprint fingerprint = fingerprint(sql);

      assertThat(fingerprint.isCut()).isFalse();
      assertThat(fingerprint.normalized()).isEqualTo("SELECT a FROM t WHERE b = ?");
    }

    @Test
    void the_cut_never_splits_a_surrogate_pair() {
      // given an emoji whose pair straddles the 64 KiB boundary, after a run of spaces
      String emoji = "\ud83d\ude00";
      String sql = "SELECT a" + " ".repeat(SqlFingerprint.MAX_LEXED_LENGTH - 1 - "SELECT a".length()) + emoji.repeat(8);
      assertThat(Character.isHighSurrogate(sql.charAt(SqlFingerprint.MAX_LEXED_LENGTH - 1))).isTrue();

      // then the reading stops before the pair, not between its halves
      assertThat(fingerprint(sql).normalized()).isEqualTo("SELECT a ...");
    }
  }

  @Nested
  class Equality {

    @Test
    void fingerprints_are_equal_when_normalized_texts_are() {
      SqlFingerprint a = fingerprint("SELECT * FROM t WHERE a = 1");
      SqlFingerprint b = fingerprint("SELECT  *  FROM t WHERE a = 'two' -- x");

      assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
      assertThat(a).isNotEqualTo(fingerprint("SELECT * FROM t WHERE b = 1"));
      assertThat(a).hasToString("SELECT * FROM t WHERE a = ?");
    }
  }

  @Nested
  class MySql {

    @Test
    void a_backslash_escaped_quote_hides_the_rest_of_the_statement() {
      // given the case: MySQL reads 'O\'Brien secret' as one string, NO_BACKSLASH_ESCAPES
      // as 'O\' and code: only hiding the rest hides the literal in both
      assertThat(normalized(MYSQL, "SELECT * FROM t WHERE name = 'O\\'Brien secret' AND id = 5"))
          .isEqualTo("SELECT * FROM t WHERE name = ?");
    }

    @Test
    void a_doubled_quote_and_escaped_backslashes_end_a_string_as_usual() {
      assertThat(normalized(MYSQL, "SELECT 'O''Brien', 'C:\\\\', x FROM t")).isEqualTo("SELECT ?, ?, x FROM t");
    }

    @Test
    void a_double_quoted_string_is_a_literal() {
      assertThat(normalized(MYSQL, "SELECT \"secret\", \"it\"\"s\" FROM t")).isEqualTo("SELECT ?, ? FROM t");
    }

    @Test
    void a_hash_comment_is_dropped() {
      assertThat(normalized(MYSQL, "SELECT 1 # password=secret")).isEqualTo("SELECT ?");
      assertThat(normalized(MYSQL, "SELECT a # password=secret\nFROM t")).isEqualTo("SELECT a FROM t");
    }

    @Test
    void a_double_dash_comment_is_dropped() {
      assertThat(normalized(MYSQL, "-- password=secret\nSELECT 1")).isEqualTo("SELECT ?");
      assertThat(normalized(MYSQL, "SELECT a --\tpassword=secret")).isEqualTo("SELECT a");
    }

    @Test
    void double_dash_before_a_non_space_is_two_minus_signs() {
      // 5--1 is 5 minus -1
      assertThat(normalized(MYSQL, "SELECT 5--1, a--b FROM t")).isEqualTo("SELECT ?-?, a--b FROM t");
    }

    @Test
    void double_dash_at_the_end_is_kept_as_two_minus_signs() {
      // an empty comment to MySQL; kept, so that "a--" reads the same when fingerprinted again
      assertThat(normalized(MYSQL, "SELECT a--")).isEqualTo("SELECT a--");
      assertThat(normalized(MYSQL, "SELECT a--#c")).isEqualTo("SELECT a--");
    }

    @Test
    void a_delete_character_is_whitespace_so_it_never_makes_a_comment_of_two_minus_signs() {
      // "a--#c\n" then DEL: kept as a token, DEL after "--" would read as a comment when read again
      String normalized = normalized(MYSQL, "SELECT a--#c\n\u007f");
      assertThat(normalized).isEqualTo("SELECT a--");
      assertThat(normalized(MYSQL, normalized)).isEqualTo(normalized);
      assertThat(normalized(MYSQL, "SELECT\u007fa")).isEqualTo("SELECT a");
    }

    @Test
    void two_minus_signs_stay_apart_from_what_follows_a_comment() {
      // "a-- b" would read as a comment: the space a comment leaves after "--" is not written
      assertThat(normalized(MYSQL, "SELECT a--/**/b FROM t")).isEqualTo("SELECT a--b FROM t");
    }

    @Test
    void a_line_comment_ends_at_a_line_feed_only() {
      // MariaDB 10.11: "SELECT 1 # x\r, 2\n" returns one column
      assertThat(normalized(MYSQL, "SELECT a # x\r, b\n, c")).isEqualTo("SELECT a, c");
    }

    @Test
    void block_comments_and_hints_are_dropped() {
      assertThat(normalized(MYSQL, "SELECT /*+ BKA(t) */ a /*!50000 , b */ /*M! , c */ FROM t"))
          .isEqualTo("SELECT a FROM t");
    }

    @Test
    void an_executable_comment_holding_a_quote_hides_the_rest_of_the_statement() {
      // MariaDB reads "/*! , 'a*/b' */" as code holding the string 'a*/b'
      assertThat(normalized(MYSQL, "SELECT 1 /*! , 'a*/b secret' */ , 2")).isEqualTo("SELECT ? ?");
    }

    @Test
    void literal_forms_become_placeholders() {
      assertThat(normalized(MYSQL, "SELECT 0x1F, 0b101, X'1F', B'01', _utf8mb4'x', _binary\"y\", N'z' FROM t"))
          .isEqualTo("SELECT ?, ?, ?, ?, ?, ?, ? FROM t");
    }

    @Test
    void backticks_and_brackets_are_read_as_mysql_defines_them() {
      assertThat(normalized(MYSQL, "SELECT `a``b`, c[1] FROM `t`")).isEqualTo("SELECT `a``b`, c[?] FROM `t`");
    }
  }

  @Nested
  class PostgreSql {

    @Test
    void a_subscript_after_a_space_is_punctuation() {
      // the case: jsonb and array subscripts may follow a space
      assertThat(normalized(POSTGRESQL, "SELECT d ['secret'] FROM t")).isEqualTo("SELECT d [?] FROM t");
      assertThat(normalized(POSTGRESQL, "SELECT arr [1] FROM t")).isEqualTo("SELECT arr [?] FROM t");
    }

    @Test
    void hash_is_an_operator() {
      assertThat(normalized(POSTGRESQL, "SELECT data #>> '{a,b}', data #> '{c}', 5 # 3 FROM t"))
          .isEqualTo("SELECT data #>> ?, data #> ?, ? # ? FROM t");
    }

    @Test
    void unicode_strings_and_their_escape_character_are_literals() {
      assertThat(normalized(POSTGRESQL, "SELECT U&'d!0061t' UESCAPE '!' FROM t")).isEqualTo("SELECT ? UESCAPE ? FROM t");
    }

    @Test
    void an_e_string_ends_at_an_unescaped_quote() {
      assertThat(normalized(POSTGRESQL, "SELECT E'a\\\\', b, E'it''s\\'' FROM t")).isEqualTo("SELECT ?, b, ? FROM t");
    }

    @Test
    void postgresql_16_integer_forms_are_numbers() {
      assertThat(normalized(POSTGRESQL, "SELECT 0x1F, 0o17, 0b101, 1_000, 0xFFFF_FFFF FROM t"))
          .isEqualTo("SELECT ?, ?, ?, ?, ? FROM t");
    }

    @Test
    void double_slash_and_backticks_are_operators() {
      assertThat(normalized(POSTGRESQL, "SELECT a // 2, b ` c FROM t")).isEqualTo("SELECT a // ?, b ` c FROM t");
    }
  }

  @Nested
  class SqlServer {

    @Test
    void brackets_temp_tables_and_money() {
      assertThat(normalized(SQLSERVER, "SELECT [Order] FROM #temp WHERE price = $12.50"))
          .isEqualTo("SELECT [Order] FROM #temp WHERE price = ?");
    }

    @Test
    void every_money_form_is_a_literal() {
      assertThat(normalized(SQLSERVER, "SELECT $5, $.5, $12.50, $1e3, x FROM ##global"))
          .isEqualTo("SELECT ?, ?, ?, ?, x FROM ##global");
    }

    @Test
    void a_sign_before_money_is_part_of_the_literal() {
      assertThat(SqlFingerprint.of("SELECT * FROM t WHERE a = -$5 AND b = +$.5", SQLSERVER))
          .isEqualTo(SqlFingerprint.of("SELECT * FROM t WHERE a = $5 AND b = $.5", SQLSERVER))
          .hasToString("SELECT * FROM t WHERE a = ? AND b = ?");
    }

    @Test
    void a_dollar_before_a_name_is_kept() {
      assertThat(normalized(SQLSERVER, "SELECT $action, $IDENTITY FROM t")).isEqualTo("SELECT $action, $IDENTITY FROM t");
    }

    @Test
    void binary_and_national_literals_are_placeholders() {
      assertThat(normalized(SQLSERVER, "SELECT 0x1F2E, N'Zoë' FROM t")).isEqualTo("SELECT ?, ? FROM t");
    }

    @Test
    void there_are_no_dollar_quotes_nor_hash_comments() {
      assertThat(normalized(SQLSERVER, "SELECT a#b, c FROM #t")).isEqualTo("SELECT a#b, c FROM #t");
    }
  }

  @Nested
  class Oracle {

    @Test
    void an_alternative_quote_ends_at_its_own_delimiter() {
      assertThat(normalized(ORACLE, "SELECT q'[it's secret]' FROM dual")).isEqualTo("SELECT ? FROM dual");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"q'[a ] 'b' ]'", "q'(a ) 'b' )'", "q'{a } 'b' }'", "q'<a > 'b' >'", "q'!a 'b' !'",
        "Q'#a 'b' #'", "nq'~a 'b' ~'", "NQ'|a 'b' |'", "q'\\a 'b' \\'"})
    void every_delimiter_pairs_or_repeats(String literal) {
      assertThat(normalized(ORACLE, "SELECT " + literal + ", x FROM dual")).isEqualTo("SELECT ?, x FROM dual");
    }

    @Test
    void binds_and_names_with_dollar_and_hash_are_kept() {
      assertThat(normalized(ORACLE, "SELECT v$session.a#b FROM dual WHERE a = :name AND b = :1"))
          .isEqualTo("SELECT v$session.a#b FROM dual WHERE a = :name AND b = :1");
    }

    @Test
    void a_dollar_before_digits_is_not_a_name() {
      assertThat(normalized(ORACLE, "SELECT $12.50 FROM dual")).isEqualTo("SELECT $? FROM dual");
    }
  }

  @Nested
  class H2Database {

    @Test
    void a_double_slash_comment_is_dropped() {
      assertThat(normalized(H2, "SELECT 1 // secret")).isEqualTo("SELECT ?");
      assertThat(normalized(H2, "SELECT a // secret\r, b")).isEqualTo("SELECT a, b");
    }

    @Test
    void literal_forms_become_placeholders() {
      assertThat(normalized(H2, "SELECT $$it's$$, X'1F', U&'d\\0061t', N'x', 0b101, 0o17, 1_000 FROM t"))
          .isEqualTo("SELECT ?, ?, ?, ?, ?, ?, ? FROM t");
    }

    @Test
    void arrays_and_identifiers_are_read_as_h2_defines_them() {
      assertThat(normalized(H2, "SELECT ARRAY[1, 2][1], \"A\", `b` FROM t")).isEqualTo("SELECT ARRAY[?, ?][?], \"A\", `b` FROM t");
    }
  }

  @Nested
  class Generic {

    @Test
    void generic_over_redacts_the_rest_after_a_dollar_inside_a_bracket_or_backtick_it_looks_over() {
      // a $ there may open a dollar quote after a number (5$A), and a number-led run normalizes to
      // ?$A, where it cannot be told from one: read the same way, normalizing twice gives the same text
      for (String sql : new String[] {"x[5$A", "x[0xA$A", "x[$1$A", "SELECT `5$A FROM t", "SELECT [a$b] FROM t"}) {
        String once = normalized(GENERIC, sql);
        assertThat(once).as(sql).endsWith("?");
        assertThat(normalized(GENERIC, once)).as(sql).isEqualTo(once);
      }
      assertThat(normalized(GENERIC, "SELECT [5$A$ zqx $A$] FROM t")).isEqualTo("SELECT ?");
    }

    @Test
    void every_comment_form_is_dropped() {
      assertThat(normalized(GENERIC, "SELECT a # x\n, b // y\n, c -- z\n, d /* w */ FROM t"))
          .isEqualTo("SELECT a, b, c, d FROM t");
    }

    @Test
    void a_comment_that_another_dialect_reads_as_code_holding_a_quote_hides_the_rest() {
      // by design: SQL Server reads "#it's" as a name and a string that may run past the line end
      assertThat(normalized(GENERIC, "SELECT a FROM #it's\nWHERE b = 'x'")).isEqualTo("SELECT a FROM ?");
      assertThat(normalized(GENERIC, "SELECT a //it's\nWHERE b = 'x'")).isEqualTo("SELECT a ?");
      assertThat(normalized(GENERIC, "SELECT a --it's\nWHERE b = 'x'")).isEqualTo("SELECT a ?");
    }

    @Test
    void text_after_a_lone_carriage_return_in_a_comment_is_looked_over() {
      // PostgreSQL ends "-- c" at the \r and reads 'x as a string; MySQL reads on to the \n
      assertThat(normalized(GENERIC, "SELECT a -- c\r'x\n' AND b")).isEqualTo("SELECT a ?");
      assertThat(normalized(GENERIC, "SELECT a -- c\rd\n, b")).isEqualTo("SELECT a, b");
    }

    @Test
    void an_alternative_quote_is_read_when_both_readings_agree() {
      assertThat(normalized(GENERIC, "SELECT q'[secret]', x FROM dual")).isEqualTo("SELECT ?, x FROM dual");
      // by design: with a quote inside, other dialects end the string there
      assertThat(normalized(GENERIC, "SELECT q'[it's]', x FROM dual")).isEqualTo("SELECT ?");
    }
  }
}
