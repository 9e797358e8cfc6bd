package io.connlens.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the line of a marker comment in a test app's source, so tests name the exact acquire line
 * without hard-coding numbers that move whenever the app is edited.
 */
final class SourceMarker {
  private SourceMarker() {
  }

  /** The 1-based number of the one line of {@code source} that ends with {@code marker}. */
  static int lineOf(Path source, String marker) {
    List<String> lines;
    try {
      lines = Files.readAllLines(source);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
    int found = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).stripTrailing().endsWith(marker)) {
        if (found != -1) {
          throw new IllegalStateException(marker + " marks more than one line of " + source);
        }
        found = i + 1;
      }
    }
    if (found == -1) {
      throw new IllegalStateException("no line of " + source + " ends with " + marker);
    }
    return found;
  }
}
