package io.connlens.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** What a result was measured on, written next to every result: numbers mean little without it. */
final class Machine {
  private Machine() {}

  /** A Markdown list: CPUs, CPU model, memory, OS, JDK, and the load average when the run started. */
  static String describe() {
    return "- CPUs: " + Runtime.getRuntime().availableProcessors() + " (" + cpuModel() + ")\n"
        + "- memory: " + memory() + "\n"
        + "- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch") + "\n"
        + "- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + " (" + System.getProperty("java.home") + ")\n"
        + "- load average (1, 5, 15 min) at start: " + loadAverage() + "\n";
  }

  /** A Markdown list item naming the agent jar measured: when it was built and the start of its SHA-256. */
  static String agentJar(Path jar) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar));
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        hex.append(String.format(Locale.ROOT, "%02x", digest[i]));
      }
      return "- connlens agent: " + jar.getFileName() + ", built " + Files.getLastModifiedTime(jar).toInstant()
          .truncatedTo(ChronoUnit.SECONDS) + ", SHA-256 " + hex + "…\n";
    } catch (IOException | NoSuchAlgorithmException e) {
      return "- connlens agent: " + jar + " (unreadable: " + e + ")\n";
    }
  }

  private static String cpuModel() {
    for (String line : lines("/proc/cpuinfo")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return "model unknown";
  }

  private static String memory() {
    for (String line : lines("/proc/meminfo")) {
      if (line.startsWith("MemTotal:")) {
        long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
        return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
      }
    }
    return "unknown";
  }

  private static String loadAverage() {
    List<String> lines = lines("/proc/loadavg");
    if (lines.isEmpty()) {
      return "unknown";
    }
    String[] parts = lines.get(0).split(" ");
    return parts.length >= 3 ? parts[0] + ", " + parts[1] + ", " + parts[2] : "unknown";
  }

  private static List<String> lines(String file) {
    try {
      return Files.readAllLines(Path.of(file));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
