package io.connlens.agent.text;

/**
 * Text from outside the agent (SQL, pool, thread and database names, stack frames, configuration
 * values) made safe to print on one console line: every character that could end the line, move the
 * cursor, recolour or reorder what a terminal shows is written as {@code \}{@code uXXXX} instead.
 * Without this, a quoted SQL identifier holding a newline and {@code [connlens] WARNING ...} would
 * print a finding that the agent never made.
 *
 * <p>Escaped: C0 controls (including tab, line feed, carriage return and ESC), DEL, C1 controls
 * (U+0080 to U+009F), the line and paragraph separators U+2028 and U+2029, the bidirectional
 * controls (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069), and surrogates that are not
 * half of a pair. Everything else, a backslash included, is kept: the output is for reading, not for
 * decoding back, and a backslash alone cannot forge a line.
 */
public final class PrintableText {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private PrintableText() {}

  /**
   * {@code text} with every unsafe character escaped; {@code text} itself when none is (the common
   * case costs no copy); {@code null} for {@code null}.
   */
  public static String escape(String text) {
    if (text == null) {
      return null;
    }
    int first = firstUnsafe(text);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
    appendEscaped(out, text, first, text.length());
    return out.toString();
  }

  /**
   * The first {@code maxChars} characters of {@code text}, escaped, followed by {@code ...} when
   * some were left out: for text that may be huge, such as a configuration value. A surrogate pair
   * is never cut in half.
   */
  public static String escape(String text, int maxChars) {
    if (text == null) {
      return null;
    }
    int end = Math.min(text.length(), Math.max(0, maxChars));
    if (end > 0 && end < text.length()
        && Character.isHighSurrogate(text.charAt(end - 1))
        && Character.isLowSurrogate(text.charAt(end))) {
      end--;
    }
    StringBuilder out = new StringBuilder(end + 16);
    appendEscaped(out, text, 0, end);
    if (end < text.length()) {
      out.append("...");
    }
    return out.toString();
  }

  /** Whether the character at {@code index} is escaped; a surrogate is judged with its neighbours. */
  private static boolean isUnsafe(String text, int index) {
    char c = text.charAt(index);
    if (Character.isHighSurrogate(c)) {
      return index + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(index + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return index == 0 || !Character.isHighSurrogate(text.charAt(index - 1));
    }
    return isUnsafe(c);
  }

  /** Whether {@code c}, not a surrogate, is a character that is always escaped. */
  private static boolean isUnsafe(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == '\u2028' || c == '\u2029'
        || c == '\u061c' || c == '\u200e' || c == '\u200f'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }

  private static int firstUnsafe(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isUnsafe(text, i)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Appends {@code text[start, end)} escaped. Surrogates are judged within the whole text: callers
   * never end a range inside a pair.
   */
  private static void appendEscaped(StringBuilder out, String text, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (isUnsafe(text, i)) {
        out.append("\\u")
            .append(HEX[(c >> 12) & 0xf])
            .append(HEX[(c >> 8) & 0xf])
            .append(HEX[(c >> 4) & 0xf])
            .append(HEX[c & 0xf]);
      } else {
        out.append(c);
      }
    }
  }
}
