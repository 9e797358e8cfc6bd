package io.connlens.junit5;

import io.connlens.api.report.Report;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the JUnit Jupiter test that left a connection open, or that ran a finding {@code fail.on}
 * names (an {@code N_PLUS_ONE}, {@code UNBATCHED_WRITES}, ...), with the code that did it in the
 * failure message. Register it with {@code @ExtendWith(ConnlensExtension.class)} (first, before other
 * extensions, so that it checks after theirs have released what they hold: Spring's test transaction),
 * or for every test with {@code junit.jupiter.extensions.autodetection.enabled=true}.
 *
 * <p>What is attributed to a test: every connection acquired between its start and its end (its
 * {@code @BeforeEach} and {@code @AfterEach} methods included) and still open once they ran, on any
 * thread; and every occurrence of a finding in that time. With parallel execution on
 * ({@code junit.jupiter.execution.parallel.enabled=true}) only those of the test's own thread.
 * Connections acquired in {@code @BeforeAll} belong to the class, and are checked after
 * {@code @AfterAll}.
 *
 * <p>It reads the connlens agent of the same JVM through JMX. Without the agent it says so once and
 * changes nothing.
 */
public final class ConnlensExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ConnlensExtension.class);
  private static final String PARALLEL = "junit.jupiter.execution.parallel.enabled";
  private static final AtomicBoolean SAID_ABSENT = new AtomicBoolean();

  /** Public, with no arguments: JUnit's auto-detection makes it through the service loader. */
  public ConnlensExtension() {}

  /** What one test or class began with. */
  private static final class Scope {
    final long leaseWatermark;
    final Report baseline;
    final String thread;

    Scope(long leaseWatermark, Report baseline, String thread) {
      this.leaseWatermark = leaseWatermark;
      this.baseline = baseline;
      this.thread = thread;
    }
  }

  /** The JVM's one session, kept in the root context's store; {@code null} when there is no agent. */
  private static AgentSession session(ExtensionContext context) {
    Object found = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(AgentSession.class, key -> {
      StringBuilder why = new StringBuilder();
      AgentSession session = AgentSession.find(why);
      return session != null ? session : why.toString();
    });
    if (found instanceof AgentSession) {
      return (AgentSession) found;
    }
    if (SAID_ABSENT.compareAndSet(false, true)) {
      System.err.println("[connlens] ConnlensExtension: " + found);
    }
    return null;
  }

  private static String attributedThread(ExtensionContext context) {
    boolean parallel = context.getConfigurationParameter(PARALLEL).map(Boolean::parseBoolean).orElse(false);
    return parallel ? Thread.currentThread().getName() : null;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    begin(context, false);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    begin(context, true);
  }

  private static void begin(ExtensionContext context, boolean test) {
    AgentSession session = session(context);
    if (session == null) {
      return;
    }
    Set<String> types = Attribution.findingTypesThatFailATest(session.failOn());
    // a class is checked for its connections only: its tests' findings are theirs
    Report baseline = test && !types.isEmpty() ? session.baseline(types) : null;
    context.getStore(NAMESPACE).put(Scope.class,
        new Scope(session.lastLeaseId(), baseline, attributedThread(context)));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    end(context, "this test");
  }

  @Override
  public void afterAll(ExtensionContext context) {
    end(context, "this test class (@BeforeAll, @AfterAll or a test that was not checked)");
  }

  private static void end(ExtensionContext context, String what) {
    AgentSession session = session(context);
    Scope scope = context.getStore(NAMESPACE).remove(Scope.class, Scope.class);
    if (session == null || scope == null) {
      return;
    }
    Set<String> types = scope.baseline == null ? Set.of()
        : Attribution.findingTypesThatFailATest(session.failOn());
    boolean leases = Attribution.openLeasesFail(session.failOn());
    Report now = null;
    List<Attribution.NewFinding> raised = Collections.emptyList();
    if (!types.isEmpty()) {
      // a run of queries across connections is a finding only once it ends: it ends now
      session.settle(scope.thread);
      if (!Attribution.sameCounts(scope.baseline.summary().occurrences(), session.findingCounts(), types)) {
        now = session.report();
        raised = Attribution.findingsSince(scope.baseline, now, types, scope.thread);
      }
    }
    List<Report.Lease> open = Collections.emptyList();
    if (leases && session.openLeases() > 0 && session.lastLeaseId() > scope.leaseWatermark) {
      if (now == null) {
        now = session.report();
      }
      open = new java.util.ArrayList<>();
      for (Report.Lease lease : Attribution.openLeasesSince(now, scope.leaseWatermark, scope.thread)) {
        if (session.firstReport(lease.id())) {
          open.add(lease);
        }
      }
    }
    if (!open.isEmpty() || !raised.isEmpty()) {
      // the report names the test too, for whoever reads it after the build (the plugin's check)
      String test = testName(context);
      for (Report.Lease lease : open) {
        session.recordTestFailure(test, Report.TestFailure.OPEN_AT_TEST_END, lease.firstFrame(), lease.lastSql());
      }
      for (Attribution.NewFinding n : raised) {
        session.recordTestFailure(test, n.finding.type(), n.finding.firstFrame(), n.finding.sql());
      }
      throw new AssertionError(Attribution.message(what, open, raised));
    }
  }

  /**
   * {@code com.example.OrderTest.leaks()} for a test (with its display name when it has one of its
   * own: a parameterized run), {@code com.example.OrderTest} for a class.
   */
  static String testName(ExtensionContext context) {
    String className = context.getTestClass().map(Class::getName).orElse(context.getDisplayName());
    if (context.getTestMethod().isEmpty()) {
      return className;
    }
    String method = context.getTestMethod().get().getName() + "()";
    String display = context.getDisplayName();
    return className + "." + method + (display.equals(method) ? "" : " [" + display + "]");
  }
}
