package io.connlens.testapp.support;

/**
 * The console lines the integration tests read from a test app: {@code READY} and
 * {@code SCENARIO <name> DONE} on stdout, {@code unknown scenario} on stderr.
 */
public final class ScenarioConsole {
  /** The exit status for a bad command line. */
  public static final int USAGE_EXIT_STATUS = 2;

  private ScenarioConsole() {
  }

  /** Says the scenario ran to its end. */
  public static void done(String scenario) {
    System.out.println("SCENARIO " + scenario + " DONE");
    System.out.flush();
  }

  /** Says the app is ready for the test's next step (a signal, an attach). */
  public static void ready() {
    System.out.println("READY");
    System.out.flush();
  }

  /** Prints usage on stderr and exits with {@value #USAGE_EXIT_STATUS}. */
  public static void usage(String mainClass, Iterable<String> scenarios, String problem) {
    usage(mainClass, "SCENARIO JDBC_URL", scenarios, problem);
  }

  /**
   * {@link #usage(String, Iterable, String)} for an app whose arguments are not just
   * {@code SCENARIO JDBC_URL} ({@code arguments}, e.g. {@code POOL SCENARIO JDBC_URL}).
   */
  public static void usage(String mainClass, String arguments, Iterable<String> scenarios, String problem) {
    System.err.println(problem);
    System.err.println("usage: java " + mainClass + " " + arguments);
    System.err.println("scenarios: " + String.join(", ", scenarios));
    System.exit(USAGE_EXIT_STATUS);
  }
}
