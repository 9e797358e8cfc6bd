package io.connlens.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README and docs quote the agent's output for the test apps, stack frames with line numbers
 * included. When a test app's source moves, the quoted line points elsewhere; this fails then, so
 * the examples are pasted again rather than left to drift.
 */
@DisplayName("documented frames")
class DocumentedFramesIT {
  /**
   * A stack frame, {@code io.connlens.testapp.hikari.HikariApp.exportAsync(HikariApp.java:260)};
   * lambdas name their method. Frames whose source is not a test app's (the JDK's, a library's) are
   * left alone.
   */
  private static final Pattern FRAME = Pattern.compile(
      "\\b([a-z]\\w*(?:\\.[a-z_]\\w*)*)\\.([A-Z]\\w*)\\.([\\w$]+)\\((\\w+)\\.java:(\\d+)\\)");
  /** A method declaration's first line: a type, then the name and its parenthesis, not a statement. */
  private static final Pattern DECLARATION = Pattern.compile(
      "^\\s*(?:(?:public|protected|private|static|final|synchronized|abstract)\\s+)*"
          + "(?!(?:return|new|throw|else|if|for|while|switch|catch|try|case)\\b)\\w[\\w<>\\[\\],.? ]*?\\s+(\\w+)\\s*\\([^;]*$");

  @Test
  void everyQuotedTestAppFrameIsInsideTheMethodItNames() throws IOException {
    Path root = repositoryRoot();
    List<Path> documents = new ArrayList<>();
    documents.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    List<String> checked = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    for (Path document : documents) {
      Matcher frame = FRAME.matcher(Files.readString(document));
      while (frame.find()) {
        Path source = findSource(root, frame.group(1).replace('.', '/') + "/" + frame.group(4) + ".java");
        if (source == null) {
          continue; // the JDK's, a library's, or an example's: nothing to check it against
        }
        checked.add(frame.group());
        String problem = problem(source, frame);
        if (problem != null) {
          wrong.add(root.relativize(document) + ": " + frame.group() + ": " + problem);
        }
      }
    }
    assertThat(checked).as("premise: the docs quote test-app frames").isNotEmpty();
    assertThat(wrong).as("quoted frames that no longer match the test apps' sources;"
        + " paste the examples again (scripts/demo.sh, or run the scenario)").isEmpty();
  }

  /** What is wrong with the quoted frame, or {@code null}. */
  private static String problem(Path source, Matcher frame) throws IOException {
    String className = frame.group(2);
    String method = methodOf(frame.group(3));
    String file = frame.group(4);
    int line = Integer.parseInt(frame.group(5));
    if (!className.startsWith(file)) {
      return "the class is not in " + file + ".java";
    }
    List<String> lines = Files.readAllLines(source);
    if (line < 1 || line > lines.size()) {
      return "the source has " + lines.size() + " lines";
    }
    for (int i = line - 1; i >= 0; i--) {
      String text = lines.get(i);
      if (text.trim().startsWith("*") || text.trim().startsWith("//")) {
        continue;
      }
      Matcher declaration = DECLARATION.matcher(text);
      if (declaration.find()) {
        String found = declaration.group(1);
        return found.equals(method) ? null : "line " + line + " is in " + found + " (line " + (i + 1) + ")";
      }
    }
    return "line " + line + " is in no method";
  }

  /** {@code lambda$asyncLeak$2} was written in {@code asyncLeak}. */
  private static String methodOf(String frameMethod) {
    if (frameMethod.startsWith("lambda$")) {
      return frameMethod.split("\\$")[1];
    }
    return frameMethod;
  }

  private static Path findSource(Path root, String relative) throws IOException {
    List<Path> sourceDirectories = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root.resolve("test-apps"))) {
      modules.forEach(module -> sourceDirectories.add(module.resolve("src/main/java")));
    }
    // the Maven plugin's sample projects, whose builds docs/qa.md quotes
    try (Stream<Path> projects = Files.list(root.resolve("maven-plugin/src/it"))) {
      projects.forEach(project -> {
        sourceDirectories.add(project.resolve("src/main/java"));
        sourceDirectories.add(project.resolve("src/test/java"));
      });
    }
    return sourceDirectories.stream().map(directory -> directory.resolve(relative))
        .filter(Files::isRegularFile).findFirst().orElse(null);
  }

  private static Path repositoryRoot() {
    String testApps = System.getProperty(TestApp.TEST_APPS_PROPERTY);
    if (testApps == null) {
      throw new IllegalStateException("system property " + TestApp.TEST_APPS_PROPERTY
          + " is not set: run the integration tests through Maven (mvn verify)");
    }
    return Path.of(testApps).toAbsolutePath().normalize().getParent();
  }
}
