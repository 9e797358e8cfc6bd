package io.connlens.maven;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code -javaagent:} option prepare-agent gives the test JVM: the agent jar and its
 * {@code key=value} arguments, in the order the agent reads them (docs/configuration.md), quoted for
 * Surefire's argLine when a path has a space in it.
 */
final class AgentArguments {
  /** The report file of each test JVM: its pid and start time keep forks from overwriting each other. */
  static final String REPORT_NAME = "connlens-%p-%t.json";

  private final Map<String, String> options = new LinkedHashMap<>();

  /**
   * Sets {@code key} to {@code value}; a {@code null} or blank value leaves the agent's default.
   *
   * @throws IllegalArgumentException for what the agent could not read back: a key with {@code =},
   *     {@code ,} or a space, or a value in which a comma is followed by {@code =} (it would start a key)
   */
  AgentArguments put(String key, String value) {
    if (key == null || key.isBlank() || key.contains("=") || key.contains(",") || key.contains(" ")) {
      throw new IllegalArgumentException("'" + key + "' is not an agent key (see the connlens configuration reference)");
    }
    if (value == null || value.isBlank()) {
      options.remove(key);
      return this;
    }
    String trimmed = value.trim();
    for (String part : trimmed.split(",", -1)) {
      if (part.contains("=")) {
        throw new IllegalArgumentException(key + "=" + trimmed + ": a comma followed by '=' cannot be an agent"
            + " argument; set it as the system property -Dconnlens." + key + " instead");
      }
    }
    options.put(key, trimmed);
    return this;
  }

  /** {@code key=value,key=value}. */
  String text() {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> option : options.entrySet()) {
      if (text.length() > 0) {
        text.append(',');
      }
      text.append(option.getKey()).append('=').append(option.getValue());
    }
    return text.toString();
  }

  /** {@code -javaagent:JAR=ARGS}, in double quotes when it holds a space (as Surefire's argLine reads it). */
  String vmArgument(File agentJar) {
    String argument = "-javaagent:" + agentJar.getAbsolutePath() + (options.isEmpty() ? "" : "=" + text());
    if (argument.indexOf(' ') < 0 && argument.indexOf('"') < 0) {
      return argument;
    }
    return '"' + argument.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
