package io.connlens.agent.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.registry.CallSite;
import io.connlens.api.FindingType;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingStoreTest {
  private final FindingStore store = new FindingStore(() -> 1_000L);

  private static Occurrence leakAt(int line) {
    return new Occurrence(FindingType.LEAK_SUSPECTED, "held", CallSite.of(List.of("app.Orders.export(Orders.java:" + line + ")")),
        "main", "pool", null, 31_000, null);
  }

  @Test
  void keepsAtMostItsBoundOfFindingsAndCountsTheOccurrencesItRefused() {
    // given a store filled to its bound with distinct findings
    for (int line = 0; line < FindingStore.MAX_FINDINGS; line++) {
      assertThat(store.record(leakAt(line))).isNotNull();
    }
    // when three more distinct occurrences and one more of a kept finding arrive
    assertThat(store.record(leakAt(-1))).isNull();
    assertThat(store.record(leakAt(-2))).isNull();
    assertThat(store.record(leakAt(-2))).isNull();
    Finding kept = store.record(leakAt(7));
    // then the refused ones are counted, by type, and still count as occurrences; a kept finding still grows
    assertThat(store.findings()).hasSize(FindingStore.MAX_FINDINGS);
    assertThat(kept.count()).isEqualTo(2);
    assertThat(store.dropped()).isEqualTo(3);
    assertThat(store.dropped(FindingType.LEAK_SUSPECTED)).isEqualTo(3);
    assertThat(store.occurrencesByType().get(FindingType.LEAK_SUSPECTED)).isEqualTo(FindingStore.MAX_FINDINGS + 1 + 3);
    assertThat(store.outstandingDropped(FindingType.LEAK_SUSPECTED)).isEqualTo(3);
    // and a dropped suspected leak that is returned after all is no longer outstanding
    store.resolvedDropped(FindingType.LEAK_SUSPECTED);
    assertThat(store.outstandingDropped(FindingType.LEAK_SUSPECTED)).isEqualTo(2);
  }

  @Test
  void applicationTextIsCutBeforeItBecomesPartOfAFinding() {
    // given an N+1 of a 10,000-character query on a thread with a 5,000-character name
    String sql = "SELECT " + "c, ".repeat(3000) + "d FROM t WHERE id = ?";
    String thread = "t".repeat(5000);
    Occurrence occurrence = new Occurrence(FindingType.N_PLUS_ONE, "repeated", CallSite.UNKNOWN, thread, null, null, -1,
        null).withQuery(sql, 12, sql, "hint");
    // when
    Finding finding = store.record(occurrence);
    // then what the finding keeps is bounded, and says it was cut
    assertThat(finding.sql()).hasSize(BoundedText.MAX_SQL).startsWith("SELECT c, c, ").endsWith(BoundedText.MARKER);
    assertThat(finding.sourceSql()).hasSize(BoundedText.MAX_SQL);
    assertThat(finding.thread()).hasSize(BoundedText.MAX_NAME).endsWith(BoundedText.MARKER);
  }
}
