package io.connlens.agent.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrintableTextTest {

  /** The characters the class promises to escape, written out here independently of its code. */
  private static boolean mustEscape(char c) {
    return c <= 0x1f
        || c == 0x7f
        || (c >= 0x80 && c <= 0x9f)
        || c == 0x2028
        || c == 0x2029
        || c == 0x061c
        || c == 0x200e
        || c == 0x200f
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }

  private static String escaped(char c) {
    return String.format(Locale.ROOT, "\\u%04x", (int) c);
  }

  @Test
  void escapes_exactly_the_promised_characters_among_all_that_are_not_surrogates() {
    // given every char value but the surrogates (tested below, as they depend on their neighbours)
    List<String> wrong = new ArrayList<>();
    int escapedCount = 0;
    for (int i = 0; i <= Character.MAX_VALUE; i++) {
      char c = (char) i;
      if (Character.isSurrogate(c)) {
        continue;
      }
      // when it is escaped
      String actual = PrintableText.escape("a" + c + "b");

      // then it is written as \\uXXXX when promised, and kept otherwise
      String expected = "a" + (mustEscape(c) ? escaped(c) : String.valueOf(c)) + "b";
      if (!actual.equals(expected)) {
        wrong.add(escaped(c) + " -> " + actual);
      }
      escapedCount += mustEscape(c) ? 1 : 0;
    }
    assertThat(wrong).isEmpty();
    // 32 C0 + DEL + 32 C1 + 2 separators + 12 bidirectional controls
    assertThat(escapedCount).isEqualTo(79);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r", "\t", "\u001b", "\u0000", "\u007f", "\u0085", "\u2028", "\u202e"})
  void escapes_line_breaks_and_terminal_controls(String unsafe) {
    String text = PrintableText.escape("x" + unsafe + "[connlens] forged");

    assertThat(text).isEqualTo("x" + escaped(unsafe.charAt(0)) + "[connlens] forged");
  }

  @Test
  void keeps_a_surrogate_pair() {
    assertThat(PrintableText.escape("ok \ud83d\ude00 ok")).isEqualTo("ok \ud83d\ude00 ok");
  }

  @Test
  void escapes_a_surrogate_without_its_other_half() {
    assertThat(PrintableText.escape("a\ud83db")).isEqualTo("a\\ud83db");
    assertThat(PrintableText.escape("a\ude00b")).isEqualTo("a\\ude00b");
    assertThat(PrintableText.escape("end\ud83d")).isEqualTo("end\\ud83d");
    assertThat(PrintableText.escape("\ude00start")).isEqualTo("\\ude00start");
    // a low surrogate before a high one is two halves of nothing
    assertThat(PrintableText.escape("\ude00\ud83d")).isEqualTo("\\ude00\\ud83d");
  }

  @Test
  void returns_text_without_unsafe_characters_as_it_is() {
    String text = "select * from \"orders\" where note = 'é € 漢' -- C:\\path";

    assertThat(PrintableText.escape(text)).isSameAs(text);
  }

  @Test
  void returns_null_for_null() {
    assertThat(PrintableText.escape(null)).isNull();
    assertThat(PrintableText.escape(null, 10)).isNull();
  }

  @Test
  void cuts_to_the_limit_and_says_so() {
    assertThat(PrintableText.escape("abcdef", 4)).isEqualTo("abcd...");
    assertThat(PrintableText.escape("abcd", 4)).isEqualTo("abcd");
  }

  @Test
  void escapes_what_it_keeps_when_it_cuts() {
    assertThat(PrintableText.escape("a\nb\nc", 3)).isEqualTo("a\\u000ab...");
  }

  @Test
  void never_cuts_a_surrogate_pair_in_half() {
    // given a pair that straddles the limit
    String text = "abc\ud83d\ude00def";

    // then the cut comes before the pair, not between its halves
    assertThat(PrintableText.escape(text, 4)).isEqualTo("abc...");
    assertThat(PrintableText.escape(text, 5)).isEqualTo("abc\ud83d\ude00...");
  }
}
