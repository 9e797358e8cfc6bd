package io.connlens.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

  private static final String DOCS_DIR = "connlens.docs.dir";
  private static final String UPDATE = "connlens.docs.update";

  @Test
  void configuration_md_matches_the_declared_keys() throws IOException {
    // given the docs directory: passed in by the agent's Surefire configuration, else found above
    // the working directory (an IDE runs the test without Maven's properties)
    Path file = docsDirectory().resolve("configuration.md");
    String expected = ConfigDocs.markdown();

    // when asked to update, the file is rewritten instead of compared
    if (Boolean.getBoolean(UPDATE)) {
      Files.createDirectories(file.getParent());
      Files.write(file, expected.getBytes(StandardCharsets.UTF_8));
      return;
    }

    // then the file says what the declarations say
    String actual =
        Files.exists(file)
            ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace("\r\n", "\n")
            : "";
    if (!actual.equals(expected)) {
      fail(
          file + " is out of date with ConfigKeys (or missing). It is generated: run the agent's"
              + " tests with -D" + UPDATE + "=true to rewrite it, then review and commit it.");
    }
  }

  /**
   * The docs directory: {@value #DOCS_DIR} when set, else the nearest {@code docs} directory
   * holding configuration.md from the working directory up (the agent module or the project).
   */
  private static Path docsDirectory() {
    String configured = System.getProperty(DOCS_DIR);
    if (configured != null) {
      return Paths.get(configured);
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docs").resolve("configuration.md"))) {
        return dir.resolve("docs");
      }
    }
    return fail(DOCS_DIR + " is not set and no docs/configuration.md was found above "
        + Paths.get("").toAbsolutePath() + "; run the test from the project, or set " + DOCS_DIR);
  }

  @Test
  void markdown_names_every_key_with_its_system_property_and_environment_variable() {
    String markdown = ConfigDocs.markdown();

    for (ConfigKey<?> key : ConfigKeys.all()) {
      assertThat(markdown)
          .contains("| `" + key.name() + "` |")
          .contains("-D" + key.systemProperty() + "=")
          .contains(key.environmentVariable() + "=");
    }
  }

  @Test
  void markdown_shows_the_documented_example_command() {
    assertThat(ConfigDocs.markdown())
        .contains(
            "-javaagent:agent/target/connlens-agent.jar=report=target/connlens.json,fail.on=leak");
  }

  @Test
  void help_lists_every_key_with_its_default() {
    String help = ConfigDocs.help();

    for (ConfigKey<?> key : ConfigKeys.all()) {
      assertThat(help).contains("\n  " + key.name() + "\n");
    }
    assertThat(help).contains("Default: all when fail.on is set or").contains("Default: 30s.");
  }

  @Test
  void help_fits_a_terminal() {
    for (String line : ConfigDocs.help().split("\n")) {
      assertThat(line.length()).as(line).isLessThanOrEqualTo(80);
    }
  }
}
