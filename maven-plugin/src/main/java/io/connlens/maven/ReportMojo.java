package io.connlens.maven;

import io.connlens.api.report.HtmlReport;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the HTML report of every JSON report under {@link #destDir}: one self-contained page with the
 * verdict, the tests connlens failed, the findings by type and site, and each pool's use over time.
 * List it before {@code check} in the same execution, so that a failing build still has its page.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ReportMojo extends AbstractMojo {
  /** Where prepare-agent had the reports written. */
  @Parameter(property = "connlens.destDir", defaultValue = "${project.build.directory}/connlens")
  File destDir;

  /** The page. */
  @Parameter(property = "connlens.htmlReport", defaultValue = "${project.build.directory}/connlens/index.html")
  File htmlReport;

  /** Skips the goal. */
  @Parameter(property = "connlens.skip", defaultValue = "false")
  boolean skip;

  @Override
  public void execute() throws MojoExecutionException {
    if (skip) {
      getLog().info("Skipping connlens: skip is true");
      return;
    }
    List<HtmlReport.Source> sources = new ArrayList<>();
    for (CheckSummary.Read read : ReportFiles.read(destDir.toPath(), getLog())) {
      sources.add(new HtmlReport.Source(read.file.getFileName().toString(), read.report));
    }
    if (sources.isEmpty()) {
      getLog().info("connlens: no report in " + destDir + ": no HTML report written");
      return;
    }
    try {
      Files.createDirectories(htmlReport.toPath().toAbsolutePath().getParent());
      Files.write(htmlReport.toPath(), HtmlReport.render(sources).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MojoExecutionException("cannot write " + htmlReport, e);
    }
    getLog().info("connlens: HTML report of " + sources.size() + (sources.size() == 1 ? " report" : " reports")
        + " written to " + htmlReport);
  }
}
