package io.connlens.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Puts the connlens agent into the test JVM: sets {@code argLine} (or {@link #propertyName}) to
 * {@code -javaagent:<connlens-agent.jar>=...}, before whatever it held, with one JSON report per test
 * JVM under {@link #destDir}, {@code fail.on} as {@link #failOn} says, and {@code fail.exit=false}: a
 * leak fails its test (with the JUnit extension) and the {@code check} goal fails the build, never the
 * forked JVM. Reports of an earlier build in {@link #destDir} are deleted first.
 */
@Mojo(name = "prepare-agent", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public class PrepareAgentMojo extends AbstractMojo {
  static final String AGENT_KEY = "io.connlens:connlens-agent";

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  MavenSession session;

  @Parameter(property = "plugin.artifactMap", readonly = true, required = true)
  Map<String, Artifact> pluginArtifactMap;

  /** The property the agent option goes into: Surefire's and Failsafe's {@code argLine} by default. */
  @Parameter(property = "connlens.propertyName", defaultValue = "argLine")
  String propertyName;

  /** Where every test JVM writes its report ({@value AgentArguments#REPORT_NAME}), and where check reads them. */
  @Parameter(property = "connlens.destDir", defaultValue = "${project.build.directory}/connlens")
  File destDir;

  /** The agent's {@code fail.on}: the finding types that fail a test and the build ({@code leak}, type names, {@code any}, {@code none}). */
  @Parameter(property = "connlens.failOn", defaultValue = "leak,N_PLUS_ONE")
  String failOn;

  /** The agent's {@code leak.threshold} ({@code 30s} when not set). */
  @Parameter(property = "connlens.leakThreshold")
  String leakThreshold;

  /** The agent's {@code nplusone.threshold} (5 when not set). */
  @Parameter(property = "connlens.nplusoneThreshold")
  String nplusoneThreshold;

  /**
   * The agent's {@code app.packages}: the packages whose frames a site starts with. Under Surefire the
   * agent cannot infer them from a main class; set it when the report's sites start in a library.
   */
  @Parameter(property = "connlens.appPackages")
  String appPackages;

  /** Any other agent key, e.g. {@code <statements>false</statements>}; these win over the parameters above. */
  @Parameter
  Map<String, String> options;

  /** Skips the goal: the property is left as it is (set to empty when it was not set, so {@code @{argLine}} still resolves). */
  @Parameter(property = "connlens.skip", defaultValue = "false")
  boolean skip;

  @Override
  public void execute() throws MojoExecutionException {
    Properties properties = project.getProperties();
    if (skip) {
      getLog().info("Skipping connlens: skip is true");
      if (effectiveValue(properties) == null) {
        properties.setProperty(propertyName, "");
      }
      return;
    }
    Artifact agent = pluginArtifactMap.get(AGENT_KEY);
    if (agent == null || agent.getFile() == null) {
      throw new MojoExecutionException("the connlens agent (" + AGENT_KEY + ") is not among the plugin's resolved"
          + " dependencies; do not exclude it from the plugin");
    }
    AgentArguments arguments = new AgentArguments();
    String vmArgument;
    try {
      arguments.put("report", new File(destDir, AgentArguments.REPORT_NAME).getAbsolutePath())
          .put("fail.on", failOn)
          .put("fail.exit", "false")
          .put("leak.threshold", leakThreshold)
          .put("nplusone.threshold", nplusoneThreshold)
          .put("app.packages", appPackages);
      if (options != null) {
        for (Map.Entry<String, String> option : options.entrySet()) {
          arguments.put(option.getKey(), option.getValue());
        }
      }
      vmArgument = arguments.vmArgument(agent.getFile());
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("connlens: " + e.getMessage(), e);
    }
    deleteOldReports();
    String before = effectiveValue(properties);
    String value = before == null || before.isBlank() ? vmArgument : vmArgument + " " + before;
    properties.setProperty(propertyName, value);
    if (session != null && session.getUserProperties().getProperty(propertyName) != null) {
      // -DargLine=... on the command line wins over the project's property where Surefire reads it
      session.getUserProperties().setProperty(propertyName, value);
    }
    getLog().info(propertyName + " set to " + value);
  }

  /** The property as the build sees it: a user property ({@code -DargLine=...}) over the project's. */
  private String effectiveValue(Properties projectProperties) {
    String user = session == null ? null : session.getUserProperties().getProperty(propertyName);
    return user != null ? user : projectProperties.getProperty(propertyName);
  }

  /** Reports left by an earlier build would be read by check as this one's. */
  private void deleteOldReports() throws MojoExecutionException {
    Path dir = destDir.toPath();
    if (!Files.isDirectory(dir)) {
      return;
    }
    int deleted = 0;
    try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "connlens-*.json")) {
      for (Path report : old) {
        Files.delete(report);
        deleted++;
      }
    } catch (IOException e) {
      throw new MojoExecutionException("cannot delete the connlens reports of an earlier build in " + dir, e);
    }
    if (deleted > 0) {
      getLog().info("Deleted " + deleted + " connlens report(s) of an earlier build in " + dir);
    }
  }
}
