package io.connlens.agent.cli;

import io.connlens.api.report.Report;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code pools PID}: per pool its size and use now, and the evidence for sizing it. */
@Command(name = "pools", mixinStandardHelpOptions = true,
    description = {"Per pool: its size and use, and the evidence for sizing it.",
        "Used, idle and max now, and this JVM's physical connections per database server."})
final class PoolsCommand extends JvmCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    try (TargetJvm jvm = TargetJvm.attach(pid)) {
      Report report = report(jvm, false);
      out().print("pid " + pid + ": " + LiveText.plural(report.pools().size(), "pool") + "\n");
      out().print(LiveText.pools(report));
      String servers = LiveText.servers(report);
      if (!servers.isEmpty()) {
        out().print("\nphysical connections of this JVM, per database server:\n" + servers);
      }
      return 0;
    }
  }
}
