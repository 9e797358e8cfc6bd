package io.connlens.agent.cli;

import io.connlens.agent.config.AgentConfig;
import io.connlens.agent.config.ConfigKeys;
import io.connlens.agent.control.ControlProtocol;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code attach PID [key=value,...]}: loads connlens into a running JVM. Its options reach the agent
 * exactly as given (one string, as {@code -javaagent:connlens-agent.jar=OPTIONS} would pass them),
 * checked here first so that a mistyped key is said to the one who typed it.
 */
@Command(name = "attach", mixinStandardHelpOptions = true,
    description = {"Loads connlens into a running JVM of yours.",
        "Through the Attach API, with OPTIONS as they are given. JDBC and pool classes it loaded already are"
            + " retransformed; connections its pools handed out before now are listed by leases as \"acquired"
            + " before attach\". Attaching twice is harmless: the second says so."})
final class AttachCommand extends JvmCommand implements Callable<Integer> {
  /** How long the agent may take to start and open its mailbox after the load returned. */
  private static final long START_MILLIS = 15_000;

  @CommandLine.Parameters(index = "1", arity = "0..1", paramLabel = "OPTIONS",
      description = "Agent options, key=value,key=value (java -jar connlens-agent.jar config lists them).")
  String options;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = out();
    String given = options == null ? "" : options;
    List<String> problems = AgentConfig.load(given, null, null).problems();
    if (!problems.isEmpty()) {
      for (String problem : problems) {
        spec.commandLine().getErr().println("connlens: " + problem);
      }
      spec.commandLine().getErr().println("connlens: nothing was attached; java -jar connlens-agent.jar config lists every key");
      return Main.USAGE;
    }
    // an incident wants every lease's site; what the user sets wins
    String effective = AgentConfig.load(given, null, null).sourceOf(ConfigKeys.SITE_CAPTURE).equals(AgentConfig.DEFAULT)
        ? (given.isEmpty() ? "" : given + ",") + "site.capture=all" : given;
    Path jar = ownJar();
    try (TargetJvm jvm = TargetJvm.attach(pid)) {
      Properties before = jvm.properties();
      String running = before.getProperty(ControlProtocol.RUNNING_PROPERTY);
      if (running != null) {
        out.println("connlens " + before.getProperty(ControlProtocol.VERSION_PROPERTY, "")
            + " is already running in pid " + pid + " (" + (running.equals("attached") ? "attached" : "loaded at start-up")
            + "); nothing changed" + (given.isEmpty() ? "" : ", and its options stay as they were") + ".");
        return 0;
      }
      jvm.loadAgent(jar, effective);
      Properties after = awaitMailbox(jvm);
      if (after.getProperty(ControlProtocol.RUNNING_PROPERTY) == null) {
        throw new CliFailure("connlens did not start in pid " + pid + "; its standard error says why (a JVM without"
            + " the java.sql module, or enabled=false)");
      }
      out.println("connlens " + after.getProperty(ControlProtocol.VERSION_PROPERTY, "") + " attached to pid " + pid
          + " with " + effective + ".");
      out.println("  JDBC and pool classes loaded before now are instrumented; connections taken from now on are"
          + " tracked with their acquire site.");
      out.println("  Connections taken before now: leases " + pid + " lists what their pools know of them.");
      if (after.getProperty(ControlProtocol.MAILBOX_PROPERTY) == null) {
        out.println("  It does not answer the command line yet (still starting): try leases " + pid + " in a moment.");
      }
      if (jvm.javaFeatureVersion() >= 21) {
        out.println("  On JDK 21 and later the JVM printed \"WARNING: A Java agent has been loaded dynamically\" on its"
            + " standard error (JEP 451): that is this attach, and harmless. -XX:+EnableDynamicAgentLoading"
            + " silences it; -javaagent:connlens-agent.jar at start needs no attach at all.");
      }
      return 0;
    }
  }

  /** The JVM's properties once the agent opened its mailbox, or as they are at the deadline. */
  private Properties awaitMailbox(TargetJvm jvm) throws InterruptedException {
    long deadline = System.currentTimeMillis() + START_MILLIS;
    Properties properties = jvm.properties();
    while (properties.getProperty(ControlProtocol.MAILBOX_PROPERTY) == null && System.currentTimeMillis() < deadline) {
      if (properties.getProperty(ControlProtocol.RUNNING_PROPERTY) == null) {
        return properties; // the load returned and the agent did not start: no use waiting
      }
      Thread.sleep(50);
      properties = jvm.properties();
    }
    return properties;
  }

  /** The jar this command runs from: what is loaded into the JVM. */
  static Path ownJar() {
    try {
      Path location = Path.of(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(location)) {
        return location;
      }
      throw new CliFailure("attach loads the jar this command runs from, and this is not one (" + location
          + "): run java -jar connlens-agent.jar attach ...");
    } catch (URISyntaxException | RuntimeException e) {
      if (e instanceof CliFailure) {
        throw (CliFailure) e;
      }
      throw new CliFailure("cannot tell which jar this command runs from: " + e);
    }
  }
}
