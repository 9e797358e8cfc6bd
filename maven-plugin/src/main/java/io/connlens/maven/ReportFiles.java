package io.connlens.maven;

import io.connlens.api.report.Report;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;

/** The JSON reports the test JVMs wrote into one directory, as check and report read them. */
final class ReportFiles {
  private ReportFiles() {}

  /**
   * The reports in {@code dir}, by file name; none when it does not exist. A JSON file that is no
   * connlens report is skipped with a warning.
   */
  static List<CheckSummary.Read> read(Path dir, Log log) throws MojoExecutionException {
    List<CheckSummary.Read> reports = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return reports;
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> json = Files.newDirectoryStream(dir, "*.json")) {
      json.forEach(files::add);
    } catch (IOException e) {
      throw new MojoExecutionException("cannot list the connlens reports in " + dir, e);
    }
    files.sort(null);
    for (Path file : files) {
      try {
        reports.add(new CheckSummary.Read(file, Report.read(file)));
      } catch (IOException | IllegalArgumentException e) {
        log.warn("connlens: skipping " + file + ": " + e.getMessage());
      }
    }
    return reports;
  }
}
