package io.connlens.agent.report;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The file a {@code report} path names in this JVM: {@code %p} becomes the process id and {@code %t}
 * the time connlens started, as in the file names of {@code -Xlog} and JFR, so that every JVM of a
 * build (one per Surefire fork) writes a report of its own instead of overwriting the last one's.
 * {@code %%} is a literal {@code %}; any other {@code %} is kept as it is.
 */
public final class ReportPaths {
  /**
   * How {@code %t} is written: sortable, and with no character a file system refuses. In a holder, so
   * that a path without {@code %t} never loads java.time's formatting at the agent's start.
   */
  private static final class Time {
    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss");
  }

  private ReportPaths() {}

  /** {@code path} with its placeholders replaced, for the process {@code pid} started at {@code start}. */
  public static Path expand(Path path, long pid, Instant start, ZoneId zone) {
    String text = path.toString();
    if (text.indexOf('%') < 0) {
      return path;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
      if (c != '%' || (next != 'p' && next != 't' && next != '%')) {
        out.append(c);
        continue;
      }
      if (next == 'p') {
        out.append(pid);
      } else if (next == 't') {
        out.append(Time.FORMAT.format(start.atZone(zone)));
      } else {
        out.append('%');
      }
      i++;
    }
    return Path.of(out.toString());
  }

  /** {@code path} expanded for this JVM, started (as far as connlens knows) at {@code start}. */
  public static Path expand(Path path, Instant start) {
    return expand(path, ProcessHandle.current().pid(), start, ZoneId.systemDefault());
  }
}
