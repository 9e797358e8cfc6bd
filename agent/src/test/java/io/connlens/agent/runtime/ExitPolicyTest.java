package io.connlens.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.detection.FailVerdict;
import io.connlens.agent.detection.FindingStore;
import io.connlens.agent.detection.Occurrence;
import io.connlens.agent.registry.CallSite;
import io.connlens.api.FindingType;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ExitPolicyTest {
  private final FindingStore store = new FindingStore(() -> 0L);
  private final ExitPolicy policy = new ExitPolicy(86);

  private FailVerdict leakVerdict() {
    return FailVerdict.of(store, EnumSet.of(FindingType.LEAK_UNCLOSED, FindingType.OPEN_AT_EXIT));
  }

  private void leak() {
    store.record(new Occurrence(FindingType.LEAK_UNCLOSED, "never closed", CallSite.UNKNOWN, "main", "orders",
        null, -1, null));
  }

  @Test
  void aFailedRunWhoseApplicationAskedForNothingEndsWithTheFailStatus() {
    leak();
    assertThat(policy.statusToForce(leakVerdict())).isEqualTo(86);
  }

  @Test
  void aFailedRunWhoseApplicationAskedForZeroEndsWithTheFailStatus() {
    leak();
    policy.exitRequested(0);
    assertThat(policy.statusToForce(leakVerdict())).isEqualTo(86);
  }

  @Test
  void withFailExitOffAFailedRunKeepsTheApplicationsStatus() {
    // given fail.exit=false (the Maven plugin's setting: its check goal fails the build instead)
    ExitPolicy leaveAlone = new ExitPolicy(null);
    leak();
    FailVerdict verdict = leakVerdict();
    // then the run still fails, and no status is forced
    assertThat(verdict.failed()).isTrue();
    assertThat(leaveAlone.statusToForce(verdict)).isNull();
  }

  @Test
  void theApplicationsOwnFailureStatusIsKept() {
    leak();
    policy.exitRequested(3);
    assertThat(policy.statusToForce(leakVerdict())).isNull();
  }

  @Test
  void aRunThatDidNotFailKeepsItsStatus() {
    store.record(new Occurrence(FindingType.N_PLUS_ONE, "one query per row", CallSite.UNKNOWN, "main", "orders",
        null, -1, null));
    FailVerdict verdict = leakVerdict();
    assertThat(verdict.failed()).isFalse();
    assertThat(verdict.failingTypes()).isEmpty();
    assertThat(policy.statusToForce(verdict)).isNull();
  }

  @Test
  void theVerdictNamesOnlyTheTypesThatFailIt() {
    leak();
    FailVerdict verdict = leakVerdict();
    assertThat(verdict.failed()).isTrue();
    assertThat(verdict.failingTypes()).containsExactly(FindingType.LEAK_UNCLOSED);
    assertThat(verdict.failOn()).containsExactly(FindingType.LEAK_UNCLOSED, FindingType.OPEN_AT_EXIT);
  }

  @Test
  void enforcingNoStatusDoesNothing() {
    // halt would end this test JVM: null must return
    policy.enforce(null);
    assertThat(policy.statusToForce(leakVerdict())).isNull();
  }
}
