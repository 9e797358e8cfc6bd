package io.connlens.agent.testing;

/**
 * A character sequence that counts how often a scanner reads its characters, so that tests can show
 * linear work on adversarial input by counting reads, never by timing. {@code toString()} copies the
 * text and counts as reading every character once; {@code subSequence} would read without counting,
 * so it refuses.
 */
public final class CountingCharSequence implements CharSequence {
  private final String text;
  private long reads;

  /** Counts the reads of {@code text}. */
  public CountingCharSequence(String text) {
    this.text = text;
  }

  /** Characters read so far. */
  public long reads() {
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
    throw new UnsupportedOperationException("subSequence would read characters without counting them");
  }

  @Override
  public String toString() {
    reads += text.length();
    return text;
  }
}
