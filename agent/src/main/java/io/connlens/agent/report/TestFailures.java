package io.connlens.agent.report;

import io.connlens.agent.detection.BoundedText;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The tests a test harness in this JVM (the JUnit extension) failed because of connlens, as it told
 * the agent ({@code ConnlensMXBean.recordTestFailure}): what the report's {@code tests} lists, so that
 * whoever reads the report (the Maven plugin's check, the HTML report) can say which test caused
 * what. Bounded: past {@value #MAX} entries the rest are only counted.
 */
public final class TestFailures {
  /** The most test failures kept. */
  static final int MAX = 1_000;
  /** The most characters of a test's name kept. */
  static final int MAX_TEST = 512;

  /** One test failed for one reason. */
  public static final class TestFailure {
    /** The test: {@code com.example.OrderTest.leaks()}, or a class for what its class-level methods did. */
    public final String test;
    /** {@code OPEN_AT_TEST_END} for a connection the test left open, else the finding type. */
    public final String type;
    /** The first frame of the acquire or finding site, or {@code null} when not captured. */
    public final String site;
    /** The normalized SQL (last SQL of an open connection, or the finding's), or {@code null}. */
    public final String sql;

    TestFailure(String test, String type, String site, String sql) {
      this.test = test;
      this.type = type;
      this.site = site;
      this.sql = sql;
    }
  }

  private final List<TestFailure> failures = new ArrayList<>();
  private final LongAdder dropped = new LongAdder();

  /** Records one failure; texts are cut as findings' are. */
  public void record(String test, String type, String site, String sql) {
    if (test == null || type == null) {
      return;
    }
    TestFailure failure = new TestFailure(BoundedText.cut(test, MAX_TEST), BoundedText.cut(type, BoundedText.MAX_NAME),
        BoundedText.cut(site, MAX_TEST), BoundedText.cut(sql, BoundedText.MAX_URL));
    synchronized (failures) {
      if (failures.size() < MAX) {
        failures.add(failure);
        return;
      }
    }
    dropped.increment();
  }

  /** The failures recorded, in order. */
  public List<TestFailure> list() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  /** Failures not kept: {@value #MAX} were already. */
  public long dropped() {
    return dropped.sum();
  }
}
