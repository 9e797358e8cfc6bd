package io.connlens.agent.sql;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of the literals and comments each dialect allows, written as that dialect defines
 * them, each holding a secret that must not survive fingerprinting.
 *
 * <p>A body is a random mix of characters that end, escape or open something in some dialect
 * (quotes of every kind, backslashes, line ends, comment openers, {@code $}, brackets), around a
 * sentinel ({@code zqx} and digits) and between the markers {@code «} and {@code »}. Bodies also
 * hold {@link #BODY_ONLY} characters, which no SQL skeleton of the tests holds: any of them in a
 * fingerprint is a piece of a literal or a comment that got out.
 */
final class DialectLiterals {

  /** Characters only literal and comment bodies hold: none may appear in a normalized text. */
  static final String BODY_ONLY = "\u00ab\u00bb\u00e9\u0436\u20ac\ud83d\ude00";

  /** Pieces of a body: what ends, escapes or opens a token somewhere, and body-only text. */
  private static final List<String> PIECES =
      List.of(
          "'", "''", "\"", "\"\"", "`", "\\", "\\'", "\\\\", "\n", "\r", "\r\n", "\t", " ", "/*", "*/",
          "--", "-- ", "#", "//", "/", "*", "$", "$$", "$a$", "$1", "[", "]", "]'", ")'", "}'", ">'",
          "!'", "(", ")", "{", "}", "<", ">", "!", "?", ":1", ";", ",", ".", "e", "0x", "1", "\u00e9",
          "\u0436", "\u20ac", "\ud83d\ude00", "N'", "E'", "q'[");

  /** One literal or comment as written, its secret, and whether it is a number. */
  static final class Item {
    final String form;
    final SqlDialect writer;
    final String sql;
    final String secret;
    final boolean isNumber;
    final boolean isComment;

    Item(String form, SqlDialect writer, String sql, String secret, boolean isNumber, boolean isComment) {
      this.form = form;
      this.writer = writer;
      this.sql = sql;
      this.secret = secret;
      this.isNumber = isNumber;
      this.isComment = isComment;
    }

    @Override
    public String toString() {
      return writer + " " + form + ": " + sql.replace("\n", "\\n").replace("\r", "\\r");
    }
  }

  private DialectLiterals() {}

  static Arbitrary<String> sentinels() {
    return Arbitraries.integers().between(100, 99_999).map(n -> "zqx" + n);
  }

  /** «, hostile pieces, the sentinel, more pieces, ». */
  static Arbitrary<String> bodies() {
    Arbitrary<String> hostile = Arbitraries.of(PIECES).list().ofMaxSize(6).map(p -> String.join("", p));
    return Combinators.combine(hostile, sentinels(), hostile).as((a, s, b) -> "\u00ab" + a + s + b + "\u00bb");
  }

  /** Every literal form {@code writer} allows: strings, numbers and, in {@code {-L}} slots, signs. */
  static Arbitrary<Item> literals(SqlDialect writer) {
    List<Arbitrary<Item>> forms = new ArrayList<>();
    forms.add(strings(writer));
    forms.add(numbers(writer));
    return Arbitraries.oneOf(forms);
  }

  /** Every comment form {@code writer} allows, its text holding a body. */
  static Arbitrary<Item> comments(SqlDialect writer) {
    Arbitrary<String> bodies = bodies();
    List<Arbitrary<Item>> forms = new ArrayList<>();
    forms.add(bodies.map(b -> comment(writer, "-- line", "-- " + lineBody(writer, b) + "\n", b)));
    forms.add(bodies.map(b -> comment(writer, "block", "/* " + blockBody(writer, b) + " */", b)));
    switch (writer) {
      case POSTGRESQL:
      case SQLSERVER:
      case H2:
        // the outer comment holds body-only text too, which a reader that does not nest exposes
        forms.add(bodies.map(b -> comment(writer, "nested block", "/* \u00e9 /* " + blockBody(writer, b) + " */ \u00e9 */", b)));
        break;
      default:
        break;
    }
    switch (writer) {
      case MYSQL:
        forms.add(bodies.map(b -> comment(writer, "# line", "#" + lineBody(writer, b) + "\n", b)));
        forms.add(bodies.map(b -> comment(writer, "--tab line", "--\t" + lineBody(writer, b) + "\n", b)));
        forms.add(bodies.map(b -> comment(writer, "executable", "/*!50000 " + blockBody(writer, b) + " */", b)));
        forms.add(bodies.map(b -> comment(writer, "hint", "/*+ " + blockBody(writer, b) + " */", b)));
        break;
      case ORACLE:
        forms.add(bodies.map(b -> comment(writer, "hint", "/*+ " + blockBody(writer, b) + " */", b)));
        break;
      case H2:
        forms.add(bodies.map(b -> comment(writer, "// line", "//" + lineBody(writer, b) + "\n", b)));
        break;
      case GENERIC:
        forms.add(bodies.map(b -> comment(writer, "# line", "#" + lineBody(writer, b) + "\n", b)));
        forms.add(bodies.map(b -> comment(writer, "// line", "//" + lineBody(writer, b) + "\n", b)));
        break;
      default:
        break;
    }
    return Arbitraries.oneOf(forms);
  }

  private static Item comment(SqlDialect writer, String form, String sql, String body) {
    return new Item(form + " comment", writer, sql, sentinelOf(body), false, true);
  }

  /** A line comment's body: no line feed, and no carriage return where one ends the comment. */
  private static String lineBody(SqlDialect writer, String body) {
    String oneLine = body.replace("\n", " ");
    return writer == SqlDialect.MYSQL || writer == SqlDialect.GENERIC ? oneLine : oneLine.replace("\r", " ");
  }

  /** A block comment's body: no closer, and no opener where comments nest. */
  private static String blockBody(SqlDialect writer, String body) {
    String closed = body.replace("*/", "* /");
    boolean nests = writer == SqlDialect.POSTGRESQL || writer == SqlDialect.SQLSERVER || writer == SqlDialect.H2;
    return nests || writer == SqlDialect.GENERIC ? closed.replace("/*", "/ *") : closed;
  }

  private static Arbitrary<Item> strings(SqlDialect writer) {
    Arbitrary<String> bodies = bodies();
    List<Arbitrary<Item>> forms = new ArrayList<>();
    // standard SQL: '' doubles a quote, a backslash is text (MySQL: NO_BACKSLASH_ESCAPES;
    // PostgreSQL: standard_conforming_strings, the default)
    forms.add(bodies.map(b -> string(writer, "standard", "'" + b.replace("'", "''") + "'", b)));
    forms.add(bodies.map(b -> string(writer, "national", "N'" + b.replace("'", "''") + "'", b)));
    forms.add(hexAndBits(writer));
    switch (writer) {
      case POSTGRESQL:
        forms.add(escaped(writer, "escape", "E", '\'', bodies));
        forms.add(escaped(writer, "escape", "e", '\'', bodies));
        // standard_conforming_strings=off: a plain string takes escapes
        forms.add(escaped(writer, "escaping plain", "", '\'', bodies));
        forms.add(bodies.map(b -> string(writer, "unicode", "U&'" + b.replace("\\", "\\\\").replace("'", "''") + "'", b)));
        forms.add(dollarQuotes(writer, bodies, true));
        break;
      case MYSQL:
        forms.add(escaped(writer, "escaping plain", "", '\'', bodies));
        forms.add(escaped(writer, "double-quoted", "", '"', bodies));
        forms.add(escaped(writer, "national escaping", "N", '\'', bodies));
        forms.add(escaped(writer, "introducer", "_utf8mb4", '\'', bodies));
        forms.add(escaped(writer, "introducer double-quoted", "_latin1", '"', bodies));
        break;
      case SQLSERVER:
        break;
      case ORACLE:
        forms.add(alternativeQuotes(writer, bodies));
        break;
      case H2:
        forms.add(bodies.map(b -> string(writer, "e-prefixed standard", "E'" + b.replace("'", "''") + "'", b)));
        forms.add(bodies.map(b -> string(writer, "unicode", "U&'" + b.replace("\\", "\\\\").replace("'", "''") + "'", b)));
        forms.add(dollarQuotes(writer, bodies, false));
        break;
      case GENERIC:
        throw new IllegalArgumentException("GENERIC writes no SQL of its own: it reads every dialect's");
      default:
        break;
    }
    return Arbitraries.oneOf(forms);
  }

  private static Item string(SqlDialect writer, String form, String sql, String body) {
    return new Item(form + " string", writer, sql, sentinelOf(body), false, false);
  }

  /**
   * A string where a backslash escapes: each quote written as {@code \'} or doubled at random,
   * each backslash as {@code \\}, a line feed raw or as {@code \n}.
   */
  private static Arbitrary<Item> escaped(SqlDialect writer, String form, String prefix, char quote, Arbitrary<String> bodies) {
    return Combinators.combine(bodies, Arbitraries.longs())
        .as(
            (b, choices) -> {
              StringBuilder sql = new StringBuilder(prefix).append(quote);
              long bits = choices;
              for (int i = 0; i < b.length(); i++) {
                char c = b.charAt(i);
                boolean choice = (bits & 1) == 1;
                bits = Long.rotateRight(bits, 1);
                if (c == quote) {
                  sql.append(choice ? "\\" + quote : "" + quote + quote);
                } else if (c == '\\') {
                  sql.append("\\\\");
                } else if (c == '\n' && choice) {
                  sql.append("\\n");
                } else {
                  sql.append(c);
                }
              }
              return string(writer, form, sql.append(quote).toString(), b);
            });
  }

  private static Arbitrary<Item> dollarQuotes(SqlDialect writer, Arbitrary<String> bodies, boolean tagged) {
    // Tags are made of letters no body holds (bodies hold a, e, x, q, z), so a body never holds its closing tag; an untagged
    // body holds no '$' (a body ending in '$' would close early).
    Arbitrary<String> tags = tagged ? Arbitraries.strings().withChars("bcdfghijk_").ofMinLength(0).ofMaxLength(6) : Arbitraries.just("");
    return Combinators.combine(tags, bodies)
        .as(
            (tag, b) -> {
              String body = tag.isEmpty() ? b.replace("$", "") : b;
              return string(writer, tag.isEmpty() ? "dollar-quoted" : "tagged dollar-quoted", "$" + tag + "$" + body + "$" + tag + "$", b);
            });
  }

  /** Oracle's {@code q'<d>..<d>'}, every delimiter; bracket delimiters close with their pair. */
  private static Arbitrary<Item> alternativeQuotes(SqlDialect writer, Arbitrary<String> bodies) {
    Arbitrary<String> prefixes = Arbitraries.of("q", "Q", "nq", "Nq", "NQ");
    Arbitrary<Character> delimiters = Arbitraries.of('[', '(', '{', '<', '!', '#', '|', '~', '^', '@', '%', '*', '/', '"', '\\', '+', '=');
    return Combinators.combine(prefixes, delimiters, bodies)
        .as(
            (prefix, open, b) -> {
              char close = open == '[' ? ']' : open == '(' ? ')' : open == '{' ? '}' : open == '<' ? '>' : open;
              String body = b.replace(close + "'", close + " '");
              return string(writer, "alternative-quoted " + open, prefix + "'" + open + body + close + "'", b);
            });
  }

  private static Arbitrary<Item> hexAndBits(SqlDialect writer) {
    Arbitrary<Item> hex =
        Arbitraries.strings().withChars("0123456789ABCDEF").ofLength(10).map(h -> new Item("hex string", writer, "X'" + h + "'", h, false, false));
    Arbitrary<Item> bits =
        Arbitraries.strings().withChars("01").ofLength(12).map(b -> new Item("bit string", writer, "B'" + b + "'", b, false, false));
    return Arbitraries.oneOf(hex, bits);
  }

  /** The sentinel a body holds: «..zqxNNN..». */
  private static String sentinelOf(String body) {
    int at = body.indexOf("zqx");
    int end = at + 3;
    while (end < body.length() && Character.isDigit(body.charAt(end))) {
      end++;
    }
    return body.substring(at, end);
  }

  /** Numbers in every form: integers, decimals, exponents, prefixed integers, grouped digits, money. */
  static Arbitrary<Item> numbers(SqlDialect writer) {
    Arbitrary<String> integers = Arbitraries.longs().between(10_000, 999_999_999_999L).map(String::valueOf);
    Arbitrary<String> decimals =
        Combinators.combine(Arbitraries.integers().between(0, 99_999), Arbitraries.integers().between(10_000, 99_999))
            .as((whole, fraction) -> whole + "." + fraction);
    Arbitrary<String> fractions = Arbitraries.integers().between(10_000, 99_999).map(f -> "." + f);
    Arbitrary<String> exponents =
        Combinators.combine(decimals, Arbitraries.of("e", "E", "e-", "E+"), Arbitraries.integers().between(1, 300))
            .as((mantissa, e, exponent) -> mantissa + e + exponent);
    Arbitrary<String> hex = Arbitraries.longs().between(0x10000, 0xFFFFFFFFL).map(h -> "0x" + Long.toHexString(h));
    Arbitrary<String> binary = Arbitraries.longs().between(0x10000, 0xFFFFFFFFL).map(b -> "0b" + Long.toBinaryString(b));
    Arbitrary<String> octal = Arbitraries.longs().between(0x10000, 0xFFFFFFFFL).map(o -> "0o" + Long.toOctalString(o));
    Arbitrary<String> grouped = Arbitraries.integers().between(100, 999).map(g -> g + "_000_" + g);
    List<Arbitrary<String>> forms = new ArrayList<>(List.of(integers, decimals, fractions, exponents, hex, grouped));
    if (writer == SqlDialect.POSTGRESQL || writer == SqlDialect.H2 || writer == SqlDialect.MYSQL) {
      forms.add(binary);
    }
    if (writer == SqlDialect.POSTGRESQL || writer == SqlDialect.H2) {
      forms.add(octal);
    }
    Arbitrary<Item> plain = Arbitraries.oneOf(forms).map(n -> new Item("number", writer, n, digitsOf(n), true, false));
    if (writer != SqlDialect.SQLSERVER) {
      return plain;
    }
    Arbitrary<Item> money =
        Arbitraries.oneOf(integers.map(n -> "$" + n), decimals.map(n -> "$" + n), fractions.map(n -> "$" + n))
            .map(m -> new Item("money", writer, m, m.substring(1), true, false));
    return Arbitraries.oneOf(plain, money);
  }

  /** The value digits of a number: after a base prefix, the whole text otherwise. */
  private static String digitsOf(String number) {
    return number.startsWith("0x") || number.startsWith("0b") || number.startsWith("0o") ? number.substring(2) : number;
  }
}
