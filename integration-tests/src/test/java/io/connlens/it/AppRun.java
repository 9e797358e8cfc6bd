package io.connlens.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;

/**
 * What a finished app run left for a user to see: exit status, stdout, stderr and the JSON report.
 * {@link #context()} describes all of it for assertion messages.
 */
final class AppRun {
  private static final int MAX_SHOWN_CHARS = 20_000;

  private final String title;
  private final String command;
  private final Path runDirectory;
  private final int exitStatus;
  private final String stdout;
  private final String stderr;
  private final String reportText;
  private Report report;

  AppRun(String title, String command, Path runDirectory, int exitStatus, String stdout, String stderr,
      String reportText) {
    this.title = title;
    this.command = command;
    this.runDirectory = runDirectory;
    this.exitStatus = exitStatus;
    this.stdout = stdout;
    this.stderr = stderr;
    this.reportText = reportText;
  }

  /** The directory the app ran in (its working directory): where it wrote its files. */
  Path runDirectory() {
    return runDirectory;
  }

  int exitStatus() {
    return exitStatus;
  }

  String stdout() {
    return stdout;
  }

  String stderr() {
    return stderr;
  }

  /** The report as written, byte for byte (decoded). */
  String reportText() {
    return reportText;
  }

  Report report() {
    return report;
  }

  /** The one finding of {@code type}; fails (with the whole run) unless there is exactly one. */
  ReportFinding onlyFinding(String type) {
    List<ReportFinding> found = report.findings(type);
    assertThat(found).as("exactly one %s finding\n%s", type, context()).hasSize(1);
    return found.get(0);
  }

  /**
   * The one finding of {@code type} acquired at {@code frame}. Runs with a short
   * {@code leak.threshold} may also report the app's setup connection when a loaded machine makes it
   * slow: such findings name another site and are left alone.
   */
  ReportFinding onlyFindingAt(String type, String frame) {
    List<ReportFinding> found = report.findings(type).stream()
        .filter(finding -> frame.equals(finding.acquireFrame())).toList();
    assertThat(found).as("exactly one %s finding acquired at %s\n%s", type, frame, context()).hasSize(1);
    return found.get(0);
  }

  /** The lines of stderr that the agent wrote ({@code [connlens] ...}). */
  List<String> agentConsoleLines() {
    return stderr.lines().filter(line -> line.contains("[connlens] ")).toList();
  }

  /** Everything about this run, for an assertion message. */
  String context() {
    return describe(title, command, runDirectory, exitStatus, stdout, stderr)
        + "\n--- report ---\n" + (reportText == null ? "(none)" : shorten(reportText));
  }

  /**
   * The checks every run under the agent must pass, whatever its scenario: a valid report whose
   * summary says no advice error was suppressed and no class failed to instrument, or exactly the
   * errors a scenario provokes on purpose ({@code expected}).
   */
  void assertAgent(AgentHealth expected) {
    if (!expected.reportWritten()) {
      assertThat(reportText).as("no report may be written\n%s", context()).isNull();
      return;
    }
    if (reportText == null) {
      fail("the agent wrote no report\n" + context());
    }
    try {
      report = Report.parse(reportText);
    } catch (RuntimeException e) {
      fail("the report is not valid JSON: " + e.getMessage() + "\n" + context());
    }
    assertThat(report.schema()).as("report schema\n%s", context()).isEqualTo("connlens.report/v1");
    assertThat(report.suppressedErrors())
        .as("summary.suppressedErrors (errors the agent's advice swallowed)\n%s", context())
        .isEqualTo(expected.suppressedErrors());
    assertThat(report.instrumentationErrors())
        .as("summary.instrumentationErrors (classes the agent failed to instrument)\n%s", context())
        .hasSize(expected.instrumentationErrors().size());
    for (String part : expected.instrumentationErrors()) {
      assertThat(report.instrumentationErrors()).as("instrumentation errors\n%s", context())
          .filteredOn(error -> error.contains(part)).hasSize(1);
    }
  }

  static String describe(String title, String command, Path runDirectory, Integer exitStatus,
      String stdout, String stderr) {
    return "app run: " + title
        + "\ncommand: " + command
        + "\nrun directory: " + runDirectory
        + (exitStatus == null ? "" : "\nexit status: " + exitStatus)
        + "\n--- stdout ---\n" + shorten(stdout)
        + "\n--- stderr ---\n" + shorten(stderr);
  }

  private static String shorten(String text) {
    return text.length() <= MAX_SHOWN_CHARS ? text
        : text.substring(0, MAX_SHOWN_CHARS) + "\n... (" + (text.length() - MAX_SHOWN_CHARS) + " more chars)";
  }
}
