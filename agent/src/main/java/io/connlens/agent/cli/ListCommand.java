package io.connlens.agent.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.connlens.agent.control.ControlProtocol;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code list}: the JVMs this user may attach to, and whether connlens runs in each. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"The JVMs this user may attach to.",
        "Each one's pid, whether connlens runs there (its version, and whether it was loaded at start-up or"
            + " attached), and its main class or jar."})
final class ListCommand implements Callable<Integer> {
  /** How long one JVM may take to tell its properties; one that takes longer is listed as not answering. */
  private static final long ANSWER_SECONDS = 5;

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    long self = ProcessHandle.current().pid();
    List<VirtualMachineDescriptor> jvms = new ArrayList<>();
    for (VirtualMachineDescriptor jvm : VirtualMachine.list()) {
      if (!jvm.id().equals(String.valueOf(self))) {
        jvms.add(jvm);
      }
    }
    jvms.sort(Comparator.comparingLong(d -> parsePid(d.id())));
    // every JVM asked at once: one that is stuck must not make the others wait
    ExecutorService askers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "connlens-list");
      t.setDaemon(true);
      return t;
    });
    List<Future<String>> answers = new ArrayList<>();
    for (VirtualMachineDescriptor jvm : jvms) {
      answers.add(askers.submit(() -> connlensIn(jvm)));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(String.format(Locale.ROOT, "%-8s %-28s %s", "PID", "CONNLENS", "MAIN CLASS / JAR"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
    for (int i = 0; i < jvms.size(); i++) {
      String connlens;
      try {
        connlens = answers.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        connlens = "? (did not answer)";
      } catch (java.util.concurrent.ExecutionException e) {
        connlens = "? (cannot attach)";
      }
      String main = mainOf(jvms.get(i).displayName());
      out.println(String.format(Locale.ROOT, "%-8s %-28s %s", jvms.get(i).id(), connlens, main));
    }
    askers.shutdownNow();
    if (jvms.isEmpty()) {
      out.println("(no other JVM of user " + System.getProperty("user.name") + " runs here)");
    }
    return 0;
  }

  /** {@code 0.1.0 (attached)}, {@code -} when connlens does not run there. */
  private static String connlensIn(VirtualMachineDescriptor descriptor) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(descriptor);
    try {
      Properties properties = vm.getSystemProperties();
      String running = properties.getProperty(ControlProtocol.RUNNING_PROPERTY);
      if (running == null) {
        return "-";
      }
      return properties.getProperty(ControlProtocol.VERSION_PROPERTY, "(older)") + " ("
          + (running.equals("attached") ? "attached" : "at start-up") + ")";
    } finally {
      vm.detach();
    }
  }

  /**
   * The main class or jar of a JVM's display name, without its arguments: they may carry a JDBC URL
   * with a password, and connlens never prints one.
   */
  static String mainOf(String displayName) {
    String trimmed = displayName.trim();
    if (trimmed.isEmpty()) {
      return "?";
    }
    int space = trimmed.indexOf(' ');
    return space < 0 ? trimmed : trimmed.substring(0, space) + " ...";
  }

  private static long parsePid(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
