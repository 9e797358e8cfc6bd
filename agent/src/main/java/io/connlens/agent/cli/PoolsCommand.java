package io.connlens.agent.cli;

import io.connlens.agent.control.ControlProtocol;
import io.connlens.api.report.Report;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code pools PID}: per pool its size and use now, and the evidence for sizing it. */
@Command(name = "pools", mixinStandardHelpOptions = true,
    description = {"Per pool: its size and use, and the evidence for sizing it.",
        "Used, idle, max and waiting threads now; since connlens started, the peak of connections in use at"
            + " once, the share of the time at the maximum, the borrows that waited and the longest, and one line"
            + " comparing need with size; then this JVM's physical connections per database server."})
final class PoolsCommand extends JvmCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    try (TargetJvm jvm = TargetJvm.attach(pid)) {
      java.util.Properties properties = jvm.properties();
      Report report = report(jvm, false);
      out().print("pid " + pid + ": " + LiveText.plural(report.pools().size(), "pool") + "\n");
      if ("attached".equals(properties.getProperty(ControlProtocol.RUNNING_PROPERTY))) {
        out().print(LiveText.sinceAttach(properties.getProperty(ControlProtocol.STARTED_PROPERTY), System.currentTimeMillis()));
      }
      out().print(LiveText.poolEvidence(report));
      String servers = LiveText.servers(report);
      if (!servers.isEmpty()) {
        out().print("\nphysical connections of this JVM, per database server:\n" + servers);
      }
      return 0;
    }
  }
}
