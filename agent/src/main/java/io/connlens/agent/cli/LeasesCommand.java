package io.connlens.agent.cli;

import io.connlens.api.report.Report;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code leases PID [--json] [--all]}: who holds the connections now, longest held first. */
@Command(name = "leases", mixinStandardHelpOptions = true,
    description = {"Who holds the connections now, longest held first.",
        "Per lease: pool, acquire site, holder thread and what it is doing now, held for, statements run,"
            + " last SQL (normalized); grouped by site when there are many. Connections taken before connlens"
            + " was attached are listed as \"before attach\", with what their pool knows of them. Then this"
            + " JVM's physical connections per database server."})
final class LeasesCommand extends JvmCommand implements Callable<Integer> {
  @CommandLine.Option(names = "--json", description = "The JSON report instead (its \"leases\" array holds them; docs/report-format.md).")
  boolean json;

  @CommandLine.Option(names = "--all", description = "List every lease one by one, however many.")
  boolean all;

  @Override
  public Integer call() {
    try (TargetJvm jvm = TargetJvm.attach(pid)) {
      if (json) {
        out().println(reportJson(jvm, true));
        return 0;
      }
      Report report = report(jvm, true);
      out().print(LiveText.leases(report, pid, all));
      return 0;
    }
  }
}
