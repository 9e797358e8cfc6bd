package io.connlens.agent.cli;

import io.connlens.api.report.HtmlReport;
import io.connlens.api.report.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code report PID [--out FILE]}: the JSON report of the running JVM, now, with its open leases; or
 * {@code report --html FILE.json... [--out FILE.html]}: the HTML page of reports written earlier.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"The JSON report now, with the open leases; or the HTML page of JSON reports.",
        "report PID: the report of docs/report-format.md, as connlens in the JVM makes it now, with its \"leases\" array.",
        "report --html FILE.json... --out FILE.html: one self-contained page (no script, no network) of one or more"
            + " reports (one per JVM of a run): the verdict, the findings by type and site with their frames and SQL,"
            + " the tests connlens failed, and each pool's use over time."})
final class ReportCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "PID",
      description = "The JVM's process id (list shows them); not with --html.")
  Long pid;

  @CommandLine.Option(names = "--html", paramLabel = "FILE.json", arity = "1..*",
      description = "Make the HTML page of these JSON reports instead of asking a JVM.")
  List<Path> htmlFrom;

  @CommandLine.Option(names = "--out", paramLabel = "FILE", description = "Write it to FILE instead of standard output.")
  Path outFile;

  @Override
  public Integer call() {
    if ((pid == null) == (htmlFrom == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give a PID (the report of a running JVM) or --html FILE.json... (a page of reports), not both");
    }
    if (htmlFrom != null) {
      write(HtmlReport.render(read(htmlFrom)), "HTML report of " + htmlFrom.size()
          + (htmlFrom.size() == 1 ? " report" : " reports"));
      return 0;
    }
    String json;
    try (TargetJvm jvm = TargetJvm.attach(pid)) {
      json = JvmCommand.reportJson(jvm, true);
    }
    write(json + "\n", "report of pid " + pid);
    return 0;
  }

  /** The reports, each named by its file; a file that cannot be read or is no report stops the command. */
  private static List<HtmlReport.Source> read(List<Path> files) {
    List<HtmlReport.Source> sources = new ArrayList<>();
    for (Path file : files) {
      try {
        sources.add(new HtmlReport.Source(file.getFileName().toString(), Report.read(file)));
      } catch (NoSuchFileException e) {
        throw new CliFailure("no such file: " + file);
      } catch (IOException e) {
        throw new CliFailure("cannot read " + file + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new CliFailure(file + " is " + e.getMessage());
      }
    }
    return sources;
  }

  private void write(String text, String what) {
    if (outFile == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(text);
      out.flush();
      return;
    }
    try {
      Path parent = outFile.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(outFile, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CliFailure("cannot write " + outFile + ": " + e.getMessage());
    }
    spec.commandLine().getErr().println("connlens: " + what + " written to " + outFile.toAbsolutePath());
  }
}
