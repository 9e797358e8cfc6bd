package io.connlens.agent;

import io.connlens.agent.application.ApplicationPackages;
import io.connlens.agent.application.LaunchedApplication;
import io.connlens.agent.config.AgentConfig;
import io.connlens.agent.config.AgentVersion;
import io.connlens.agent.config.ConfigKeys;
import io.connlens.agent.control.ControlMailbox;
import io.connlens.agent.control.ControlProtocol;
import io.connlens.agent.detection.ExhaustionDetector;
import io.connlens.agent.detection.FailVerdict;
import io.connlens.agent.detection.FindingStore;
import io.connlens.agent.detection.HolderClassifier;
import io.connlens.agent.detection.IdleTransactionDetector;
import io.connlens.agent.detection.LeakDetector;
import io.connlens.agent.detection.OpenLeases;
import io.connlens.agent.detection.StatementDetector;
import io.connlens.agent.detection.UnpooledConnectionDetector;
import io.connlens.agent.export.ExportContext;
import io.connlens.agent.export.bridge.LibrarySpotter;
import io.connlens.agent.export.jfr.JfrExport;
import io.connlens.agent.export.jfr.JfrSink;
import io.connlens.agent.export.otel.OpenTelemetryExport;
import io.connlens.agent.export.systemlogger.SystemLoggerLog;
import io.connlens.agent.instrumentation.AutoCommitProbe;
import io.connlens.agent.instrumentation.ConnectionTracker;
import io.connlens.agent.instrumentation.InstrumentationModule;
import io.connlens.agent.instrumentation.InstrumentationErrors;
import io.connlens.agent.instrumentation.Instrumenter;
import io.connlens.agent.instrumentation.JdbcClassTrigger;
import io.connlens.agent.jmx.AgentStatus;
import io.connlens.agent.jvm.JvmShutdown;
import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.registry.StackFrames;
import io.connlens.agent.registry.StatementRecorder;
import io.connlens.agent.report.ConsoleSink;
import io.connlens.agent.report.FindingWarnings;
import io.connlens.agent.report.JsonReportSink;
import io.connlens.agent.report.LogOutput;
import io.connlens.agent.report.ReportFile;
import io.connlens.agent.report.ReportPaths;
import io.connlens.agent.report.ReportSnapshot;
import io.connlens.agent.report.Sink;
import io.connlens.agent.report.WarningLimit;
import io.connlens.agent.runtime.DetectionLoop;
import io.connlens.agent.runtime.ExitPolicy;
import io.connlens.agent.runtime.Exports;
import io.connlens.agent.runtime.OtherShutdownHooks;
import io.connlens.agent.runtime.Reports;
import io.connlens.agent.runtime.Sinks;
import io.connlens.agent.sql.SqlFingerprintCache;
import io.connlens.bootstrap.ConnlensHooks;
import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The wiring: from the configuration, builds the registry, the detectors and the sinks and connects
 * them (advice → hooks → {@link ConnectionTracker} → {@link LeaseRegistry} and {@link StatementRecorder}
 * → detectors → {@link FindingStore} → sinks), installs the instrumentation modules, and hands the
 * running to {@link DetectionLoop} and the end to {@link ExitPolicy}. It holds no state of the run.
 * Started with the JVM, it is made when the first JDBC class loads ({@link DeferredRuntime}); attached,
 * at once ({@link #startAttached}).
 */
public final class AgentRuntime {
  /** How often the command line's requests are looked for: the most a request waits before it is read. */
  private static final long MAILBOX_POLL_MILLIS = 200;
  /** How long {@code ConnlensMXBean.settle} waits for the loop's thread (as its javadoc says). */
  private static final long SETTLE_MILLIS = 5_000;
  /** The most the first JDBC class's loading waits for the class loaders' retransformation. */
  private static final long PREPARE_WAIT_MILLIS = 5_000;

  private final AgentConfig config;
  private final FindingStore store = new FindingStore(System::currentTimeMillis);
  private final LeaseRegistry registry;
  private final StatementRecorder statements;
  private final InstrumentationErrors instrumentationErrors = new InstrumentationErrors();
  /** Byte Buddy's side, made when the first JDBC class loads ({@link JdbcClassTrigger}); {@code null} before. */
  private volatile Instrumenter instrumenter;
  private final List<InstrumentationModule> modules = new ArrayList<>();
  private final Reports reports;
  private final DetectionLoop loop;
  private final ExitPolicy exitPolicy;
  private final Sinks sinks = new Sinks();
  private final ReportFile reportFile;
  private final FindingWarnings warnings;
  private final AgentStatus jmx;
  /** The Flight Recorder sink, or {@code null} (jfr.enabled=false, or no jdk.jfr module). */
  private final JfrSink jfr;
  /** The OpenTelemetry sink, or {@code null} (otel.enabled=false). */
  private final OpenTelemetryExport openTelemetry;
  private final OpenLeases openLeases;
  private volatile ControlMailbox mailbox;
  private final AtomicBoolean firstSuppressedShown = new AtomicBoolean();
  private final AtomicBoolean exited = new AtomicBoolean();

  private AgentRuntime(AgentConfig config, boolean attached) {
    this.config = config;
    SiteCapture.Mode mode = SiteCapture.Mode.valueOf(config.get(ConfigKeys.SITE_CAPTURE).toUpperCase(Locale.ROOT));
    SiteCapture siteCapture = new SiteCapture(mode, config.get(ConfigKeys.SITE_SAMPLE_INTERVAL));
    ApplicationPackages applicationPackages = LaunchedApplication.packages(config.get(ConfigKeys.APP_PACKAGES),
        config.get(ConfigKeys.APP_PACKAGES_EXCLUDE));
    StackFrames frames = new StackFrames(applicationPackages, config.get(ConfigKeys.SITE_DEPTH),
        Modules.pools().packagePrefixes());
    HolderClassifier holders = new HolderClassifier(frames);
    for (InstrumentationModule module : Modules.all()) {
      if (ConfigKeys.moduleEnabled(config, module.name())) {
        modules.add(module);
      }
    }

    // detection: the registry's leases go to the leak detector and the statement recorder, whose
    // bursts go to the statement detector; every detector records into the store
    this.registry = new LeaseRegistry(siteCapture, frames, Modules.pools(), System::currentTimeMillis);
    LeakDetector leaks = new LeakDetector(registry, store, config.get(ConfigKeys.LEAK_THRESHOLD).toNanos(), holders);
    StatementDetector statementDetector = new StatementDetector(store);
    IdleTransactionDetector idleTransactions = new IdleTransactionDetector(registry, store,
        config.get(ConfigKeys.TRANSACTION_IDLE_THRESHOLD).toNanos(), holders);
    UnpooledConnectionDetector unpooled = new UnpooledConnectionDetector(store,
        config.get(ConfigKeys.UNPOOLED_THRESHOLD), config.get(ConfigKeys.UNPOOLED_WINDOW).toNanos());
    registry.addListener(leaks);
    ExhaustionDetector exhaustion = new ExhaustionDetector(registry, store, frames, holders,
        config.get(ConfigKeys.POOL_SATURATION_PERCENT), config.get(ConfigKeys.POOL_SATURATION_DURATION).toNanos(),
        System::nanoTime);
    registry.addFailureListener(exhaustion);
    registry.addListener(unpooled);
    if (config.get(ConfigKeys.STATEMENTS)) {
      this.statements = new StatementRecorder(registry, new SqlFingerprintCache(),
          config.get(ConfigKeys.NPLUSONE_THRESHOLD), frames, new AutoCommitProbe());
      statements.addListener(statementDetector);
      registry.addListener(statements);
    } else {
      this.statements = null;
    }
    this.reports = new Reports(registry, store, leaks, statementDetector, statements, instrumentationErrors,
        config.get(ConfigKeys.FAIL_ON), config.problems(), mode.label(), applicationPackages, unpooled);
    this.loop = new DetectionLoop(leaks, idleTransactions, statementDetector, unpooled, statements, () -> {
      try {
        exhaustion.scanSaturation();
      } catch (RuntimeException e) {
        ConnlensHooks.suppressed(e); // counted; the sinks still get their snapshot
      }
      List<ReportSnapshot.Pool> pools = reports.samplePools();
      sinks.poolSnapshot(pools, reports.servers(pools));
    });
    this.exitPolicy = new ExitPolicy(config.get(ConfigKeys.FAIL_EXIT) ? config.get(ConfigKeys.FAIL_EXIT_STATUS) : null);

    // the sinks, in the order they hear of the exit: the report file first, as the console names it
    // %p and %t name this JVM's own report (one per Surefire fork)
    Path reportPath = config.get(ConfigKeys.REPORT) == null ? null
        : ReportPaths.expand(config.get(ConfigKeys.REPORT), Instant.now());
    this.reportFile = reportPath == null ? null : new ReportFile(reportPath, System.err);
    if (reportFile != null) {
      addSink(reportFile);
    }
    // the finding warnings: one rate limit for standard error and the application's log; console=false
    // keeps standard error silent, and the application's log is written on the loop's thread
    WarningLimit limit = new WarningLimit(config.get(ConfigKeys.CONSOLE_LIMIT));
    ConsoleSink console = config.get(ConfigKeys.CONSOLE)
        ? new ConsoleSink(System.err, limit, System::currentTimeMillis, uncapturedSiteNote(siteCapture),
            () -> reportFile == null ? null : reportFile.written())
        : null;
    this.warnings = new FindingWarnings(LogOutput.of(config.get(ConfigKeys.LOG_OUTPUT)), console, limit,
        System::currentTimeMillis, uncapturedSiteNote(siteCapture), loop::execute, SystemLoggerLog::new,
        JvmShutdown::inProgress);
    addSink(warnings);
    addSink(reports.timeline());
    this.jfr = config.get(ConfigKeys.JFR_ENABLED) ? JfrExport.sinkIfAvailable() : null;
    if (jfr != null) {
      addSink(jfr);
    }
    this.openTelemetry = config.get(ConfigKeys.OTEL_ENABLED) ? new OpenTelemetryExport(config, System.err) : null;
    if (openTelemetry != null) {
      addSink(openTelemetry);
    }
    this.openLeases = new OpenLeases(registry, holders, frames, attached ? System.currentTimeMillis() : -1);
    // JMX notifications are sent on the loop's thread: a finding can be raised on the application's
    // (a failed borrow, an unpooled connection's close)
    this.jmx = new AgentStatus(registry, store, this::writeReportNow, () -> AgentStatus.statuses(openLeases.list()),
        this::reportJson, loop::execute, config.get(ConfigKeys.FAIL_ON), thread -> loop.settle(thread, SETTLE_MILLIS),
        reports.testFailures());
    addSink(jmx);
  }

  private void addSink(Sink sink) {
    sinks.add(sink);
    store.addListener(sink);
    if (sink.listensToLeases()) {
      registry.addListener(sink);
    }
  }

  /**
   * Attached to a running JVM: up at once, and the instrumentation built before agentmain returns (the
   * JDBC classes are loaded already).
   */
  static void startAttached(AgentConfig config, Instrumentation inst) {
    AgentRuntime runtime = up(config, inst, true);
    JdbcClassTrigger.install(inst, () -> runtime.buildInstrumentation(inst), () -> runtime.prepareInstrumentation(inst, true),
        () -> runtime.instrumentationStarted(inst, true), runtime::instrumentationFailed, true);
    Runtime.getRuntime().addShutdownHook(new Thread(runtime::onExit, "connlens-exit"));
  }

  /** Made and running: the hooks, the detection loop, the exports, JMX and the command line's mailbox. */
  static AgentRuntime up(AgentConfig config, Instrumentation inst, boolean attached) {
    AgentRuntime runtime = new AgentRuntime(config, attached);
    runtime.run(inst, attached);
    return runtime;
  }

  /**
   * Made for the exit alone, in a JVM that never woke it (no JDBC class loaded) but has a report to
   * write: the report of a run that tracked nothing, written by the same sinks.
   */
  static AgentRuntime forExit(AgentConfig config) {
    return new AgentRuntime(config, false);
  }

  private void run(Instrumentation inst, boolean attached) {
    ConnlensHooks.install(new ConnectionTracker(registry, statements, exitPolicy::exitRequested, this::onSuppressed,
        config.get(ConfigKeys.TAG_APPLICATION_NAME)));
    exitPolicy.waitFor(OtherShutdownHooks.capture(inst));
    // the libraries connlens exports through (SLF4J, Micrometer, OpenTelemetry): each exporter starts
    // on the loop's thread once the application has loaded its library
    Exports exports = new Exports(new ExportContext(config, this::addSink, warnings::slf4jFound), openTelemetry);
    LibrarySpotter.install(inst, (library, loader) -> loop.execute(() -> exports.libraryFound(library, loader)));
    loop.start();
    // off the start-up path: JMX, because creating the platform MBean server early can break app
    // servers that install their own logging or MBean server builder during start-up
    loop.execute(() -> {
      jmx.register();
      if (openTelemetry != null) {
        openTelemetry.lookForPipeline(); // the OpenTelemetry agent, if its premain ran before connlens's
      }
      if (jfr != null) {
        jfr.register(); // loads JFR's internals: off the start-up path too
      }
      openMailbox();
    });
    if (attached) {
      System.err.println(ConsoleSink.PREFIX + "attached; connections opened before now are not tracked, but"
          + " java -jar connlens-agent.jar leases " + ProcessHandle.current().pid()
          + " lists those a pool says it handed out");
    }
  }

  /** Byte Buddy's transformer of the modules, on the thread that loads the first JDBC class. */
  ClassFileTransformer buildInstrumentation(Instrumentation inst) {
    Instrumenter made = new Instrumenter(instrumentationErrors);
    ClassFileTransformer transformer = made.transformer(inst, modules, statements != null);
    instrumenter = made;
    return transformer;
  }

  /**
   * Once built, before it is handed any class: the class loaders loaded before it get boot delegation.
   * At start-up this runs inside the first JDBC class's loading, so the retransformation runs on a
   * thread of its own, waited for at most {@link #PREPARE_WAIT_MILLIS} (it cannot end in a deadlock
   * with the loading thread: a class loader that is not parallel-capable, holding its lock, and loading
   * connlens's own classes is the one case it would wait for); attached, on the attaching thread.
   */
  void prepareInstrumentation(Instrumentation inst, boolean attached) {
    Runnable loaders = DetectionLoop.guarded(() -> instrumenter.retransformLoaders(inst));
    if (attached) {
      loaders.run();
      return;
    }
    Thread aside = new Thread(loaders, "connlens-instrumentation");
    aside.setDaemon(true);
    aside.start();
    try {
      aside.join(PREPARE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the application's to see; the loaders go on being retransformed
    }
  }

  /**
   * Once every class goes to it: the JDBC classes loaded before are retransformed, on the loop's
   * thread (the first JDBC class is still loading), or at once when attached; then the late modules
   * (see {@link Instrumenter#installLate}), off the application's threads.
   */
  void instrumentationStarted(Instrumentation inst, boolean attached) {
    Runnable matched = DetectionLoop.guarded(() -> instrumenter.retransformMatched(inst));
    if (attached) {
      matched.run();
    } else {
      loop.execute(matched);
    }
    loop.execute(() -> instrumenter.installLate(inst, modules));
  }

  /** Building the instrumentation failed: one line, and the report's instrumentation errors say so too. */
  void instrumentationFailed(Throwable failure) {
    instrumentationErrors.record("the instrumentation could not be built; nothing is tracked: " + failure);
    ConnlensAgent.printFailure("failed to instrument", failure, config.get(ConfigKeys.DEBUG), System.err);
  }

  /**
   * Opens the directory the command line asks through ({@code connlens leases PID}), and publishes it
   * for the command line to find; looked into five times a second, on the loop's thread.
   */
  private void openMailbox() {
    try {
      ControlMailbox opened = ControlMailbox.create(Path.of(System.getProperty("java.io.tmpdir")),
          ProcessHandle.current().pid(), this::answer);
      mailbox = opened;
      loop.every(MAILBOX_POLL_MILLIS, opened::answerWaiting);
      System.setProperty(ControlProtocol.MAILBOX_PROPERTY, opened.directory().toString());
    } catch (IOException | RuntimeException e) {
      // no writable temporary directory: the command line says connlens does not answer, nothing else changes
      System.err.println(ConsoleSink.PREFIX + "the command line cannot reach this JVM: " + e);
    }
  }

  /** Answers one request of the command line. */
  private String answer(ControlProtocol.Request request) {
    if (request.verb().equals(ControlProtocol.REPORT)) {
      boolean withLeases = Boolean.parseBoolean(request.option("leases", "false"));
      ReportSnapshot snapshot = reports.snapshot(ReportSnapshot.Trigger.ON_DEMAND, reports.verdict(), null);
      return ControlProtocol.ok(new JsonReportSink().toJson(snapshot, withLeases ? openLeases.list() : null));
    }
    return ControlProtocol.error("connlens " + AgentVersion.get() + " does not know the request '" + request.verb()
        + "': use the command line of the same version");
  }

  private void onSuppressed(Throwable error) {
    if (firstSuppressedShown.compareAndSet(false, true)) {
      System.err.println(ConsoleSink.PREFIX + "internal error, suppressed (the application is not affected; "
          + "further ones are only counted in the report's summary.suppressedErrors):");
      error.printStackTrace();
    }
  }

  /** The shutdown hook: the last scan, the verdict once, the sinks, then the exit status if it must change. */
  void onExit() {
    if (!exited.compareAndSet(false, true)) {
      return;
    }
    loop.finishAtExit();
    ControlMailbox opened = mailbox;
    if (opened != null) {
      opened.close();
    }
    FailVerdict verdict = reports.verdict();
    Integer forced = exitPolicy.statusToForce(verdict);
    sinks.exit(reports.snapshot(ReportSnapshot.Trigger.EXIT, verdict, forced));
    System.err.flush();
    exitPolicy.enforce(forced);
  }

  /** The on-demand report as JSON, with the open leases (JMX's {@code reportJson}, as the CLI's {@code report}). */
  private String reportJson() {
    ReportSnapshot snapshot = reports.snapshot(ReportSnapshot.Trigger.ON_DEMAND, reports.verdict(), null);
    return new JsonReportSink().toJson(snapshot, openLeases.list());
  }

  /** Writes the report now (JMX, CLI); returns the path written, or why not. */
  private String writeReportNow() {
    if (reportFile == null) {
      return "not written: no report path configured (set report=PATH)";
    }
    try {
      return reportFile.writeNow(reports.snapshot(ReportSnapshot.Trigger.ON_DEMAND, reports.verdict(), null)).toString();
    } catch (IOException | RuntimeException e) {
      return "not written: " + e.getMessage();
    }
  }

  private static String uncapturedSiteNote(SiteCapture capture) {
    switch (capture.mode()) {
      case OFF:
        return "site.capture=off";
      case SAMPLED:
        return "site.capture=sampled captures one lease in " + capture.sampleInterval()
            + "; connlens now captures every lease from this pool";
      default:
        return "the lease began before connlens attached";
    }
  }
}
