package io.connlens.api.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON parser (RFC 8259), the reading side of {@link JsonWriter}: objects become
 * {@code Map<String, Object>} in document order, arrays {@code List<Object>}, strings {@code String},
 * integers {@code Long} (others {@code Double}), {@code true}/{@code false} {@code Boolean}, and
 * {@code null} {@code null}. Anything else, nesting deeper than {@value #MAX_DEPTH}, or text after the
 * value throws {@link JsonException} with the offset: a report is read whole or not at all.
 */
public final class JsonReader {
  /** The deepest nesting read; a report is six levels deep. */
  public static final int MAX_DEPTH = 64;

  private final String text;
  private int at;
  private int depth;

  private JsonReader(String text) {
    this.text = text;
  }

  /** Thrown when the text is not one JSON value. */
  public static final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JsonException(String message, int offset) {
      super(message + " at offset " + offset);
    }
  }

  /** The value {@code text} holds. */
  public static Object parse(String text) {
    JsonReader reader = new JsonReader(text);
    reader.skipSpace();
    Object value = reader.value();
    reader.skipSpace();
    if (reader.at != text.length()) {
      throw new JsonException("text after the value", reader.at);
    }
    return value;
  }

  private Object value() {
    if (at >= text.length()) {
      throw new JsonException("a value expected", at);
    }
    char c = text.charAt(at);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw new JsonException("unexpected '" + c + "'", at);
    }
  }

  private Map<String, Object> object() {
    enter();
    at++;
    Map<String, Object> members = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      at++;
      depth--;
      return Collections.unmodifiableMap(members);
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw new JsonException("a member name expected", at);
      }
      String name = string();
      skipSpace();
      expect(':');
      skipSpace();
      members.put(name, value());
      skipSpace();
      char c = next();
      if (c == '}') {
        depth--;
        return Collections.unmodifiableMap(members);
      }
      if (c != ',') {
        throw new JsonException("',' or '}' expected", at - 1);
      }
    }
  }

  private List<Object> array() {
    enter();
    at++;
    List<Object> items = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      at++;
      depth--;
      return Collections.unmodifiableList(items);
    }
    while (true) {
      skipSpace();
      items.add(value());
      skipSpace();
      char c = next();
      if (c == ']') {
        depth--;
        return Collections.unmodifiableList(items);
      }
      if (c != ',') {
        throw new JsonException("',' or ']' expected", at - 1);
      }
    }
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw new JsonException("nested deeper than " + MAX_DEPTH, at);
    }
  }

  private String string() {
    at++; // the opening quote
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw new JsonException("a control character in a string", at - 1);
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out.append(e);
          break;
        case 'b':
          out.append('\b');
          break;
        case 'f':
          out.append('\f');
          break;
        case 'n':
          out.append('\n');
          break;
        case 'r':
          out.append('\r');
          break;
        case 't':
          out.append('\t');
          break;
        case 'u':
          out.append(hex4());
          break;
        default:
          throw new JsonException("a bad escape '\\" + e + "'", at - 2);
      }
    }
  }

  private char hex4() {
    if (at + 4 > text.length()) {
      throw new JsonException("four hex digits expected", at);
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(text.charAt(at + i), 16);
      if (digit < 0) {
        throw new JsonException("four hex digits expected", at);
      }
      value = value * 16 + digit;
    }
    at += 4;
    return (char) value;
  }

  private Object number() {
    int start = at;
    if (peek() == '-') {
      at++;
    }
    if (peek() == '0') {
      at++;
    } else if (isDigit(peek())) {
      while (isDigit(peek())) {
        at++;
      }
    } else {
      throw new JsonException("a digit expected", at);
    }
    boolean integer = true;
    if (peek() == '.') {
      integer = false;
      at++;
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      integer = false;
      at++;
      if (peek() == '+' || peek() == '-') {
        at++;
      }
      digits();
    }
    String number = text.substring(start, at);
    if (integer) {
      try {
        return Long.parseLong(number);
      } catch (NumberFormatException tooLong) {
        return Double.parseDouble(number);
      }
    }
    return Double.parseDouble(number);
  }

  private void digits() {
    if (!isDigit(peek())) {
      throw new JsonException("a digit expected", at);
    }
    while (isDigit(peek())) {
      at++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, at)) {
      throw new JsonException("'" + word + "' expected", at);
    }
    at += word.length();
    return value;
  }

  private void skipSpace() {
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      at++;
    }
  }

  private char peek() {
    return at < text.length() ? text.charAt(at) : '\0';
  }

  private char next() {
    if (at >= text.length()) {
      throw new JsonException("unexpected end", at);
    }
    return text.charAt(at++);
  }

  private void expect(char c) {
    if (next() != c) {
      throw new JsonException("'" + c + "' expected", at - 1);
    }
  }
}
