package io.connlens.agent.detection;

/**
 * Caps the application-supplied text a finding keeps (SQL, thread, pool and database names), so that
 * the findings of a long run, and the report written from them, stay bounded whatever the
 * application hands the agent: a 1 MiB thread name or a 32 KiB query is kept as its start. The
 * report's pools are cut the same way.
 */
public final class BoundedText {
  /** The most characters of normalized SQL a finding keeps (query, source query, last statement). */
  static final int MAX_SQL = 2048;
  /** The most characters of a thread or pool name a finding keeps. */
  public static final int MAX_NAME = 256;
  /** The most characters of a database URL a finding keeps. */
  public static final int MAX_URL = 1024;

  /** How a cut text ends. */
  static final String MARKER = "...";

  private BoundedText() {}

  /** {@code text}, or its first characters and {@value #MARKER} when longer than {@code max}; {@code null} stays {@code null}. */
  public static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = max - MARKER.length();
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never half a surrogate pair
    }
    return text.substring(0, end) + MARKER;
  }
}
