package io.connlens.agent.report;

import io.connlens.agent.text.PrintableText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The JSON report file ({@code report=PATH}) as a sink: written at exit, and on demand (JMX, the CLI).
 * A failure to write is one line on the console, never an exception into the JVM's shutdown.
 */
public final class ReportFile implements Sink {
  private final Path path;
  private final JsonReportSink format = new JsonReportSink();
  private final PrintStream err;
  private volatile String written;

  /** Writes to {@code path}; problems go to {@code err}. */
  public ReportFile(Path path, PrintStream err) {
    this.path = path;
    this.err = err;
  }

  @Override
  public void onExit(ReportSnapshot snapshot) {
    try {
      writeNow(snapshot);
    } catch (IOException | RuntimeException e) {
      // the path is the user's and the message the file system's: either may hold a line break
      err.println(ConsoleSink.PREFIX + PrintableText.escape("could not write the report to " + path + ": " + e));
    }
  }

  /** Writes {@code snapshot} now; returns the absolute path written. */
  public Path writeNow(ReportSnapshot snapshot) throws IOException {
    format.write(snapshot, path);
    Path absolute = path.toAbsolutePath();
    written = absolute.toString();
    return absolute;
  }

  /** The absolute path last written, or {@code null} when nothing was written yet. */
  public String written() {
    return written;
  }
}
