package io.connlens.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The peak of open leases, for any sequence of opens and ends. */
class LeasePeakPropertyTest {

  /**
   * Never below the open count, never above the opens, and exactly the most open at any point of the
   * sequence: what a model that counts one step at a time says.
   */
  @Property
  void thePeakIsTheHighestOpenCountEverReached(@ForAll("steps") List<Boolean> opens) {
    LeasePeak peak = new LeasePeak();
    long open = 0;
    long highest = 0;
    long opened = 0;
    for (boolean isOpen : opens) {
      if (isOpen) {
        peak.opened();
        open++;
        opened++;
      } else if (open > 0) { // an end follows its open
        peak.ended();
        open--;
      }
      highest = Math.max(highest, open);
      assertThat(peak.peak()).isGreaterThanOrEqualTo(peak.open()).isLessThanOrEqualTo(opened);
    }
    assertThat(peak.open()).isEqualTo(open);
    assertThat(peak.peak()).isEqualTo(highest);
  }

  @Provide
  Arbitrary<List<Boolean>> steps() {
    return Arbitraries.of(true, false).list().ofMaxSize(200);
  }
}
