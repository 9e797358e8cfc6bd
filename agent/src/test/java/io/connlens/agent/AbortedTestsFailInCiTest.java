package io.connlens.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class AbortedTestsFailInCiTest {

  @Test
  void under_ci_an_aborted_test_fails_with_its_reason() {
    // when example tests run as CI runs them, the extension found by autodetection alone
    TestExecutionSummary summary = run(AbortingExamples.class);

    // then the two that abort (in the test, in @BeforeEach) fail, saying why; the others are as they were
    assertThat(summary.getTestsAbortedCount()).isZero();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    assertThat(summary.getTestsFailedCount()).isEqualTo(3);
    assertThat(failureMessages(summary)).containsExactlyInAnyOrder(
        "aborted, and under CI=true no test may skip: Assumption failed: the tool is not installed",
        "aborted, and under CI=true no test may skip: Assumption failed: no database in @BeforeEach",
        "a plain failure");
  }

  @Test
  void outside_ci_an_abort_stays_an_abort() {
    TestAbortedException aborted = new TestAbortedException("Assumption failed: x");

    assertThat(AbortedTestsFailInCi.converted(aborted, false)).isSameAs(aborted);
  }

  @Test
  void under_ci_leaves_other_failures_as_they_are() {
    AssertionError failure = new AssertionError("x");

    assertThat(AbortedTestsFailInCi.converted(failure, true)).isSameAs(failure);
  }

  @Test
  void under_ci_keeps_the_abort_as_the_cause() {
    TestAbortedException aborted = new TestAbortedException("Assumption failed: x");

    assertThat(AbortedTestsFailInCi.converted(aborted, true))
        .isInstanceOf(AssertionFailedError.class)
        .hasCause(aborted);
  }

  /** Whether {@link #run} is running the examples: only then are they enabled. */
  private static volatile boolean runningExamples;

  static boolean runningExamples() {
    return runningExamples;
  }

  private static synchronized TestExecutionSummary run(Class<?> examples) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(examples))
        .filters(EngineFilter.includeEngines("junit-jupiter"))
        .configurationParameter(AbortedTestsFailInCi.CI_PARAMETER, "true")
        .build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    runningExamples = true;
    try {
      launcher.execute(request, listener);
    } finally {
      runningExamples = false;
    }
    return listener.getSummary();
  }

  private static List<String> failureMessages(TestExecutionSummary summary) {
    return summary.getFailures().stream()
        .map(failure -> failure.getException().getMessage())
        .collect(Collectors.toList());
  }

  /**
   * Tests that abort, fail and pass, for {@link #run} only: Surefire leaves out nested classes,
   * and when a -Dtest pattern picks them anyway they are disabled.
   */
  @EnabledIf("io.connlens.agent.AbortedTestsFailInCiTest#runningExamples")
  static final class AbortingExamples {

    @Test
    void aborts() {
      assumeTrue(false, "the tool is not installed");
    }

    @Test
    void fails() {
      throw new AssertionError("a plain failure");
    }

    @Test
    void passes() {
      assertThat(1 + 1).isEqualTo(2);
    }

    @Nested
    class WithADatabase {
      @BeforeEach
      void connect() {
        assumeTrue(false, "no database in @BeforeEach");
      }

      @Test
      void queries() {
        assertThat(true).isTrue();
      }
    }
  }
}
