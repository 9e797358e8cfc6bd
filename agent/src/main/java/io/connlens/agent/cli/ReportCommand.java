package io.connlens.agent.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code report PID [--out FILE]}: the JSON report of the running JVM, now, with its open leases. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"The JSON report now, with the open leases.",
        "The report of docs/report-format.md, as connlens in the JVM makes it now, with its \"leases\" array."})
final class ReportCommand extends JvmCommand implements Callable<Integer> {
  @CommandLine.Option(names = "--out", paramLabel = "FILE", description = "Write it to FILE instead of standard output.")
  Path outFile;

  @Override
  public Integer call() {
    String json;
    try (TargetJvm jvm = TargetJvm.attach(pid)) {
      json = reportJson(jvm, true);
    }
    if (outFile == null) {
      out().println(json);
      return 0;
    }
    try {
      Path parent = outFile.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(outFile, (json + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CliFailure("cannot write " + outFile + ": " + e.getMessage());
    }
    spec.commandLine().getErr().println("connlens: report of pid " + pid + " written to " + outFile.toAbsolutePath());
    return 0;
  }
}
