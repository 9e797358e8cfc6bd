package io.connlens.agent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlsTest {

  @Nested
  class Redact {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            "pgjdbc query                | jdbc:postgresql://db:5432/app?user=app&password=s3cret&ssl=true | jdbc:postgresql://db:5432/app?user=app&password=***&ssl=true\n"
                + "pgjdbc password last      | jdbc:postgresql://db/app?password=s3cret                       | jdbc:postgresql://db/app?password=***\n"
                + "pgjdbc sslpassword        | jdbc:postgresql://db/app?sslmode=verify-full&sslpassword=s3cret | jdbc:postgresql://db/app?sslmode=verify-full&sslpassword=***\n"
                + "MySQL query               | jdbc:mysql://db:3306/app?user=app&password=s3cret              | jdbc:mysql://db:3306/app?user=app&password=***\n"
                + "MySQL trust store         | jdbc:mysql://db/app?trustCertificateKeyStorePassword=s3cret&useSSL=true | jdbc:mysql://db/app?trustCertificateKeyStorePassword=***&useSSL=true\n"
                + "MySQL user info           | jdbc:mysql://app:s3cret@db:3306/app                            | jdbc:mysql://app:***@db:3306/app\n"
                + "MySQL host list           | jdbc:mysql://(host=db,port=3306,user=app,password=s3cret)/app  | jdbc:mysql://(host=db,port=3306,user=app,password=***)/app\n"
                + "MySQL address form        | jdbc:mysql://address=(host=db)(user=app)(password=s3cret)/app  | jdbc:mysql://address=(host=db)(user=app)(password=***)/app\n"
                + "MariaDB pwd               | jdbc:mariadb://db/app?user=app&pwd=s3cret                      | jdbc:mariadb://db/app?user=app&pwd=***\n"
                + "H2 upper case             | jdbc:h2:mem:test;USER=sa;PASSWORD=s3cret                       | jdbc:h2:mem:test;USER=sa;PASSWORD=***\n"
                + "SQL Server                | jdbc:sqlserver://db:1433;databaseName=app;user=app;password=s3cret;encrypt=true | jdbc:sqlserver://db:1433;databaseName=app;user=app;password=***;encrypt=true\n"
                + "SQL Server braces         | jdbc:sqlserver://db;password={se;c}}ret};encrypt=true          | jdbc:sqlserver://db;password=***;encrypt=true\n"
                + "SQL Server trust store    | jdbc:sqlserver://db;trustStorePassword=s3cret                  | jdbc:sqlserver://db;trustStorePassword=***\n"
                + "Azure user with domain    | jdbc:sqlserver://x.database.windows.net:1433;user=app@x;password=s3cret | jdbc:sqlserver://x.database.windows.net:1433;user=app@x;password=***\n"
                + "DB2 colon                 | jdbc:db2://db:50000/app:user=app;password=s3cret;              | jdbc:db2://db:50000/app:user=app;password=***;\n"
                + "Derby passwd              | jdbc:derby:app;user=app;passwd=s3cret                          | jdbc:derby:app;user=app;passwd=***\n"
                + "Oracle thin               | jdbc:oracle:thin:scott/tiger@db:1521:orcl                      | jdbc:oracle:thin:scott/***@db:1521:orcl\n"
                + "Oracle thin service       | jdbc:oracle:thin:scott/tiger@//db:1521/svc                     | jdbc:oracle:thin:scott/***@//db:1521/svc\n"
                + "Oracle quoted with @      | jdbc:oracle:thin:scott/\"ti@ger\"@db:1521:orcl                 | jdbc:oracle:thin:scott/***@db:1521:orcl\n"
                + "Oracle OCI                | jdbc:oracle:oci:scott/tiger@tns_alias                          | jdbc:oracle:oci:scott/***@tns_alias\n"
                + "Oracle under p6spy        | jdbc:p6spy:oracle:thin:scott/tiger@db:1521:orcl                | jdbc:p6spy:oracle:thin:scott/***@db:1521:orcl\n"
                + "Oracle under OpenTelemetry| jdbc:otel:oracle:thin:scott/tiger@//db:1521/svc                | jdbc:otel:oracle:thin:scott/***@//db:1521/svc\n"
                + "Oracle quoted user with @ | jdbc:oracle:thin:\"scott@corp\"/tiger@db:1521:orcl           | jdbc:oracle:thin:\"scott@corp\"/***@db:1521:orcl\n"
                + "user info with ?          | jdbc:mysql://app:se?cret@db/app                                | jdbc:mysql://app:***@db/app\n"
                + "spaces around equals      | jdbc:x:db;Password = s3cret;a=b                                | jdbc:x:db;Password =***;a=b\n"
                + "access token              | jdbc:databricks://db:443;AuthMech=11;accessToken=s3cret        | jdbc:databricks://db:443;AuthMech=11;accessToken=***\n")
    void removes_the_password(String form, String url, String expected) {
      // given a URL in a driver's form, when redacted, then only the password is replaced
      assertThat(JdbcUrls.redact(url)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            "pgjdbc        | jdbc:postgresql://db:5432/app?user=app&ssl=true\n"
                + "H2        | jdbc:h2:mem:test;DB_CLOSE_DELAY=-1\n"
                + "Oracle    | jdbc:oracle:thin:@//db:1521/svc\n"
                + "SQL Server| jdbc:sqlserver://db:1433;databaseName=app;user=app@x\n"
                + "user only | jdbc:mysql://app@db/app\n"
                + "query after the port | jdbc:postgresql://db:5432?user=a@b.example\n"
                + "Testcontainers Oracle | jdbc:tc:oracle:21-slim-faststart:///app\n")
    void leaves_a_url_without_password_unchanged(String form, String url) {
      assertThat(JdbcUrls.redact(url)).isSameAs(url);
    }

    @Test
    void returns_null_for_null() {
      assertThat(JdbcUrls.redact(null)).isNull();
    }

    @Test
    void masks_an_at_sign_in_a_user_info_password() {
      // given a password with '@': the last '@' of the authority ends the user info
      String url = "jdbc:mysql://app:p@ss@db/app";

      assertThat(JdbcUrls.redact(url)).isEqualTo("jdbc:mysql://app:***@db/app");
    }

    @Test
    void masks_a_base64_user_info_password_with_slashes() {
      // given a password that the driver would refuse unencoded, but that must not be printed
      String url = "jdbc:mysql://app:q8/x+Zk/w==@db:3306/app";

      assertThat(JdbcUrls.redact(url)).isEqualTo("jdbc:mysql://app:***@db:3306/app");
    }

    @Test
    void masks_a_hash_in_a_user_info_password() {
      assertThat(JdbcUrls.redact("jdbc:mysql://app:se#cret@db/app"))
          .isEqualTo("jdbc:mysql://app:***@db/app");
    }

    @Test
    void keeps_an_at_sign_in_a_parameter_after_the_path() {
      // given an '@' after the path, in a DB2 parameter: not user info
      String url = "jdbc:db2://db:50000/app:user=app@corp;password=s3cret;";

      assertThat(JdbcUrls.redact(url)).isEqualTo("jdbc:db2://db:50000/app:user=app@corp;password=***;");
    }

    @Test
    void masks_to_the_end_when_a_brace_is_not_closed() {
      // given a braced value that never closes: where it ends is unknown, so all of it goes
      String url = "jdbc:sqlserver://db;password={secret;encrypt=true";

      assertThat(JdbcUrls.redact(url)).isEqualTo("jdbc:sqlserver://db;password=***");
    }

    @Test
    void masks_every_password_in_the_url() {
      String url = "jdbc:postgresql://db/app?password=one&sslpassword=two";

      assertThat(JdbcUrls.redact(url))
          .isEqualTo("jdbc:postgresql://db/app?password=***&sslpassword=***");
    }

    @Test
    void leaves_an_empty_password_empty() {
      assertThat(JdbcUrls.redact("jdbc:postgresql://db/app?password=&user=app"))
          .isEqualTo("jdbc:postgresql://db/app?password=&user=app");
    }

    @Test
    void does_not_mask_the_port_of_a_url_without_user_info() {
      assertThat(JdbcUrls.redact("jdbc:postgresql://db:5432/app?user=a@b.example"))
          .isEqualTo("jdbc:postgresql://db:5432/app?user=a@b.example");
    }
  }

  @Nested
  class User {

    @Test
    void prefers_the_user_property() {
      Properties info = new Properties();
      info.setProperty("user", "fromProperties");

      assertThat(JdbcUrls.user("jdbc:postgresql://db/app?user=fromUrl", info))
          .isEqualTo("fromProperties");
    }

    @Test
    void reads_a_user_parameter_when_the_properties_have_none() {
      assertThat(JdbcUrls.user("jdbc:postgresql://db/app?user=app&password=x", new Properties()))
          .isEqualTo("app");
    }

    @Test
    void reads_a_user_parameter_in_any_case() {
      assertThat(JdbcUrls.user("jdbc:h2:mem:test;USER=sa;PASSWORD=x", null)).isEqualTo("sa");
    }

    @Test
    void reads_a_sql_server_user_with_a_domain() {
      assertThat(JdbcUrls.user("jdbc:sqlserver://db:1433;user=app@x;password=s", null))
          .isEqualTo("app@x");
    }

    @Test
    void reads_the_user_of_a_mysql_host_list() {
      assertThat(JdbcUrls.user("jdbc:mysql://(host=db,user=app,password=x)/app", null))
          .isEqualTo("app");
    }

    @Test
    void reads_user_info() {
      assertThat(JdbcUrls.user("jdbc:mysql://app:secret@db/app", null)).isEqualTo("app");
    }

    @Test
    void reads_user_info_without_a_password() {
      assertThat(JdbcUrls.user("jdbc:mysql://app@db/app", null)).isEqualTo("app");
    }

    @Test
    void reads_the_oracle_user() {
      assertThat(JdbcUrls.user("jdbc:oracle:thin:scott/tiger@db:1521:orcl", null))
          .isEqualTo("scott");
    }

    @Test
    void reads_the_oracle_user_under_a_wrapper_driver() {
      assertThat(JdbcUrls.user("jdbc:p6spy:oracle:thin:scott/tiger@db:1521:orcl", null))
          .isEqualTo("scott");
    }

    @Test
    void reads_a_quoted_oracle_user_without_its_quotes() {
      assertThat(JdbcUrls.user("jdbc:oracle:thin:\"scott@corp\"/tiger@db:1521:orcl", null))
          .isEqualTo("scott@corp");
    }

    @Test
    void is_null_when_nothing_names_a_user() {
      assertThat(JdbcUrls.user("jdbc:oracle:thin:@//db:1521/svc", null)).isNull();
      assertThat(JdbcUrls.user("jdbc:postgresql://db:5432/app", new Properties())).isNull();
      assertThat(JdbcUrls.user(null, null)).isNull();
    }

    @Test
    void never_returns_part_of_a_password() {
      // given a user parameter that is really inside a password value
      String url = "jdbc:postgresql://db/app?password=user=s3cret";

      assertThat(JdbcUrls.user(url, null)).isNull();
    }
  }
}
