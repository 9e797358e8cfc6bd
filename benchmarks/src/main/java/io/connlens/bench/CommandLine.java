package io.connlens.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The {@code --name value} arguments of the benchmark mains; an unknown or incomplete one ends the run. */
final class CommandLine {
  private final String program;
  private final Map<String, String> values = new LinkedHashMap<>();

  private CommandLine(String program) {
    this.program = program;
  }

  /** Parses {@code args}, accepting only the names in {@code known} (without the leading dashes). */
  static CommandLine parse(String program, Set<String> known, String[] args) {
    CommandLine line = new CommandLine(program);
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i].startsWith("--") ? args[i].substring(2) : null;
      if (name == null || !known.contains(name) || i + 1 >= args.length) {
        throw line.usage("bad argument " + args[i] + (i + 1 >= args.length ? " (no value)" : ""), known);
      }
      line.values.put(name, args[i + 1]);
    }
    return line;
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  int getInt(String name, int fallback) {
    String value = values.get(name);
    try {
      return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(program + ": --" + name + " needs a whole number, not " + value);
    }
  }

  Path path(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException(program + ": --" + name + " is required");
    }
    return Path.of(value).toAbsolutePath().normalize();
  }

  private IllegalArgumentException usage(String problem, Set<String> known) {
    StringBuilder text = new StringBuilder(program).append(": ").append(problem).append("; accepted:");
    known.forEach(name -> text.append(" --").append(name).append(" VALUE"));
    return new IllegalArgumentException(text.toString());
  }
}
