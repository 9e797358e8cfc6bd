package io.connlens.agent.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlDialectTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          "jdbc:postgresql://db:5432/shop                                  | POSTGRESQL\n"
              + "jdbc:pgsql://db/shop                                      | POSTGRESQL\n"
              + "jdbc:redshift://cluster.example:5439/dev                  | POSTGRESQL\n"
              + "jdbc:yugabytedb://db:5433/yugabyte                        | POSTGRESQL\n"
              + "jdbc:tc:postgresql:15:///shop                             | POSTGRESQL\n"
              + "jdbc:tc:postgis:15-3.4:///shop                            | POSTGRESQL\n"
              + "jdbc:otel:postgresql://db/shop                            | POSTGRESQL\n"
              + "jdbc:aws-wrapper:postgresql://db/shop                     | POSTGRESQL\n"
              + "jdbc:p6spy:tc:postgresql:15:///shop                       | POSTGRESQL\n"
              + "JDBC:PostgreSQL://db/shop                                 | POSTGRESQL\n"
              + "jdbc:mysql://db:3306/shop                                 | MYSQL\n"
              + "jdbc:mysql:loadbalance://db1,db2/shop                     | MYSQL\n"
              + "jdbc:mysql:replication://db1,db2/shop                     | MYSQL\n"
              + "jdbc:mariadb://db/shop                                    | MYSQL\n"
              + "jdbc:p6spy:mysql://db/shop                                | MYSQL\n"
              + "jdbc:log4jdbc:mysql://db/shop                             | MYSQL\n"
              + "jdbc:tc:mysql:8.0:///shop                                 | MYSQL\n"
              + "jdbc:aws-wrapper:mysql://db/shop                          | MYSQL\n"
              + "jdbc:sqlserver://db:1433;databaseName=shop                | SQLSERVER\n"
              + "jdbc:jtds:sqlserver://db:1433/shop                        | SQLSERVER\n"
              + "jdbc:microsoft:sqlserver://db:1433                        | SQLSERVER\n"
              + "jdbc:log4jdbc:sqlserver://db:1433                         | SQLSERVER\n"
              + "jdbc:oracle:thin:@//db:1521/ORCL                          | ORACLE\n"
              + "jdbc:p6spy:oracle:thin:@db:1521:ORCL                      | ORACLE\n"
              + "jdbc:h2:mem:test;DB_CLOSE_DELAY=-1                        | H2\n"
              + "jdbc:otel:h2:mem:test                                     | H2\n"
              + "jdbc:jtds:sybase://db:5000/shop                           | GENERIC\n"
              + "jdbc:sqlite:/tmp/shop.db                                  | GENERIC\n"
              + "jdbc:db2://db:50000/shop                                  | GENERIC\n"
              + "jdbc:unknownwrapper:postgresql://db/shop                  | GENERIC\n"
              + "jdbc:postgresqlx://db/shop                                | GENERIC\n"
              + "jdbc:h2                                                   | GENERIC\n"
              + "postgresql://db/shop                                      | GENERIC\n"
              + "jdbc:                                                     | GENERIC\n")
  void a_url_names_its_dialect_through_any_wrapper(String url, SqlDialect dialect) {
    assertThat(SqlDialect.fromUrl(url)).isEqualTo(dialect);
  }

  @Test
  void a_null_url_is_generic() {
    assertThat(SqlDialect.fromUrl(null)).isEqualTo(SqlDialect.GENERIC);
  }

  @Test
  void only_ascii_letters_match_in_any_case() {
    // given "mariadb" with a dotless i, which String's case-insensitive comparison matches to 'i'
    String dotless = "mar\u0131adb";
    assertThat(dotless.regionMatches(true, 0, "mariadb", 0, 7)).isTrue();

    // when read as a URL's subprotocol, then it names no database
    assertThat(SqlDialect.fromUrl("jdbc:" + dotless + "://db/shop")).isEqualTo(SqlDialect.GENERIC);
    assertThat(SqlDialect.fromUrl("jdbc:MariaDB://db/shop")).isEqualTo(SqlDialect.MYSQL);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          "org.postgresql.Driver                                      | POSTGRESQL\n"
              + "org.postgresql.jdbc.PgConnection                     | POSTGRESQL\n"
              + "com.impossibl.postgres.jdbc.PGDriver                 | POSTGRESQL\n"
              + "com.amazon.redshift.jdbc.Driver                      | POSTGRESQL\n"
              + "com.yugabyte.Driver                                  | POSTGRESQL\n"
              + "com.mysql.cj.jdbc.ConnectionImpl                     | MYSQL\n"
              + "org.mariadb.jdbc.Connection                          | MYSQL\n"
              + "com.microsoft.sqlserver.jdbc.SQLServerConnection     | SQLSERVER\n"
              + "net.sourceforge.jtds.jdbc.JtdsConnection             | SQLSERVER\n"
              + "oracle.jdbc.driver.T4CConnection                     | ORACLE\n"
              + "org.h2.jdbc.JdbcConnection                           | H2\n"
              + "org.sqlite.JDBC                                      | GENERIC\n"
              + "com.zaxxer.hikari.pool.HikariProxyConnection         | GENERIC\n"
              + "org.postgresqlx.Driver                               | GENERIC\n"
              + "postgresql.Driver                                    | GENERIC\n")
  void a_driver_class_names_its_dialect(String className, SqlDialect dialect) {
    assertThat(SqlDialect.fromClassName(className)).isEqualTo(dialect);
  }

  @Test
  void a_null_class_name_is_generic() {
    assertThat(SqlDialect.fromClassName(null)).isEqualTo(SqlDialect.GENERIC);
  }

  @Provide
  Arbitrary<String> urlLike() {
    Arbitrary<String> pieces =
        Arbitraries.of(
            "jdbc:", "JDBC:", "tc:", "p6spy:", "otel:", "log4jdbc:", "aws-wrapper:", "jtds:", "microsoft:",
            "postgresql", "mysql", "sqlserver", "oracle", "h2", "sybase", ":", "//", "", "\u0000", "\ud83d");
    return Arbitraries.oneOf(
        pieces.list().ofMaxSize(8).map(p -> String.join("", p)),
        Arbitraries.strings().all().ofMaxLength(60),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(60).map(b -> new String(b, StandardCharsets.ISO_8859_1)));
  }

  @Property(tries = 3000)
  void reading_any_text_as_a_url_or_a_class_name_never_throws(@ForAll("urlLike") String text) {
    // when read both ways, then there is a dialect, GENERIC when nothing is known
    assertThat(SqlDialect.fromUrl(text)).isNotNull();
    assertThat(SqlDialect.fromClassName(text)).isNotNull();
  }
}
