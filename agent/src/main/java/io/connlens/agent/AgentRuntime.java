package io.connlens.agent;

import io.connlens.agent.application.ApplicationPackages;
import io.connlens.agent.application.LaunchedApplication;
import io.connlens.agent.config.AgentConfig;
import io.connlens.agent.config.ConfigKeys;
import io.connlens.agent.detection.BoundedText;
import io.connlens.agent.detection.Finding;
import io.connlens.agent.detection.FindingStore;
import io.connlens.agent.detection.FindingType;
import io.connlens.agent.detection.HolderClassifier;
import io.connlens.agent.detection.IdleTransactionDetector;
import io.connlens.agent.detection.LeakDetector;
import io.connlens.agent.detection.StatementDetector;
import io.connlens.agent.instrumentation.AutoCommitProbe;
import io.connlens.agent.instrumentation.ConnectionTracker;
import io.connlens.agent.instrumentation.InstrumentationModule;
import io.connlens.agent.instrumentation.Instrumenter;
import io.connlens.agent.jmx.AgentStatus;
import io.connlens.agent.modules.Modules;
import io.connlens.agent.registry.LeaseRegistry;
import io.connlens.agent.jdbc.DatabaseServer;
import io.connlens.agent.pool.PoolGauges;
import io.connlens.agent.registry.PoolCounts;
import io.connlens.agent.registry.ServerCounts;
import io.connlens.agent.registry.SiteCapture;
import io.connlens.agent.registry.StackFrames;
import io.connlens.agent.registry.StatementRecorder;
import io.connlens.agent.sql.SqlFingerprintCache;
import io.connlens.agent.report.ConsoleSink;
import io.connlens.agent.report.JsonReportSink;
import io.connlens.agent.report.ReportSnapshot;
import io.connlens.agent.text.PrintableText;
import io.connlens.bootstrap.ConnlensHooks;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The running agent: reads the configuration, wires registry, detector and sinks, installs the
 * instrumentation, runs the scan thread, and at JVM exit writes the report and decides the exit status.
 */
public final class AgentRuntime {
  /** How long the exit hook lets the application's other shutdown hooks run before it forces the status. */
  private static final long OTHER_HOOKS_TIMEOUT_MILLIS = 10_000;

  private final AgentConfig config;
  private final long startedAtMillis = System.currentTimeMillis();
  private final FindingStore store = new FindingStore(System::currentTimeMillis);
  private final LeaseRegistry registry;
  private final LeakDetector detector;
  private final StatementRecorder statements;
  private final StatementDetector statementDetector;
  private final IdleTransactionDetector idleTransactions;
  private final Instrumenter instrumenter = new Instrumenter();
  private final ConsoleSink console;
  private final Set<FindingType> failOn;
  private final int failExitStatus;
  private final Path reportPath;
  private final String siteCaptureLabel;
  private final ApplicationPackages applicationPackages;
  private final ScheduledExecutorService scanner;
  private final AtomicBoolean firstSuppressedShown = new AtomicBoolean();
  private final AtomicBoolean exited = new AtomicBoolean();
  /** The status the application passed to {@code System.exit}; 0 until it does. */
  private volatile int requestedExitStatus;
  private OtherShutdownHooks otherShutdownHooks;

  private AgentRuntime(AgentConfig config) {
    this.config = config;
    this.failOn = config.get(ConfigKeys.FAIL_ON);
    this.failExitStatus = config.get(ConfigKeys.FAIL_EXIT_STATUS);
    this.reportPath = config.get(ConfigKeys.REPORT);
    SiteCapture.Mode mode = SiteCapture.Mode.valueOf(config.get(ConfigKeys.SITE_CAPTURE).toUpperCase(Locale.ROOT));
    SiteCapture siteCapture = new SiteCapture(mode, config.get(ConfigKeys.SITE_SAMPLE_INTERVAL));
    this.siteCaptureLabel = mode.label();
    this.applicationPackages = LaunchedApplication.packages(config.get(ConfigKeys.APP_PACKAGES),
        config.get(ConfigKeys.APP_PACKAGES_EXCLUDE));
    StackFrames frames = new StackFrames(applicationPackages, config.get(ConfigKeys.SITE_DEPTH),
        Modules.pools().packagePrefixes());
    HolderClassifier holders = new HolderClassifier(frames);
    this.registry = new LeaseRegistry(siteCapture, frames, Modules.pools(), System::currentTimeMillis);
    this.detector = new LeakDetector(registry, store, config.get(ConfigKeys.LEAK_THRESHOLD).toNanos(), holders);
    this.statementDetector = new StatementDetector(store);
    this.idleTransactions = new IdleTransactionDetector(registry, store,
        config.get(ConfigKeys.TRANSACTION_IDLE_THRESHOLD).toNanos(), holders);
    if (config.get(ConfigKeys.STATEMENTS)) {
      this.statements = new StatementRecorder(registry, new SqlFingerprintCache(), config.get(ConfigKeys.NPLUSONE_THRESHOLD),
          frames, new AutoCommitProbe());
      statements.setListener(statementDetector);
      StatementRecorder recorder = statements;
      registry.setListener((lease, heldNanos) -> {
        detector.onClosed(lease, heldNanos);
        recorder.onClosed(lease, heldNanos);
      });
    } else {
      this.statements = null;
      registry.setListener(detector);
    }
    this.console = config.get(ConfigKeys.CONSOLE)
        ? new ConsoleSink(System.err, config.get(ConfigKeys.CONSOLE_LIMIT), System::currentTimeMillis,
            uncapturedSiteNote(siteCapture))
        : null;
    if (console != null) {
      store.addListener(console);
    }
    this.scanner = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "connlens-detector");
      t.setDaemon(true);
      return t;
    });
  }

  static void start(String options, Instrumentation inst, boolean attached) throws Exception {
    AgentConfig config = AgentConfig.fromSystem(options);
    for (String problem : config.problems()) {
      System.err.println(ConsoleSink.PREFIX + "configuration: " + problem);
    }
    if (!config.get(ConfigKeys.ENABLED)) {
      System.err.println(ConsoleSink.PREFIX + "disabled (enabled=false): nothing is instrumented");
      return;
    }
    new AgentRuntime(config).run(inst, attached);
  }

  private void run(Instrumentation inst, boolean attached) throws Exception {
    ConnlensHooks.install(new ConnectionTracker(registry, statements, status -> requestedExitStatus = status,
        this::onSuppressed));
    List<InstrumentationModule> modules = new ArrayList<>();
    for (InstrumentationModule module : Modules.all()) {
      if (ConfigKeys.moduleEnabled(config, module.name())) {
        modules.add(module);
      }
    }
    instrumenter.install(inst, modules, statements != null);
    otherShutdownHooks = OtherShutdownHooks.capture(inst);
    Runtime.getRuntime().addShutdownHook(new Thread(this::onExit, "connlens-exit"));
    long interval = Math.min(detector.scanIntervalMillis(), idleTransactions.scanIntervalMillis());
    scanner.scheduleWithFixedDelay(this::scan, interval, interval, TimeUnit.MILLISECONDS);
    // off the start-up path: the exit-status hook (see Instrumenter), and JMX, because creating the
    // platform MBean server early can break app servers that install their own logging or MBean
    // server builder during start-up
    scanner.execute(() -> {
      try {
        instrumenter.installLate(inst, modules);
      } catch (Throwable t) {
        ConnlensHooks.suppressed(t);
      }
      AgentStatus.register(this);
    });
    if (attached) {
      System.err.println(ConsoleSink.PREFIX + "attached; connections opened before now are not tracked");
    }
  }

  private void scan() {
    try {
      synchronized (detector) {
        long now = System.nanoTime();
        if (statements != null) {
          statements.endThreadRuns(now, false);
        }
        statementDetector.scan();
        idleTransactions.scan(now);
        detector.scan(now);
      }
    } catch (Throwable t) {
      ConnlensHooks.suppressed(t);
    }
  }

  private void onSuppressed(Throwable error) {
    if (firstSuppressedShown.compareAndSet(false, true)) {
      System.err.println(ConsoleSink.PREFIX + "internal error, suppressed (the application is not affected; "
          + "further ones are only counted in the report's summary.suppressedErrors):");
      error.printStackTrace();
    }
  }

  /** The shutdown hook: last scan, report, summary, and the exit status when {@code fail.on} matched. */
  private void onExit() {
    if (!exited.compareAndSet(false, true)) {
      return;
    }
    scanner.shutdownNow();
    ReportSnapshot snapshot;
    try {
      synchronized (detector) {
        long now = System.nanoTime();
        if (statements != null) {
          statements.endOpenUnits();
          statements.endThreadRuns(now, true);
        }
        statementDetector.scan();
        idleTransactions.scan(now);
        detector.finishAtExit(now);
      }
    } catch (Throwable t) {
      ConnlensHooks.suppressed(t);
    }
    boolean failed = hasFailingFindings();
    boolean forceStatus = failed && requestedExitStatus == 0;
    snapshot = snapshot(ReportSnapshot.Trigger.EXIT, failed, forceStatus ? failExitStatus : null);
    String written = null;
    if (reportPath != null) {
      try {
        new JsonReportSink().write(snapshot, reportPath);
        written = reportPath.toAbsolutePath().toString();
      } catch (IOException | RuntimeException e) {
        // the path is the user's and the message the file system's: either may hold a line break
        System.err.println(ConsoleSink.PREFIX
            + PrintableText.escape("could not write the report to " + reportPath + ": " + e));
      }
    }
    if (console != null) {
      console.printAtExit(snapshot, written);
    }
    System.err.flush();
    if (forceStatus) {
      // a shutdown hook cannot set the exit status; halt can, once the other hooks have done their work
      otherShutdownHooks.await(OTHER_HOOKS_TIMEOUT_MILLIS);
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(failExitStatus);
    }
  }

  private boolean hasFailingFindings() {
    for (Finding f : store.findings()) {
      if (failOn.contains(f.type()) && f.outstanding() > 0) {
        return true;
      }
    }
    for (FindingType type : failOn) {
      if (store.outstandingDropped(type) > 0) {
        return true; // a failing occurrence found the store full: it still fails the run
      }
    }
    return false;
  }

  /** Everything a report says, now. */
  public ReportSnapshot snapshot(ReportSnapshot.Trigger trigger, boolean failed, Integer exitStatus) {
    return new ReportSnapshot(version(), ProcessHandle.current().pid(), System.getProperty("java.version"),
        startedAtMillis, System.currentTimeMillis(), trigger,
        new ReportSnapshot.Counts(registry.leasesOpened(), registry.leasesClosed(), registry.leasesOpen(),
            registry.leasesCollected()),
        new ReportSnapshot.Counts(registry.physicalOpened(), registry.physicalClosed(), registry.physicalOpen(),
            registry.physicalCollected()),
        siteCaptureLabel, ConnlensHooks.suppressedErrors(), instrumenter.errors(), config.problems(), failOn, failed,
        exitStatus, store.findings(), store.occurrencesByType(), dropped(), applicationPackages,
        Map.of("initializer", statementDetector.skippedInitializerBursts()), pools(), servers());
  }

  /** The registry's pools, names and URLs cut as findings cut them. */
  private List<ReportSnapshot.Pool> pools() {
    List<ReportSnapshot.Pool> pools = new ArrayList<>();
    for (PoolCounts pool : registry.pools()) {
      long[] leases = pool.leases();
      long[] physical = pool.physical();
      PoolGauges gauges = pool.gauges();
      pools.add(new ReportSnapshot.Pool(BoundedText.cut(pool.name(), BoundedText.MAX_NAME), pool.kind(),
          BoundedText.cut(pool.database(), BoundedText.MAX_URL),
          new ReportSnapshot.Counts(leases[0], leases[1], leases[2], leases[3]),
          new ReportSnapshot.Counts(physical[0], physical[1], physical[2], physical[3]),
          gauges.maxSize(), gauges.active(), gauges.idle()));
    }
    return pools;
  }

  /** The registry's database servers, cut as findings cut URLs. */
  private List<ReportSnapshot.Server> servers() {
    List<ReportSnapshot.Server> servers = new ArrayList<>();
    for (ServerCounts server : registry.servers()) {
      long[] physical = server.physical();
      DatabaseServer s = server.server();
      servers.add(new ReportSnapshot.Server(BoundedText.cut(s.key(), BoundedText.MAX_URL),
          BoundedText.cut(s.host(), BoundedText.MAX_NAME), s.port(), BoundedText.cut(s.database(), BoundedText.MAX_NAME),
          new ReportSnapshot.Counts(physical[0], physical[1], physical[2], physical[3])));
    }
    return servers;
  }

  /** What each bound refused, in the report's order (docs/report-format.md names each). */
  private Map<String, Long> dropped() {
    Map<String, Long> dropped = new LinkedHashMap<>();
    dropped.put("findings", store.dropped());
    dropped.put("longHolds", detector.droppedLongHolds());
    dropped.put("queryBursts", statementDetector.droppedBursts());
    dropped.put("unitQueries", statements == null ? 0 : statements.droppedUnitQueries());
    dropped.put("threadRuns", statements == null ? 0 : statements.droppedThreadRuns());
    dropped.put("statementsCut", statements == null ? 0 : statements.cutStatements());
    dropped.put("instrumentationErrors", instrumenter.droppedErrors());
    dropped.put("pools", registry.droppedPools());
    dropped.put("servers", registry.droppedServers());
    return dropped;
  }

  /** Writes the report now (JMX, CLI); returns the path written. */
  public Path writeReportNow() throws IOException {
    if (reportPath == null) {
      throw new IOException("no report path configured (set report=PATH)");
    }
    new JsonReportSink().write(snapshot(ReportSnapshot.Trigger.ON_DEMAND, hasFailingFindings(), null), reportPath);
    return reportPath;
  }

  /** The findings so far. */
  public FindingStore findings() {
    return store;
  }

  /** The lease registry. */
  public LeaseRegistry registry() {
    return registry;
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

  /** The agent's version, from the jar. */
  public static String version() {
    try (InputStream in = AgentRuntime.class.getResourceAsStream("connlens-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

}
