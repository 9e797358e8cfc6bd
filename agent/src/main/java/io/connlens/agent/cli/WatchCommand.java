package io.connlens.agent.cli;

import io.connlens.api.report.Report;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code watch PID}: a live view, refreshed every second. */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {"A live view, refreshed every second.",
        "Per pool used/idle/max, per database server this JVM's physical connections, and the top holders"
            + " by acquire site."})
final class WatchCommand extends JvmCommand implements Callable<Integer> {
  private static final String CLEAR = "\u001b[H\u001b[2J";

  @CommandLine.Option(names = "--count", paramLabel = "N", description = "Stop after N frames (default: until Ctrl-C).")
  int count;

  @CommandLine.Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1",
      description = "Seconds between frames (default: ${DEFAULT-VALUE}).")
  double interval;

  @CommandLine.Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Sites shown (default: ${DEFAULT-VALUE}).")
  int top;

  @CommandLine.Option(names = "--no-clear", description = "Print frames one after another instead of redrawing the screen.")
  boolean noClear;

  /**
   * Whether standard output is a terminal. From JDK 22 {@code System.console()} is there even when the
   * output is redirected, and {@code Console.isTerminal()} tells; before, a console is a terminal.
   */
  static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException beforeJdk22) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    if (count < 0 || interval <= 0 || top <= 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--count must be 0 or more, --interval and --top above 0");
    }
    PrintWriter out = out();
    // redraw in place on a terminal; a pipe or a file gets the frames one after another
    boolean redraw = !noClear && isTerminal();
    try (TargetJvm jvm = TargetJvm.attach(pid)) {
      for (int frame = 0; count == 0 || frame < count; frame++) {
        long started = System.nanoTime();
        Report report = report(jvm, true);
        String text = LiveText.watchFrame(report, pid, LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")), top);
        out.print(redraw ? CLEAR + text : (frame == 0 ? "" : "\n") + text);
        out.flush();
        if (count != 0 && frame == count - 1) {
          break;
        }
        long waitMillis = (long) (interval * 1000) - (System.nanoTime() - started) / 1_000_000L;
        if (waitMillis > 0) {
          Thread.sleep(waitMillis); // the refresh period itself, not a wait for something to happen
        }
      }
    }
    return 0;
  }
}
