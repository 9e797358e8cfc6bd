package io.connlens.agent.config;

import io.connlens.agent.instrumentation.InstrumentationModule;
import io.connlens.agent.modules.Modules;
import io.connlens.api.FindingType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Every configuration key connlens reads, declared once, in the order the docs list them. Add a key
 * here and it is parsed, validated, documented and listed in {@code --help}.
 */
public final class ConfigKeys {

  /** Switches the agent off without removing it from the command line. */
  public static final ConfigKey<Boolean> ENABLED =
      ConfigKey.of(
          "enabled",
          ValueType.bool(),
          true,
          "Whether connlens does anything. false loads the agent but instruments nothing: no lease"
              + " is tracked and nothing is reported, so connlens can be switched off without"
              + " changing the command line that loads it.");

  /** Where the JSON report goes; {@code null} (the default) means no report. */
  public static final ConfigKey<Path> REPORT =
      ConfigKey.of(
              "report",
              ValueType.writableFile(),
              (Path) null,
              "The JSON report (schema connlens.report/v1), written at exit and on demand. %p in"
                  + " the path is replaced by the process id and %t by the time connlens started"
                  + " (2026-12-03_14-05-09), so that each JVM of a build (one per Surefire fork)"
                  + " writes its own report; %% is a literal %. The"
                  + " path is checked at start: it must not be a directory, and its nearest"
                  + " existing parent directory must be writable (missing directories are"
                  + " created when the report is written). A path that fails the check gives a"
                  + " warning at start and no report.")
          .withDefaultDescription("none (no report)")
          .withExample("target/connlens.json");

  /** How long a lease may stay open before it is reported. */
  public static final ConfigKey<Duration> LEAK_THRESHOLD =
      ConfigKey.of(
          "leak.threshold",
          ValueType.positiveDuration(),
          Duration.ofSeconds(30),
          "How long a connection may be held. A lease open longer is reported as LEAK_SUSPECTED"
              + " while it stays open, and as LONG_HOLD once it is closed.");

  /** The finding types that make the run fail; empty (the default) means nothing fails. */
  public static final ConfigKey<Set<FindingType>> FAIL_ON =
      ConfigKey.of(
              "fail.on",
              ValueType.findingTypes(),
              Collections.<FindingType>emptySet(),
              "The finding types that make the run fail, for QA runs: at exit, if a finding of"
                  + " one of these types exists, the JVM's exit status is forced to"
                  + " fail.exit.status (unless fail.exit=false), and the JUnit extension fails the"
                  + " test that raised it. leak means "
                  + words(FindingType.leaks())
                  + "; any means every type; none means nothing fails."
                  + notReportedYet())
          .withDefaultDescription("none (nothing fails)")
          .withExample("leak");

  /** The exit status forced when {@link #FAIL_ON} matches a finding. */
  public static final ConfigKey<Integer> FAIL_EXIT_STATUS =
      ConfigKey.of(
          "fail.exit.status",
          ValueType.integer(1, 255),
          86,
          "The exit status the JVM ends with when a finding matches fail.on. The default, 86, is"
              + " unlikely to be a status the application uses itself, so a CI log shows that"
              + " connlens failed the run.");

  /** Whether a run that {@link #FAIL_ON} fails ends with {@link #FAIL_EXIT_STATUS}. */
  public static final ConfigKey<Boolean> FAIL_EXIT =
      ConfigKey.of(
          "fail.exit",
          ValueType.bool(),
          true,
          "Whether a run that fail.on fails ends the JVM with fail.exit.status. false leaves the"
              + " application's exit status alone: the verdict is still in the report (summary"
              + " failed) and in the summary at exit, for a tool that reads them: with the JUnit"
              + " extension the test that leaked fails, and a build step that reads the reports fails"
              + " the build, so no Surefire fork ends in the middle of its run.");

  /**
   * Which leases record their acquire site: {@code all}, {@code sampled} or {@code off}; computed
   * from {@link #FAIL_ON} unless set.
   */
  /** Whether a PostgreSQL connection's application_name names the code holding it. */
  public static final ConfigKey<Boolean> TAG_APPLICATION_NAME =
      ConfigKey.of(
          "tag.application_name",
          ValueType.bool(),
          false,
          "While the application holds a PostgreSQL connection, its ApplicationName (what"
              + " pg_stat_activity.application_name shows) names the acquire site, e.g."
              + " OrderDao.find(OrderDao.java:42), and the value it had is set back when the"
              + " connection is closed. Costs a round trip to the server at each borrow and each"
              + " close (docs/performance.md), and captures every lease's site.");

  public static final ConfigKey<String> SITE_CAPTURE =
      ConfigKey.computed(
              "site.capture",
              ValueType.choice("all", "sampled", "off"),
              config -> config.get(ConfigKeys.FAIL_ON).isEmpty() && !config.get(ConfigKeys.TAG_APPLICATION_NAME)
                  ? "sampled" : "all",
              "all when fail.on is set or tag.application_name=true, else sampled",
              "Which leases record their acquire site, the stack of the code that took the"
                  + " connection (the one costly thing the agent does). all: every lease, so"
                  + " every finding names its code. sampled: one lease in site.sample.interval,"
                  + " plus every lease from a pool once a leak was seen in it, so a repeated leak"
                  + " is still named, plus every lease that opened its own physical connection"
                  + " without a pool (DriverManager, a driver's data source), whose connect costs far"
                  + " more than the capture. off: no lease; findings carry no site.")
          .withExample("all");

  /** With sampled capture, one lease in this many records its site. */
  public static final ConfigKey<Integer> SITE_SAMPLE_INTERVAL =
      ConfigKey.of(
          "site.sample.interval",
          ValueType.integer(1, 1_048_576),
          64,
          "With site.capture=sampled, one lease in this many records its acquire site.");

  /** The most frames an acquire site keeps. */
  public static final ConfigKey<Integer> SITE_DEPTH =
      ConfigKey.of(
          "site.depth",
          ValueType.integer(1, 256),
          16,
          "The most stack frames kept per acquire site, application frames first.");

  /** The packages that are the application, whose frames findings name. */
  public static final ConfigKey<List<String>> APP_PACKAGES =
      ConfigKey.of(
              "app.packages",
              ValueType.packagePrefixes(),
              (List<String>) null,
              "The packages that are the application: a finding's first frame is the first frame in"
                  + " one of them, even when they sit under a framework's namespace"
                  + " (org.springframework.samples.petclinic). When not set, connlens infers them"
                  + " from how the JVM was launched: the package of the main class of java -cp,"
                  + " of Main-Class with java -jar, of Start-Class behind Spring Boot's launchers."
                  + " Frames outside them are the application too unless they belong to known"
                  + " infrastructure (the JDK, drivers, pools, data-access layers, web containers,"
                  + " view engines, proxies).")
          .withDefaultDescription("inferred from the main class")
          .withExample("com.acme.shop,com.acme.billing");

  /** Packages that are never the application's frames. */
  public static final ConfigKey<List<String>> APP_PACKAGES_EXCLUDE =
      ConfigKey.of(
              "app.packages.exclude",
              ValueType.packagePrefixes(),
              (List<String>) null,
              "Packages that are never the application's frames, even inside app.packages: an"
                  + " in-house framework or generated code, so that findings name the line that"
                  + " called it. The longer of two matching prefixes wins.")
          .withDefaultDescription("none")
          .withExample("com.acme.platform");

  /** Whether statements, transactions and batches are tracked (N+1, unbatched writes, idle transactions). */
  public static final ConfigKey<Boolean> STATEMENTS =
      ConfigKey.of(
          "statements",
          ValueType.bool(),
          true,
          "Whether statement executions, batches, commits and rollbacks are tracked, for the"
              + " N_PLUS_ONE, UNBATCHED_WRITES and IDLE_IN_TRANSACTION findings. false leaves only"
              + " connection tracking, and its cost.");

  /** How often one query may run in one unit of work before it is an N+1. */
  public static final ConfigKey<Integer> NPLUSONE_THRESHOLD =
      ConfigKey.of(
          "nplusone.threshold",
          ValueType.integer(2, 1_000_000),
          5,
          "How many executions of the same query (same normalized SQL) from the same call site in"
              + " one unit of work (the transaction, else the connection lease, else a run of"
              + " back-to-back executions on one thread) make a finding: a SELECT as"
              + " N_PLUS_ONE, an INSERT, UPDATE, DELETE or MERGE as UNBATCHED_WRITES. JDBC batches"
              + " (addBatch/executeBatch) never count.");

  /** How long a transaction may sit idle after a statement before it is reported. */
  public static final ConfigKey<Duration> TRANSACTION_IDLE_THRESHOLD =
      ConfigKey.of(
          "transaction.idle.threshold",
          ValueType.positiveDuration(),
          Duration.ofSeconds(10),
          "How long a connection with auto-commit off may sit idle after a statement, with no"
              + " further statement, commit or rollback, before it is reported as"
              + " IDLE_IN_TRANSACTION: it holds locks and a server connection while it waits.");

  /** The share of its maximum size a pool must use to count as saturated. */
  public static final ConfigKey<Integer> POOL_SATURATION_PERCENT =
      ConfigKey.of(
          "pool.saturation.percent",
          ValueType.integer(1, 100),
          80,
          "A pool with at least this percentage of its maximum size in use (as the pool reports"
              + " it, read once a second) is saturated; one that stays so for"
              + " pool.saturation.duration is reported as POOL_SATURATION, once per spell. Pools"
              + " that do not say their maximum or their use (Agroal without metrics) are never"
              + " judged.");

  /** How long a pool must stay saturated before it is reported. */
  public static final ConfigKey<Duration> POOL_SATURATION_DURATION =
      ConfigKey.of(
          "pool.saturation.duration",
          ValueType.positiveDuration(),
          Duration.ofSeconds(30),
          "How long a pool must stay at or above pool.saturation.percent before it is reported as"
              + " POOL_SATURATION. The default, as long as HikariCP's and Tomcat JDBC's default"
              + " borrow timeout, lets a burst pass and names a pool that runs near its limit for as"
              + " long as a borrow waits before it fails.");

  /** Unpooled physical connections a second from one site that make an UNPOOLED_CONNECTIONS finding. */
  public static final ConfigKey<Integer> UNPOOLED_THRESHOLD =
      ConfigKey.of(
          "unpooled.threshold",
          ValueType.integer(1, 1_000_000),
          10,
          "How many physical connections a second, averaged over unpooled.window, one acquire site may"
              + " open without a pool (DriverManager, a driver's own data source) before it is reported as"
              + " UNPOOLED_CONNECTIONS. A pool's own connections never count.");

  /** The sliding window over which the unpooled rate is averaged. */
  public static final ConfigKey<Duration> UNPOOLED_WINDOW =
      ConfigKey.of(
          "unpooled.window",
          ValueType.positiveDuration(),
          Duration.ofSeconds(10),
          "The sliding window over which unpooled.threshold is averaged (it moves in tenths of"
              + " itself); a site is reported at most once per window.");

  /**
   * {@code instrumentation.<module>.enabled}, one key per instrumentation module (JDBC itself, each
   * pool, Hibernate, the exit hook), in the modules' order.
   */
  public static final List<ConfigKey<Boolean>> INSTRUMENTATION_ENABLED = moduleKeys();

  private static List<ConfigKey<Boolean>> moduleKeys() {
    List<ConfigKey<Boolean>> keys = new ArrayList<>();
    for (InstrumentationModule module : Modules.all()) {
      keys.add(ConfigKey.of(
          "instrumentation." + module.name() + ".enabled",
          ValueType.bool(),
          true,
          module.description() + " false leaves these classes as they are."));
    }
    return Collections.unmodifiableList(keys);
  }

  /** Whether the instrumentation module {@code name} is switched on in {@code config}. */
  public static boolean moduleEnabled(AgentConfig config, String name) {
    ConfigKey<?> key = byName("instrumentation." + name + ".enabled");
    return key == null || Boolean.TRUE.equals(config.get(key));
  }

  /** Whether findings are printed on standard error. */
  public static final ConfigKey<Boolean> CONSOLE =
      ConfigKey.of(
          "console",
          ValueType.bool(),
          true,
          "Print each new finding, and a summary at exit, on standard error.");

  /** The most finding warnings printed per minute. */
  public static final ConfigKey<Integer> CONSOLE_LIMIT =
      ConfigKey.of(
          "console.limit",
          ValueType.integer(1, 100_000),
          20,
          "At most this many finding warnings are printed per minute; the rest are counted and"
              + " the count is printed, so a leak in a busy loop cannot flood the log.");

  /**
   * Where finding warnings go: {@code auto}, {@code app}, {@code stderr} or {@code both}; see
   * {@code docs/export.md}, section "The application's log".
   */
  public static final ConfigKey<String> LOG_OUTPUT =
      ConfigKey.of(
              "log.output",
              ValueType.choice("auto", "app", "stderr", "both"),
              "auto",
              "Where each finding warning goes. auto: the application's log through its SLF4J, once"
                  + " the application has loaded SLF4J with a real logging backend (Logback, Log4j 2,"
                  + " ...), else standard error. app: the application's SLF4J, else"
                  + " java.lang.System.Logger. stderr: standard error only. both: standard error and"
                  + " the application's SLF4J. Loggers are named connlens.finding.TYPE, e.g."
                  + " connlens.finding.LEAK_SUSPECTED, at the finding's severity (ERROR, WARN, INFO)."
                  + " Findings raised before the application has initialized SLF4J go to standard"
                  + " error (System.Logger with app), and so do those raised at exit, and the exit"
                  + " summary: the application's logging may be shut down by then. console.limit"
                  + " counts the warnings of every output together; console=false keeps standard"
                  + " error silent whatever this says. See docs/export.md.")
          .withExample("stderr");

  /** Whether connlens exports through the OpenTelemetry pipeline the application or the OTel agent has. */
  public static final ConfigKey<Boolean> OTEL_ENABLED =
      ConfigKey.of(
          "otel.enabled",
          ValueType.bool(),
          true,
          "Export lease spans, findings as log records and pool metrics through the OpenTelemetry"
              + " pipeline already there: the OpenTelemetry Java agent's, or the SDK the application"
              + " registers as GlobalOpenTelemetry. With neither, nothing is loaded. See docs/export.md.");

  /** Whether a lease span is made under the current span. */
  public static final ConfigKey<Boolean> OTEL_SPANS =
      ConfigKey.of(
          "otel.spans",
          ValueType.bool(),
          true,
          "Make a span (INTERNAL, named lease <pool>) from each connection's acquire to its close,"
              + " as a child of the current span; none outside a trace, and the trace's sampling applies.");

  /** Whether findings are emitted as OpenTelemetry log records. */
  public static final ConfigKey<Boolean> OTEL_LOGS =
      ConfigKey.of(
          "otel.logs",
          ValueType.bool(),
          true,
          "Emit each new finding as an OpenTelemetry log record (WARN, connlens.* attributes),"
              + " correlated with the current span when there is one.");

  /** Whether findings are also added to the current span as events. */
  public static final ConfigKey<Boolean> OTEL_SPAN_EVENTS =
      ConfigKey.of(
          "otel.span-events",
          ValueType.bool(),
          false,
          "Also add a connlens.finding event to the current span for a finding raised inside one"
              + " (span events are being deprecated upstream in favour of log records).");

  /** Whether connlens's metrics are exported through OpenTelemetry. */
  public static final ConfigKey<Boolean> OTEL_METRICS =
      ConfigKey.of(
          "otel.metrics",
          ValueType.bool(),
          true,
          "Export connlens.findings, connlens.leases.open, connlens.server.connections, and the"
              + " connection-pool metrics the OpenTelemetry agent does not already emit for a pool.");

  /** Whether connlens writes its events to Java Flight Recorder while a recording enables them. */
  public static final ConfigKey<Boolean> JFR_ENABLED =
      ConfigKey.of(
          "jfr.enabled",
          ValueType.bool(),
          true,
          "Write the JFR events connlens.Lease, connlens.Finding and connlens.PoolSnapshot (category"
              + " connlens) while a Flight Recorder recording enables them; with no recording"
              + " running they cost nothing but a flag read per connection. Ignored on a runtime"
              + " without the jdk.jfr module. See docs/export.md.");

  /** Whether connlens explains itself: why it did not install, the stack trace of a failed start. */
  public static final ConfigKey<Boolean> DEBUG =
      ConfigKey.of(
          "debug",
          ValueType.bool(),
          false,
          "Print diagnostics about connlens itself on standard error: one line saying why the agent"
              + " did not install where it stays silent otherwise (a JVM without the java.sql module,"
              + " such as jcmd or jps started with the agent in JAVA_TOOL_OPTIONS), and the stack"
              + " trace of a failure to start, which is otherwise one line.");

  private static final List<ConfigKey<?>> ALL = all(
          ENABLED,
          REPORT,
          LEAK_THRESHOLD,
          FAIL_ON,
          FAIL_EXIT_STATUS,
          FAIL_EXIT,
          TAG_APPLICATION_NAME,
          SITE_CAPTURE,
          SITE_SAMPLE_INTERVAL,
          SITE_DEPTH,
          APP_PACKAGES,
          APP_PACKAGES_EXCLUDE,
          STATEMENTS,
          NPLUSONE_THRESHOLD,
          TRANSACTION_IDLE_THRESHOLD,
          POOL_SATURATION_PERCENT,
          POOL_SATURATION_DURATION,
          UNPOOLED_THRESHOLD,
          UNPOOLED_WINDOW,
          CONSOLE,
          CONSOLE_LIMIT,
          LOG_OUTPUT,
          JFR_ENABLED,
          OTEL_ENABLED,
          OTEL_SPANS,
          OTEL_LOGS,
          OTEL_SPAN_EVENTS,
          OTEL_METRICS,
          DEBUG);

  private ConfigKeys() {}

  /** The sentence of fail.on's description on the types no detector reports yet, or nothing when there are none. */
  private static String notReportedYet() {
    Set<FindingType> types = FindingType.notReported();
    return types.isEmpty() ? "" : " " + words(types) + " are accepted, but nothing reports them yet: they fail no run.";
  }

  /** The keys given, with the module keys after {@link #STATEMENTS}. */
  private static List<ConfigKey<?>> all(ConfigKey<?>... keys) {
    List<ConfigKey<?>> all = new ArrayList<>();
    for (ConfigKey<?> key : keys) {
      all.add(key);
      if (key == STATEMENTS) {
        all.addAll(INSTRUMENTATION_ENABLED);
      }
    }
    return Collections.unmodifiableList(all);
  }

  /** Every key, in declaration order (the order of the docs and {@code --help}). */
  public static List<ConfigKey<?>> all() {
    return ALL;
  }

  /** The key with exactly this name, or {@code null}. */
  public static ConfigKey<?> byName(String name) {
    for (ConfigKey<?> key : ALL) {
      if (key.name().equals(name)) {
        return key;
      }
    }
    return null;
  }

  private static String words(Set<FindingType> types) {
    StringBuilder text = new StringBuilder();
    int i = 0;
    for (FindingType type : types) {
      text.append(i == 0 ? "" : i == types.size() - 1 ? " and " : ", ").append(type.name());
      i++;
    }
    return text.toString();
  }
}
