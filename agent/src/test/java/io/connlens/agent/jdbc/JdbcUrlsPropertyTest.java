package io.connlens.agent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.testing.CountingCharSequence;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcUrlsPropertyTest {

  /**
   * Characters read per input character that redact may not exceed: a constant, whatever the
   * input. (Each scanner reads a character a few times, and a parameter key is compared with each
   * secret word: a 4 MB key of near misses, "passpass...", takes 6.5 reads a character.)
   */
  private static final int READS_PER_CHARACTER = 8;

  /**
   * The words that make a parameter key a secret, as JdbcUrls reads keys: a key containing
   * passw (password, passwd), secret or token, or ending with pwd.
   */
  private static final List<String> SECRET_WORDS = List.of("password", "passwd", "pwd", "secret", "token");

  /** The characters of a parameter key. */
  private static final String KEY_CHARACTERS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";

  /** What ends a parameter value: {@code &} and {@code ;}, and in a MySQL host list {@code ,} and {@code )}. */
  private static final String VALUE_ENDS = "&;,)";

  /**
   * Every form in which JdbcUrls finds a secret: the secret goes at {SECRET}, a generated secret
   * key at {KEY}, a generated Oracle user at {USER}. Each form's secrets leave out what ends a
   * secret there.
   */
  private static final List<SecretForm> SECRET_FORMS =
      List.of(
          new SecretForm("query, first", "jdbc:postgresql://db:5432/app?{KEY}={SECRET}", secrets(VALUE_ENDS)),
          new SecretForm("query, after &", "jdbc:postgresql://db/app?user=app&{KEY}={SECRET}&ssl=true",
              secrets(VALUE_ENDS)),
          new SecretForm("after ;", "jdbc:sqlserver://db:1433;databaseName=app;{KEY}={SECRET};encrypt=true",
              secrets(VALUE_ENDS)),
          new SecretForm("after ;, last", "jdbc:h2:mem:test;USER=sa;{KEY}={SECRET}", secrets(VALUE_ENDS)),
          new SecretForm("after :", "jdbc:db2://db:50000/app:user=app;{KEY}={SECRET};", secrets(VALUE_ENDS)),
          new SecretForm("host list", "jdbc:mysql://(host=db,port=3306,{KEY}={SECRET})/app", secrets(VALUE_ENDS)),
          new SecretForm("address", "jdbc:mysql://address=(host=db)({KEY}={SECRET})/app", secrets(VALUE_ENDS)),
          new SecretForm("spaces around =", "jdbc:x:db;{KEY} = {SECRET};a=b", secrets(VALUE_ENDS)),
          new SecretForm("SQL Server braces", "jdbc:sqlserver://db;{KEY}={{SECRET}};encrypt=true", secrets("}")),
          new SecretForm("double quotes", "jdbc:x://db/app?{KEY}=\"{SECRET}\"&a=b", secrets("\"")),
          new SecretForm("single quotes", "jdbc:x:db;{KEY}='{SECRET}';a=b", secrets("'")),
          new SecretForm("user info", "jdbc:mysql://app:{SECRET}@db:3306/app?useSSL=false", secrets("/?;")),
          new SecretForm("user info, no path", "jdbc:mariadb://app:{SECRET}@db", secrets("/?;")),
          new SecretForm("user info, parameters after", "jdbc:postgresql://app:{SECRET}@db/app?ssl=true&a=b",
              secrets("/?;")),
          new SecretForm("user info, base64 with /", "jdbc:mysql://app:{SECRET}@db:3306/app", base64Secrets()),
          // (an @ before the ? would end the user info there, as a driver reads it too)
          new SecretForm("user info, with ?", "jdbc:mysql://app:{SECRET}@db/app",
              secrets("/?;:&=@").map(secret -> secret.substring(0, 3) + "?" + secret.substring(3))),
          new SecretForm("Oracle", "jdbc:oracle:thin:{USER}/{SECRET}@db:1521:orcl", secrets("")),
          new SecretForm("Oracle service", "jdbc:oracle:thin:{USER}/{SECRET}@//db:1521/svc", secrets("")),
          new SecretForm("Oracle OCI", "jdbc:oracle:oci:{USER}/{SECRET}@tns_alias", secrets("")),
          // without a database, an @ would start one
          new SecretForm("Oracle, no database", "jdbc:oracle:thin:{USER}/{SECRET}", secrets("@")),
          new SecretForm("Oracle, upper case", "JDBC:ORACLE:THIN:{USER}/{SECRET}@DB:1521:ORCL", secrets("")),
          new SecretForm("Oracle, quoted", "jdbc:oracle:thin:{USER}/\"{SECRET}\"@db:1521:orcl", secrets("\"")),
          new SecretForm("Oracle, quoted user", "jdbc:oracle:thin:\"{USER}\"/{SECRET}@db:1521:orcl",
              secrets(""), quotedOracleUsers()),
          new SecretForm("Oracle under p6spy", "jdbc:p6spy:oracle:thin:{USER}/{SECRET}@db:1521:orcl", secrets("")),
          new SecretForm("Oracle under OpenTelemetry", "jdbc:otel:oracle:thin:{USER}/{SECRET}@//db/svc",
              secrets("")));

  /** Where the generated password goes in each supported form. */
  private static final String PASSWORD = "{PASSWORD}";

  private static final List<String> FORMS =
      List.of(
          "jdbc:postgresql://db:5432/app?user=app&password={PASSWORD}&ssl=true",
          "jdbc:postgresql://db/app?password={PASSWORD}",
          "jdbc:postgresql://db/app?sslmode=verify-full&sslpassword={PASSWORD}",
          "jdbc:mysql://db:3306/app?user=app&password={PASSWORD}&useSSL=false",
          "jdbc:mysql://db/app?trustCertificateKeyStorePassword={PASSWORD}",
          "jdbc:mysql://app:{PASSWORD}@db:3306/app?useSSL=false",
          "jdbc:mysql://(host=db,port=3306,user=app,password={PASSWORD})/app",
          "jdbc:mysql://address=(host=db)(user=app)(password={PASSWORD})/app",
          "jdbc:mariadb://db/app?user=app&PWD={PASSWORD}",
          "jdbc:mariadb://db/app?passwd={PASSWORD}&user=app",
          "jdbc:h2:mem:test;USER=sa;PASSWORD={PASSWORD}",
          "jdbc:h2:tcp://db/~/app;PASSWORD={PASSWORD};IFEXISTS=TRUE",
          "jdbc:sqlserver://db:1433;databaseName=app;user=app;password={PASSWORD};encrypt=true",
          "jdbc:sqlserver://x.database.windows.net;user=app@x;Password={PASSWORD}",
          "jdbc:sqlserver://db;trustStorePassword={PASSWORD}",
          "jdbc:db2://db:50000/app:user=app;password={PASSWORD};",
          "jdbc:oracle:thin:scott/{PASSWORD}@db:1521:orcl",
          "jdbc:oracle:thin:scott/{PASSWORD}@//db:1521/svc",
          "jdbc:oracle:oci:scott/{PASSWORD}@tns_alias");

  @Provide
  Arbitrary<String> forms() {
    return Arbitraries.of(FORMS);
  }

  /** Printable characters, some beyond ASCII, without the characters that end a password. */
  @Provide
  Arbitrary<String> passwords() {
    return Arbitraries.strings()
        .withCharRange('!', '~')
        .withChars("äßΩ€ ")
        .excludeChars('&', ';', '@', '/', '?', '#', ':', '(', ')', ',', '{', '}', '"', '\'', '*')
        .ofMinLength(1)
        .ofMaxLength(40)
        .filter(p -> !p.startsWith(" "));
  }

  @Property(tries = 2000)
  void a_password_in_a_supported_form_is_replaced_exactly(
      @ForAll("forms") String form, @ForAll("passwords") String password) {
    // (a password that itself reads as a secret parameter, "xpwd=1", is masked from there on)
    Assume.that(!readsAsSecretParameter(password));
    // given a URL with the password in one of the supported forms
    String url = form.replace(PASSWORD, password);

    // when it is redacted
    String redacted = JdbcUrls.redact(url);

    // then the password, and only the password, is replaced
    assertThat(redacted).isEqualTo(form.replace(PASSWORD, JdbcUrls.MASK));
  }

  private static boolean readsAsSecretParameter(String password) {
    String lower = password.toLowerCase(java.util.Locale.ROOT);
    return password.contains("=")
        && (lower.contains("passw")
            || lower.contains("pwd")
            || lower.contains("secret")
            || lower.contains("token"));
  }

  @Property(tries = 1000)
  void a_braced_sql_server_password_may_hold_any_character(
      @ForAll @StringLength(min = 1, max = 30) String password) {
    // given a password in SQL Server braces, where '}' is written '}}'
    String url = "jdbc:sqlserver://db;password={" + password.replace("}", "}}") + "};encrypt=true";

    assertThat(JdbcUrls.redact(url)).isEqualTo("jdbc:sqlserver://db;password=***;encrypt=true");
  }

  @Property(tries = 3000)
  void never_throws_and_is_idempotent_on_any_string(@ForAll String text) {
    String once = JdbcUrls.redact(text);

    assertThat(JdbcUrls.redact(once)).isEqualTo(once);
  }

  @Property(tries = 20000)
  void never_throws_and_is_idempotent_on_url_like_strings(@ForAll("urlSoup") String text) {
    String once = JdbcUrls.redact(text);

    assertThat(JdbcUrls.redact(once)).isEqualTo(once);
  }

  @Property(tries = 5000)
  void a_secret_under_any_secret_key_in_any_form_never_appears_in_the_output(
      @ForAll("urlsWithASecret") UrlWithASecret given) {
    // given a URL that holds the secret, and would not once the secret was masked (the premise)
    assertThat(given.url).contains(given.secret);
    assertThat(given.masked).doesNotContain(given.secret);

    // when it is redacted
    String redacted = JdbcUrls.redact(given.url);

    // then the secret is gone
    assertThat(redacted).as("redacted %s", given).doesNotContain(given.secret);
    // and every form, and every secret word under a generated key, was tried
    Statistics.label("form").collect(given.form.name);
    Statistics.label("form").coverage(coverage -> {
      for (SecretForm form : SECRET_FORMS) {
        coverage.check(form.name).count(n -> n > 0);
      }
    });
    Statistics.label("word").collect(given.word);
    Statistics.label("word").coverage(coverage -> {
      for (String word : SECRET_WORDS) {
        coverage.check(word).count(n -> n > 0);
      }
    });
  }

  @Property(tries = 5000)
  void a_secret_parameter_in_url_like_text_never_appears_in_the_output(
      @ForAll("urlSoup") String before, @ForAll("secretKeys") String key,
      @ForAll("secrets") String secret, @ForAll("valueEnds") String end,
      @ForAll("urlSoup") String after) {
    // given a secret parameter amid anything the scanners react to
    String url = before + key + "=" + secret + end + after;
    Assume.that(!(before + key + "=" + JdbcUrls.MASK + end + after).contains(secret));
    assertThat(url).contains(secret);

    // when it is redacted, then the secret is gone
    assertThat(JdbcUrls.redact(url)).as("redacted %s", url).doesNotContain(secret);
  }

  @Provide
  Arbitrary<UrlWithASecret> urlsWithASecret() {
    return Arbitraries.of(SECRET_FORMS)
        .flatMap(form -> Combinators.combine(
                Arbitraries.of(SECRET_WORDS), Arbitraries.integers().between(0, 1 << 30), form.secrets,
                form.users)
            .as((word, seed, secret, user) -> new UrlWithASecret(form, word, key(word, seed), secret, user)))
        .filter(given -> !given.masked.contains(given.secret));
  }

  /** A key JdbcUrls must read as a secret: a secret word in any case, with key characters around it. */
  @Provide
  Arbitrary<String> secretKeys() {
    return Combinators.combine(Arbitraries.of(SECRET_WORDS), Arbitraries.integers().between(0, 1 << 30))
        .as(JdbcUrlsPropertyTest::key);
  }

  /**
   * The secret word in a case chosen by {@code seed}, preceded by up to three key characters and,
   * unless the word is pwd (which must end the key), followed by up to three.
   */
  private static String key(String word, int seed) {
    java.util.Random random = new java.util.Random(seed);
    StringBuilder key = new StringBuilder();
    for (int i = random.nextInt(4); i > 0; i--) {
      key.append(KEY_CHARACTERS.charAt(random.nextInt(KEY_CHARACTERS.length())));
    }
    for (char c : word.toCharArray()) {
      key.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
    }
    if (!word.equals("pwd")) {
      for (int i = random.nextInt(4); i > 0; i--) {
        key.append(KEY_CHARACTERS.charAt(random.nextInt(KEY_CHARACTERS.length())));
      }
    }
    return key.toString();
  }

  /** Secrets that may stand anywhere a parameter value ends: no value end in them. */
  @Provide
  Arbitrary<String> secrets() {
    return secrets(VALUE_ENDS);
  }

  /**
   * Printable characters, some beyond ASCII, spaces and tabs, without {@code *} (so a secret is
   * never the mask, nor holds it) and without {@code excluded}.
   */
  private static Arbitrary<String> secrets(String excluded) {
    char[] left = ("*" + excluded).toCharArray();
    return Arbitraries.strings()
        .withCharRange('!', '~')
        .withChars("äßΩ€漢 \t")
        .excludeChars(left)
        .ofMinLength(6)
        .ofMaxLength(30);
  }

  @Provide
  Arbitrary<String> valueEnds() {
    return Arbitraries.of("&", ";", ",", ")", "");
  }

  /** Base64 text, whose alphabet holds / (and =): a password generated by a tool. */
  private static Arbitrary<String> base64Secrets() {
    return Arbitraries.strings()
        .withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9').withChars("+/=")
        .ofMinLength(8)
        .ofMaxLength(40);
  }

  /** Oracle user names: an identifier. */
  private static Arbitrary<String> oracleUsers() {
    return Combinators.combine(
            Arbitraries.chars().range('a', 'z'),
            Arbitraries.strings().withCharRange('a', 'z').withChars("0123456789_$#").ofMaxLength(8))
        .as((first, rest) -> first + rest);
  }

  /** Quoted Oracle user names: anything but the quote, @ and / included. */
  private static Arbitrary<String> quotedOracleUsers() {
    return Arbitraries.strings().withCharRange('!', '~').withChars("äß ").excludeChars('"')
        .ofMinLength(1).ofMaxLength(12);
  }

  /** One form of URL with a secret, see {@link #SECRET_FORMS}. */
  private static final class SecretForm {
    final String name;
    final String template;
    final Arbitrary<String> secrets;
    final Arbitrary<String> users;

    SecretForm(String name, String template, Arbitrary<String> secrets) {
      this(name, template, secrets, oracleUsers());
    }

    SecretForm(String name, String template, Arbitrary<String> secrets, Arbitrary<String> users) {
      this.name = name;
      this.template = template;
      this.secrets = secrets;
      this.users = users;
    }

    String with(String key, String secret, String user) {
      return template.replace("{KEY}", key).replace("{USER}", user).replace("{SECRET}", secret);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A URL holding a known secret, and the same URL with the mask where the secret is. */
  private static final class UrlWithASecret {
    final SecretForm form;
    final String word;
    final String secret;
    final String url;
    final String masked;

    UrlWithASecret(SecretForm form, String word, String key, String secret, String user) {
      this.form = form;
      this.word = form.template.contains("{KEY}") ? word : "(no key)";
      this.secret = secret;
      this.url = form.with(key, secret, user);
      this.masked = form.with(key, JdbcUrls.MASK, user);
    }

    @Override
    public String toString() {
      return form + ": " + url + " (secret " + secret + ")";
    }
  }

  /** Strings made of the pieces the scanners react to, so that their edge cases meet. */
  @Provide
  Arbitrary<String> urlSoup() {
    Arbitrary<String> pieces =
        Arbitraries.of(
            "jdbc:oracle:thin:", "jdbc:p6spy:oracle:thin:", "jdbc:mysql:", "//", "/", ":", "@", "?", "&", ";", ",", "(", ")",
            "{", "}", "}}", "\"", "'", "=", " ", "password", "PWD", "user", "token", "x", "db",
            "***", "*", "#", "\u0000", "é", "\t", "[", "$", ".", "-", "0", "passwd", "%");
    return pieces.list().ofMaxSize(50).map(list -> String.join("", list));
  }

  @Test
  void redacts_a_quoted_oracle_user_holding_a_user_info_shape_the_same_twice() {
    // given a quoted user in which the user-info scanner finds //b:c@d: a slash ends the user, so
    // the password mask starts there and takes what would change the user-info scan the next time
    String url = "jdbc:oracle:thin:\"a//b:c@d\"/tiger@db:1521:orcl";

    String once = JdbcUrls.redact(url);

    assertThat(once).doesNotContain("tiger");
    assertThat(JdbcUrls.redact(once)).isEqualTo(once);
  }

  @Test
  void never_throws_on_binary_garbage() {
    // given every char value, including lone surrogates and control characters
    StringBuilder garbage = new StringBuilder();
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      garbage.append((char) c);
    }
    String once = JdbcUrls.redact(garbage.toString());

    assertThat(JdbcUrls.redact(once)).isEqualTo(once);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password=", "a=", "//", "//a:b@", "//a:b/c", "//a:b//", "{", "(password=", "a b", "@",
        ";p=q", "jdbc:oracle:thin:a/", "//a:b/c:", "password={", "password=\"", "xpasswordx=",
        "pwd=a;", "//a:b/@", "//a:b?c", "jdbc:x:", "jdbc:oracle:thin:\"@", "jdbc:oracle:thin:\"/"
      })
  void reads_each_character_a_bounded_number_of_times_on_huge_repetitive_input(String piece) {
    // given a 4 MB string built to defeat a scanner that backtracks, wrapped in a read counter
    String huge = piece.repeat(4_000_000 / piece.length());
    CountingCharSequence counted = new CountingCharSequence(huge);

    // when it is redacted
    String redacted = JdbcUrls.redact(counted);

    // then every character was read (the premise), and at most a constant number of times each:
    // a scan that went back over the input would read it thousands of times
    assertThat(redacted).isEqualTo(JdbcUrls.redact(huge));
    assertThat(counted.reads()).isGreaterThanOrEqualTo(huge.length());
    assertThat(counted.reads()).isLessThanOrEqualTo((long) READS_PER_CHARACTER * huge.length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pass", "secre", "toke", "pw", "passw"})
  void reads_a_huge_key_of_near_misses_of_a_secret_word_a_bounded_number_of_times(String word) {
    // given a 4 MB parameter key made of the start of a secret word, over and over
    String huge = word.repeat(4_000_000 / word.length()) + "=x";
    CountingCharSequence counted = new CountingCharSequence(huge);

    JdbcUrls.redact(counted);

    assertThat(counted.reads()).isGreaterThanOrEqualTo(huge.length());
    assertThat(counted.reads()).isLessThanOrEqualTo((long) READS_PER_CHARACTER * huge.length());
  }

  @Property(tries = 200)
  void reads_each_character_a_bounded_number_of_times_on_url_like_strings(
      @ForAll("urlSoup") String text) {
    CountingCharSequence counted = new CountingCharSequence(text);

    JdbcUrls.redact(counted);

    assertThat(counted.reads()).isGreaterThanOrEqualTo(text.length());
    assertThat(counted.reads()).isLessThanOrEqualTo((long) READS_PER_CHARACTER * text.length());
  }

}
