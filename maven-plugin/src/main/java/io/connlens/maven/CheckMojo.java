package io.connlens.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Reads every report the build's test JVMs wrote under {@link #destDir}, prints what they found (the
 * tests the JUnit extension failed; each finding with its count, site and SQL), and fails the build
 * when one of them failed {@code fail.on}. Only reads: it runs after every test, so that all of them
 * had their chance (as {@code spotbugs:verify} does).
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class CheckMojo extends AbstractMojo {
  /** Where prepare-agent had the reports written. */
  @Parameter(property = "connlens.destDir", defaultValue = "${project.build.directory}/connlens")
  File destDir;

  /** false: a failing report is a warning, and the build goes on. */
  @Parameter(property = "connlens.haltOnFailure", defaultValue = "true")
  boolean haltOnFailure;

  /** Skips the goal. */
  @Parameter(property = "connlens.skip", defaultValue = "false")
  boolean skip;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping connlens: skip is true");
      return;
    }
    List<CheckSummary.Read> reports = ReportFiles.read(destDir.toPath(), getLog());
    if (reports.isEmpty()) {
      getLog().info("connlens: no report in " + destDir + " (no test JVM ran with prepare-agent's argLine): nothing to check");
      return;
    }
    CheckSummary summary = new CheckSummary(reports);
    for (String line : summary.lines()) {
      getLog().info(line);
    }
    Map<Path, Set<String>> failures = summary.failures();
    if (failures.isEmpty()) {
      return;
    }
    StringBuilder message = new StringBuilder("connlens: ");
    for (Map.Entry<Path, Set<String>> failed : failures.entrySet()) {
      if (message.length() > "connlens: ".length()) {
        message.append("; ");
      }
      message.append("findings of type ").append(String.join(", ", failed.getValue())).append(" (fail.on) in ")
          .append(failed.getKey());
    }
    if (haltOnFailure) {
      throw new MojoFailureException(message.toString());
    }
    getLog().warn(message + " (haltOnFailure is false: the build goes on)");
  }
}
