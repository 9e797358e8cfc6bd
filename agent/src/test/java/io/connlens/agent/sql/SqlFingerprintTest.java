package io.connlens.agent.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlFingerprintTest {

  private static String normalized(String sql) {
    return SqlFingerprint.of(sql).normalized();
  }

  @Nested
  class StringLiterals {

    @Test
    void a_string_becomes_a_placeholder() {
      // given a query with a string literal, when fingerprinted, then the value is gone
      assertThat(normalized("SELECT * FROM users WHERE name = 'alice'"))
          .isEqualTo("SELECT * FROM users WHERE name = ?");
    }

    @Test
    void a_doubled_quote_does_not_end_the_string() {
      assertThat(normalized("SELECT 'it''s', x FROM t")).isEqualTo("SELECT ?, x FROM t");
    }

    @Test
    void a_backslash_escapes_a_quote_in_a_postgresql_e_string() {
      assertThat(normalized("SELECT E'it\\'s', x FROM t")).isEqualTo("SELECT ?, x FROM t");
    }

    @Test
    void a_backslash_before_a_quote_in_a_plain_string_is_text() {
      // given standard SQL (PostgreSQL's standard_conforming_strings): 'C:\' ends at its quote
      assertThat(normalized("SELECT 'C:\\' AS dir, 1 FROM t")).isEqualTo("SELECT ? AS dir, ? FROM t");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '"',
        textBlock =
            "national       | SELECT N'Zoë' FROM t\n"
                + "escape     | SELECT e'a\\nb' FROM t\n"
                + "bit        | SELECT B'0101' FROM t\n"
                + "hex string | SELECT X'1F2E' FROM t\n"
                + "unicode    | SELECT U&'d\\0061t' FROM t\n"
                + "oracle q   | SELECT q'[it's]' FROM t\n"
                + "oracle nq  | SELECT nq'{it's}' FROM t\n")
    void a_prefixed_string_becomes_one_placeholder(String form, String sql) {
      assertThat(normalized(sql)).isEqualTo("SELECT ? FROM t");
    }

    @Test
    void a_name_ending_in_a_prefix_letter_is_kept_before_a_string() {
      // given a name that ends in N directly before a string: only a lone N is a prefix
      assertThat(normalized("SELECT xN'a' FROM t")).isEqualTo("SELECT xN? FROM t");
    }

    @Test
    void double_dash_inside_a_string_is_not_a_comment() {
      assertThat(normalized("SELECT '--' AS a, b FROM t")).isEqualTo("SELECT ? AS a, b FROM t");
    }

    @Test
    void a_comment_opener_inside_a_string_is_not_a_comment() {
      assertThat(normalized("SELECT '/*' AS a, b FROM t")).isEqualTo("SELECT ? AS a, b FROM t");
    }

    @Test
    void an_unterminated_string_runs_to_the_end() {
      assertThat(normalized("SELECT * FROM t WHERE a = 'never closed -- ) AND b = 1"))
          .isEqualTo("SELECT * FROM t WHERE a = ?");
    }
  }

  @Nested
  class DollarQuotes {

    @Test
    void an_untagged_dollar_quote_becomes_a_placeholder() {
      assertThat(normalized("SELECT $$it's $ text$$ FROM t")).isEqualTo("SELECT ? FROM t");
    }

    @Test
    void a_tagged_dollar_quote_ends_only_at_its_own_tag() {
      // given a body holding $$ and another tag, when fingerprinted, then it ends at $fn$
      String sql = "CREATE FUNCTION f() AS $fn$ BEGIN RETURN $$x$$ || $a$ y $a$; END $fn$ LANGUAGE sql";

      assertThat(normalized(sql)).isEqualTo("CREATE FUNCTION f() AS ? LANGUAGE sql");
    }

    @Test
    void a_tag_that_only_starts_like_the_closing_tag_does_not_close() {
      assertThat(normalized("SELECT $ab$ $a $abc$ $ab $ab$, 1")).isEqualTo("SELECT ?, ?");
    }

    @Test
    void an_unterminated_dollar_quote_runs_to_the_end() {
      assertThat(normalized("SELECT $body$ never closed")).isEqualTo("SELECT ?");
    }

    @Test
    void a_positional_parameter_is_kept() {
      assertThat(normalized("SELECT * FROM t WHERE a = $1 AND b = $12"))
          .isEqualTo("SELECT * FROM t WHERE a = $1 AND b = $12");
    }

    @Test
    void a_dollar_inside_a_name_is_part_of_the_name() {
      assertThat(normalized("SELECT a$b$c, v$session FROM t"))
          .isEqualTo("SELECT a$b$c, v$session FROM t");
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
                + "grouped  | 1_000_000\n")
    void a_number_becomes_a_placeholder(String form, String number) {
      assertThat(normalized("SELECT a FROM t WHERE b = " + number + " AND c = d"))
          .isEqualTo("SELECT a FROM t WHERE b = ? AND c = d");
    }

    @Test
    void digits_inside_names_are_kept() {
      assertThat(normalized("SELECT t1.col_2, x3y FROM t1 JOIN t22 ON t1.id = t22.id"))
          .isEqualTo("SELECT t1.col_2, x3y FROM t1 JOIN t22 ON t1.id = t22.id");
    }

    @Test
    void a_sign_after_an_operator_is_part_of_the_number() {
      // given a=-5 and a=5, when fingerprinted, then both are a=?
      assertThat(normalized("SELECT * FROM t WHERE a=-5")).isEqualTo("SELECT * FROM t WHERE a=?");
      assertThat(SqlFingerprint.of("SELECT * FROM t WHERE a=-5"))
          .isEqualTo(SqlFingerprint.of("SELECT * FROM t WHERE a=5"));
    }

    @Test
    void a_minus_after_a_name_is_an_operator() {
      assertThat(normalized("SELECT x-1, x - 2 FROM t")).isEqualTo("SELECT x-?, x - ? FROM t");
    }

    @Test
    void limit_and_offset_values_become_placeholders() {
      assertThat(normalized("SELECT * FROM t ORDER BY id LIMIT 10 OFFSET 20"))
          .isEqualTo("SELECT * FROM t ORDER BY id LIMIT ? OFFSET ?");
    }

    @Test
    void numbers_next_to_operators_become_placeholders() {
      assertThat(normalized("SELECT a+1,b*2.5,c/3,(4) FROM t WHERE d>=10 AND e<>-7"))
          .isEqualTo("SELECT a+?, b*?, c/?, (?) FROM t WHERE d>=? AND e<>?");
    }

    @Test
    void a_name_starting_with_digits_is_kept() {
      // MySQL allows names such as 1st_quarter
      assertThat(normalized("SELECT 1st_quarter FROM t")).isEqualTo("SELECT 1st_quarter FROM t");
    }

    @Test
    void array_subscripts_become_placeholders() {
      assertThat(normalized("SELECT arr[1], ARRAY[1, 2], m[1:2] FROM t"))
          .isEqualTo("SELECT arr[?], ARRAY[?, ?], m[?:?] FROM t");
    }
  }

  @Nested
  class Comments {

    @Test
    void a_line_comment_is_dropped() {
      assertThat(normalized("SELECT a -- the a\nFROM t -- end")).isEqualTo("SELECT a FROM t");
    }

    @Test
    void a_block_comment_is_dropped() {
      assertThat(normalized("/* app=shop,route=/cart */ SELECT a FROM t"))
          .isEqualTo("SELECT a FROM t");
    }

    @Test
    void nested_block_comments_end_at_the_outer_close() {
      // PostgreSQL nests block comments
      assertThat(normalized("SELECT /* a /* b */ still comment */ x FROM t"))
          .isEqualTo("SELECT x FROM t");
    }

    @Test
    void a_comment_between_two_names_keeps_them_apart() {
      assertThat(normalized("SELECT a/**/FROM t")).isEqualTo("SELECT a FROM t");
    }

    @Test
    void an_unterminated_block_comment_runs_to_the_end() {
      assertThat(normalized("SELECT a FROM t /* never closed WHERE b = 1")).isEqualTo("SELECT a FROM t");
    }

    @Test
    void sqlcommenter_comments_do_not_split_a_statement() {
      assertThat(SqlFingerprint.of("SELECT * FROM t /*traceparent='00-aa-01'*/"))
          .isEqualTo(SqlFingerprint.of("SELECT * FROM t /*traceparent='00-bb-01'*/"));
    }
  }

  @Nested
  class Spacing {

    @Test
    void whitespace_runs_fold_to_one_space_and_ends_are_trimmed() {
      assertThat(normalized("  SELECT\n\ta ,\r\n  b\u00a0FROM   t  \n"))
          .isEqualTo("SELECT a, b FROM t");
    }

    @Test
    void no_space_after_an_open_parenthesis_or_before_a_close_or_a_comma() {
      assertThat(normalized("SELECT f( a ,b ) FROM t")).isEqualTo("SELECT f(a, b) FROM t");
    }

    @Test
    void differently_spaced_lists_normalize_identically() {
      assertThat(normalized("SELECT * FROM t WHERE (a,b) = ( ?,?  ,? )"))
          .isEqualTo(normalized("SELECT * FROM t WHERE (a, b) = (?, ?, ?)"))
          .isEqualTo("SELECT * FROM t WHERE (a, b) = (?, ?, ?)");
    }

    @Test
    void case_is_kept() {
      assertThat(normalized("select A, b FROM T")).isEqualTo("select A, b FROM T");
    }
  }

  @Nested
  class KeptAsWritten {

    @Test
    void quoted_identifiers_are_kept() {
      assertThat(normalized("SELECT \"Order\".\"Id \"\"x\"\"\", `my col`, [dbo].[Order Lines] FROM t"))
          .isEqualTo("SELECT \"Order\".\"Id \"\"x\"\"\", `my col`, [dbo].[Order Lines] FROM t");
    }

    @Test
    void placeholders_and_named_parameters_are_kept() {
      assertThat(normalized("SELECT * FROM t WHERE a = ? AND b = :name AND c = :1 AND d = ?1"))
          .isEqualTo("SELECT * FROM t WHERE a = ? AND b = :name AND c = :1 AND d = ?1");
    }

    @Test
    void a_postgresql_cast_is_kept() {
      assertThat(normalized("SELECT a::int, '5'::numeric FROM t"))
          .isEqualTo("SELECT a::int, ?::numeric FROM t");
    }
  }

  @Nested
  class InLists {

    @Test
    void an_in_list_of_placeholders_collapses_to_one() {
      SqlFingerprint fingerprint = SqlFingerprint.of("SELECT * FROM t WHERE id IN (?, ?, ?)");

      assertThat(fingerprint.normalized()).isEqualTo("SELECT * FROM t WHERE id IN (?)");
      assertThat(fingerprint.inListSize()).isEqualTo(3);
    }

    @Test
    void in_lists_of_different_sizes_have_one_fingerprint_and_their_own_sizes() {
      // given Hibernate-style batch loads of 2 and of 5 ids
      SqlFingerprint two = SqlFingerprint.of("select * from item i where i.order_id in (?,?)");
      SqlFingerprint five = SqlFingerprint.of("select * from item i where i.order_id in (?,?,?,?,?)");

      assertThat(two).isEqualTo(five);
      assertThat(two.normalized()).isEqualTo("select * from item i where i.order_id in (?)");
      assertThat(two.inListSize()).isEqualTo(2);
      assertThat(five.inListSize()).isEqualTo(5);
    }

    @Test
    void literals_in_an_in_list_collapse_like_placeholders() {
      SqlFingerprint fingerprint = SqlFingerprint.of("DELETE FROM t WHERE k NOT IN ('a', 'b', -3)");

      assertThat(fingerprint.normalized()).isEqualTo("DELETE FROM t WHERE k NOT IN (?)");
      assertThat(fingerprint.inListSize()).isEqualTo(3);
    }

    @Test
    void the_largest_in_list_is_recorded() {
      SqlFingerprint fingerprint = SqlFingerprint.of("SELECT * FROM t WHERE a IN (?, ?) OR b IN (?, ?, ?, ?)");

      assertThat(fingerprint.normalized()).isEqualTo("SELECT * FROM t WHERE a IN (?) OR b IN (?)");
      assertThat(fingerprint.inListSize()).isEqualTo(4);
    }

    @Test
    void an_in_list_with_anything_but_placeholders_is_kept() {
      SqlFingerprint fingerprint = SqlFingerprint.of("SELECT * FROM t WHERE a IN (?, b, ?) AND c IN (SELECT d FROM u)");

      assertThat(fingerprint.normalized()).isEqualTo("SELECT * FROM t WHERE a IN (?, b, ?) AND c IN (SELECT d FROM u)");
      assertThat(fingerprint.inListSize()).isZero();
    }

    @Test
    void a_query_without_in_list_has_size_zero() {
      assertThat(SqlFingerprint.of("SELECT * FROM t WHERE a = ?").inListSize()).isZero();
    }
  }

  @Nested
  class ValuesRows {

    @Test
    void a_multi_row_values_collapses_to_its_first_row() {
      SqlFingerprint fingerprint = SqlFingerprint.of("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'),(?, ?) ON CONFLICT DO NOTHING");

      assertThat(fingerprint.normalized()).isEqualTo("INSERT INTO t (a, b) VALUES (?, ?) ON CONFLICT DO NOTHING");
      assertThat(fingerprint.valuesRows()).isEqualTo(3);
    }

    @Test
    void inserts_of_different_row_counts_have_one_fingerprint() {
      assertThat(SqlFingerprint.of("insert into t values (?, now()), (?, now())"))
          .isEqualTo(SqlFingerprint.of("insert into t values (?, now())"));
    }

    @Test
    void a_single_row_counts_one() {
      assertThat(SqlFingerprint.of("INSERT INTO t VALUES (?, ?)").valuesRows()).isEqualTo(1);
    }

    @Test
    void a_statement_without_values_counts_zero() {
      assertThat(SqlFingerprint.of("UPDATE t SET a = ?").valuesRows()).isZero();
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
      assertThat(SqlFingerprint.of(sql).kind()).isEqualTo(kind);
    }

    @Test
    void leading_comments_and_parentheses_are_skipped() {
      assertThat(SqlFingerprint.of("/* hint */ -- why\n ((SELECT 1) UNION (SELECT 2))").kind())
          .isEqualTo(StatementKind.SELECT);
    }

    @Test
    void a_with_query_takes_the_verb_after_its_cte_list() {
      assertThat(SqlFingerprint.of("WITH x AS (SELECT id FROM t WHERE old) DELETE FROM t WHERE id IN (SELECT id FROM x)").kind())
          .isEqualTo(StatementKind.DELETE);
    }

    @Test
    void a_with_query_with_several_ctes_and_column_lists_takes_the_main_verb() {
      String sql =
          "WITH RECURSIVE a(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM a), "
              + "b AS MATERIALIZED (UPDATE t SET x = 1 RETURNING *) "
              + "INSERT INTO log SELECT * FROM b";

      assertThat(SqlFingerprint.of(sql).kind()).isEqualTo(StatementKind.INSERT);
    }

    @Test
    void a_with_query_that_selects_is_a_select() {
      assertThat(SqlFingerprint.of("with x as (delete from t returning *) select * from x").kind())
          .isEqualTo(StatementKind.SELECT);
    }

    @Test
    void writes_are_insert_update_delete_and_merge() {
      assertThat(SqlFingerprint.of("INSERT INTO t VALUES (1)").isWrite()).isTrue();
      assertThat(SqlFingerprint.of("UPDATE t SET a = 1").isWrite()).isTrue();
      assertThat(SqlFingerprint.of("DELETE FROM t").isWrite()).isTrue();
      assertThat(SqlFingerprint.of("MERGE INTO t USING s ON (a) WHEN MATCHED THEN DELETE").isWrite()).isTrue();
      assertThat(SqlFingerprint.of("SELECT * FROM t FOR UPDATE").isWrite()).isFalse();
      assertThat(SqlFingerprint.of("{call p()}").isWrite()).isFalse();
    }
  }

  @Nested
  class Limits {

    @Test
    void null_is_the_fingerprint_of_empty_text() {
      SqlFingerprint fingerprint = SqlFingerprint.of(null);

      assertThat(fingerprint.normalized()).isEmpty();
      assertThat(fingerprint.kind()).isEqualTo(StatementKind.OTHER);
      assertThat(fingerprint).isEqualTo(SqlFingerprint.of("  -- only a comment"));
    }

    @Test
    void text_longer_than_the_limit_is_cut_and_marked() {
      // given a statement whose normalized text is far over 32 KiB
      StringBuilder sql = new StringBuilder("SELECT ");
      for (int i = 0; i < 10_000; i++) {
        sql.append("column_").append(i).append(", ");
      }
      sql.append("x FROM t");

      String normalized = normalized(sql.toString());

      assertThat(normalized).hasSizeLessThanOrEqualTo(SqlFingerprint.MAX_NORMALIZED_LENGTH);
      assertThat(normalized).hasSizeGreaterThan(SqlFingerprint.MAX_NORMALIZED_LENGTH / 2);
      assertThat(normalized).startsWith("SELECT column_0, column_1, ").endsWith(" ...");
    }

    @Test
    void a_long_in_list_is_collapsed_before_the_limit_applies() {
      // given 100,000 placeholders, far over the limit before collapsing
      StringBuilder sql = new StringBuilder("SELECT * FROM t WHERE id IN (");
      for (int i = 0; i < 100_000; i++) {
        sql.append(i == 0 ? "?" : ", ?");
      }
      sql.append(") AND x = 1");

      SqlFingerprint fingerprint = SqlFingerprint.of(sql.toString());

      assertThat(fingerprint.normalized()).isEqualTo("SELECT * FROM t WHERE id IN (?) AND x = ?");
      assertThat(fingerprint.inListSize()).isEqualTo(100_000);
    }

    @Test
    void text_at_the_limit_is_not_cut() {
      String sql = "SELECT " + "a".repeat(SqlFingerprint.MAX_NORMALIZED_LENGTH - "SELECT ".length());

      assertThat(normalized(sql)).isEqualTo(sql);
    }
  }

  @Nested
  class Equality {

    @Test
    void fingerprints_are_equal_when_normalized_texts_are() {
      SqlFingerprint a = SqlFingerprint.of("SELECT * FROM t WHERE a = 1");
      SqlFingerprint b = SqlFingerprint.of("SELECT  *  FROM t WHERE a = 'two' -- x");

      assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
      assertThat(a).isNotEqualTo(SqlFingerprint.of("SELECT * FROM t WHERE b = 1"));
      assertThat(a).hasToString("SELECT * FROM t WHERE a = ?");
    }
  }
}
