package io.connlens.agent.cli;

import io.connlens.agent.control.ControlProtocol;
import io.connlens.api.report.Report;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** What the verbs on one running JVM share: its pid, and asking connlens there for a report. */
abstract class JvmCommand {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Parameters(index = "0", paramLabel = "PID", description = "The JVM's process id (list shows them).")
  long pid;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** The JSON report connlens in the JVM makes now, with the open leases when {@code withLeases}. */
  static String reportJson(TargetJvm jvm, boolean withLeases) {
    return jvm.request(ControlProtocol.REPORT, Map.of("leases", String.valueOf(withLeases)));
  }

  /** The report connlens in the JVM makes now, read. */
  static Report report(TargetJvm jvm, boolean withLeases) {
    String json = reportJson(jvm, withLeases);
    try {
      return Report.parse(json);
    } catch (IllegalArgumentException e) {
      throw new CliFailure("connlens in pid " + jvm.pid() + " answered something this command cannot read ("
          + e.getMessage() + "): use the command line of the agent's own version");
    }
  }
}
