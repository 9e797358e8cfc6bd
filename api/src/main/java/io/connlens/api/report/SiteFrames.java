package io.connlens.api.report;

import java.util.List;

/** How much of a site's frames a person is shown first (a failure message, the HTML page). */
public final class SiteFrames {
  /** Where a test's own frames end: what lies below is JUnit's, the same for every test. */
  private static final String TEST_FRAMEWORK = "org.junit.";

  private SiteFrames() {}

  /**
   * How many of {@code frames}, from the first, to show: at most {@code max}, down to the test method
   * (the frames below it are JUnit's), and at least the first when there is one.
   */
  public static int shown(List<String> frames, int max) {
    int shown = Math.min(1, frames.size());
    while (shown < Math.min(max, frames.size()) && !frames.get(shown).startsWith(TEST_FRAMEWORK)) {
      shown++;
    }
    return shown;
  }
}
