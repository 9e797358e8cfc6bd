package io.connlens.agent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
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

  @Property(tries = 2000)
  void a_password_never_appears_in_the_output(
      @ForAll("forms") String form, @ForAll("passwords") String password) {
    Assume.that(password.length() >= 4 && !form.contains(password));
    String url = form.replace(PASSWORD, password);

    assertThat(JdbcUrls.redact(url)).doesNotContain(password);
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

  @Property(tries = 10000)
  void no_password_value_survives_in_url_like_strings(@ForAll("urlSoup") String text) {
    // given any text: each `password=` left in the output is followed by the mask, or by nothing
    String redacted = JdbcUrls.redact(text);

    int at = redacted.toLowerCase(java.util.Locale.ROOT).indexOf("password=");
    while (at >= 0) {
      String rest = redacted.substring(at + "password=".length());
      assertThat(rest.isEmpty() || rest.startsWith(JdbcUrls.MASK) || startsWithTerminator(rest))
          .as("after password= in %s", redacted)
          .isTrue();
      at = redacted.toLowerCase(java.util.Locale.ROOT).indexOf("password=", at + 1);
    }
  }

  private static boolean startsWithTerminator(String rest) {
    return "&;,)".indexOf(rest.charAt(0)) >= 0;
  }

  /** Strings made of the pieces the scanners react to, so that their edge cases meet. */
  @Provide
  Arbitrary<String> urlSoup() {
    Arbitrary<String> pieces =
        Arbitraries.of(
            "jdbc:oracle:thin:", "jdbc:mysql:", "//", "/", ":", "@", "?", "&", ";", ",", "(", ")",
            "{", "}", "}}", "\"", "'", "=", " ", "password", "PWD", "user", "token", "x", "db",
            "***", "*", "#", "\u0000", "é", "\t", "[", "$", ".", "-", "0", "passwd", "%");
    return pieces.list().ofMaxSize(50).map(list -> String.join("", list));
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
        "pwd=a;", "//a:b/@"
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

  /** A character sequence that counts how often the scanners read one of its characters. */
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
      // Would read characters without counting them: the scanners must not call it.
      throw new UnsupportedOperationException("subSequence");
    }

    /** The text itself: what redact returns when it masks nothing (one copy, not a scan). */
    @Override
    public String toString() {
      return text;
    }
  }
}
