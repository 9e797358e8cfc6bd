package io.connlens.api.report;

import java.util.Arrays;

/**
 * A small streaming JSON writer that pretty-prints with a two-space indent. The agent writes its
 * report with this instead of a JSON library so the agent jar stays small and cannot clash with the
 * application's own JSON library.
 *
 * <p>Calls must form one well-formed value: inside an object every value is preceded by
 * {@link #name}; misuse throws {@link IllegalStateException}. Not thread-safe.
 *
 * <pre>{@code
 * String json = new JsonWriter().beginObject().name("count").value(3).endObject().toString();
 * }</pre>
 */
public final class JsonWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out;
  // One entry per open container: whether it is an object, and whether it has an element yet.
  private boolean[] isObject = new boolean[8];
  private boolean[] hasElements = new boolean[8];
  private int depth;
  // In an object: a name was written and its value is due.
  private boolean nameWritten;
  private boolean rootWritten;

  /** A writer into a new buffer; {@link #toString()} returns the text. */
  public JsonWriter() {
    this(new StringBuilder());
  }

  /** A writer that appends to {@code out}. */
  public JsonWriter(StringBuilder out) {
    this.out = out;
  }

  /** Opens an object: {@code {}. */
  public JsonWriter beginObject() {
    beforeValue();
    out.append('{');
    push(true);
    return this;
  }

  /** Closes the innermost object. */
  public JsonWriter endObject() {
    return close(true, '}');
  }

  /** Opens an array: {@code [}. */
  public JsonWriter beginArray() {
    beforeValue();
    out.append('[');
    push(false);
    return this;
  }

  /** Closes the innermost array. */
  public JsonWriter endArray() {
    return close(false, ']');
  }

  /** Writes the name of the next member of the innermost object; its value must follow. */
  public JsonWriter name(String name) {
    if (depth == 0 || !isObject[depth - 1] || nameWritten) {
      throw new IllegalStateException("a name belongs directly inside an object, before a value");
    }
    if (name == null) {
      throw new IllegalArgumentException("a member name cannot be null");
    }
    newElement();
    string(name);
    out.append(": ");
    nameWritten = true;
    return this;
  }

  /** Writes a string, or {@code null} when {@code value} is null. */
  public JsonWriter value(String value) {
    if (value == null) {
      return nullValue();
    }
    beforeValue();
    string(value);
    return this;
  }

  /** Writes a number. */
  public JsonWriter value(long value) {
    beforeValue();
    out.append(value);
    return this;
  }

  /** Writes {@code true} or {@code false}. */
  public JsonWriter value(boolean value) {
    beforeValue();
    out.append(value);
    return this;
  }

  /** Writes {@code null}. */
  public JsonWriter nullValue() {
    beforeValue();
    out.append("null");
    return this;
  }

  /** The text written so far. */
  @Override
  public String toString() {
    return out.toString();
  }

  private void beforeValue() {
    if (depth == 0) {
      if (rootWritten) {
        throw new IllegalStateException("a JSON text holds one value; it was already written");
      }
      rootWritten = true;
    } else if (isObject[depth - 1]) {
      if (!nameWritten) {
        throw new IllegalStateException("a value inside an object needs a name first");
      }
      nameWritten = false;
    } else {
      newElement();
    }
  }

  /** Separates from the previous element and starts a new indented line. */
  private void newElement() {
    if (hasElements[depth - 1]) {
      out.append(',');
    }
    hasElements[depth - 1] = true;
    newLine(depth);
  }

  private void push(boolean object) {
    if (depth == isObject.length) {
      isObject = Arrays.copyOf(isObject, depth * 2);
      hasElements = Arrays.copyOf(hasElements, depth * 2);
    }
    isObject[depth] = object;
    hasElements[depth] = false;
    depth++;
  }

  private JsonWriter close(boolean object, char bracket) {
    if (depth == 0 || isObject[depth - 1] != object || nameWritten) {
      throw new IllegalStateException("no open " + (object ? "object" : "array") + " to close here");
    }
    depth--;
    // Empty containers stay on one line: {} and [].
    if (hasElements[depth]) {
      newLine(depth);
    }
    out.append(bracket);
    return this;
  }

  private void newLine(int indent) {
    out.append('\n');
    for (int i = 0; i < indent; i++) {
      out.append("  ");
    }
  }

  /**
   * Writes {@code s} as a JSON string (RFC 8259). Control characters are escaped as the RFC
   * requires; lone surrogates are escaped too, because written raw they cannot be encoded in UTF-8
   * and would turn into '?'. U+2028 and U+2029 are escaped so the text is also valid JavaScript.
   */
  private void string(String s) {
    out.append('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            unicodeEscape(c);
          } else if (Character.isHighSurrogate(c)) {
            if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
              out.append(c).append(s.charAt(++i));
            } else {
              unicodeEscape(c);
            }
          } else if (Character.isLowSurrogate(c)) {
            // A low surrogate not consumed with a high one above stands alone.
            unicodeEscape(c);
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  private void unicodeEscape(char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }
}
