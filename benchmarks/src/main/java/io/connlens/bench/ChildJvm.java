package io.connlens.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM the end-to-end, start-up and memory measurements start, one at a time: the same {@code java} as
 * this one, this jar as class path, and the JVM arguments of the case being measured (an agent or none).
 */
final class ChildJvm {
  /** What a child printed on standard output, how it ended, and how long it ran in wall-clock time. */
  record Outcome(List<String> stdout, int exitStatus, long wallNanos) {
    /** The value of {@code key=value} on the line that starts with {@code RESULT }. */
    String result(String key) {
      for (String line : stdout) {
        if (line.startsWith("RESULT ")) {
          for (String pair : line.substring("RESULT ".length()).split(" ")) {
            if (pair.startsWith(key + "=")) {
              return pair.substring(key.length() + 1);
            }
          }
        }
      }
      throw new IllegalStateException("no RESULT " + key + "= in the child's output: " + stdout);
    }
  }

  private ChildJvm() {}

  /** This JVM's {@code java} launcher. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The class path this JVM runs from: the benchmarks jar. */
  static String classPath() {
    return System.getProperty("java.class.path");
  }

  /**
   * Runs {@code java <jvmArgs> -cp <this class path> <mainClass> <args>} to the end; its standard error
   * goes to this JVM's, its standard output is returned. A non-zero exit status fails the measurement.
   */
  static Outcome run(List<String> jvmArgs, Class<?> mainClass, List<String> args) throws IOException, InterruptedException {
    List<String> launch = new ArrayList<>(List.of("-cp", classPath(), mainClass.getName()));
    launch.addAll(args);
    return run(jvmArgs, launch);
  }

  /** Runs {@code java <jvmArgs> -jar <jar> <args>}, as {@link #run(List, Class, List)} does. */
  static Outcome runJar(List<String> jvmArgs, Path jar, List<String> args) throws IOException, InterruptedException {
    List<String> launch = new ArrayList<>(List.of("-jar", jar.toString()));
    launch.addAll(args);
    return run(jvmArgs, launch);
  }

  private static Outcome run(List<String> jvmArgs, List<String> launch) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(jvmArgs);
    command.addAll(launch);
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<String> stdout = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        stdout.add(line);
      }
    }
    int status = process.waitFor();
    long wall = System.nanoTime() - start;
    if (status != 0) {
      throw new IllegalStateException("exit status " + status + " from " + String.join(" ", command) + "\n"
          + String.join("\n", stdout));
    }
    return new Outcome(stdout, status, wall);
  }

  /** The median of {@code values} (the mean of the middle two for an even count). */
  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
