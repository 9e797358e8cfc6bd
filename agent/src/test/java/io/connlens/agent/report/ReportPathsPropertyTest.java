package io.connlens.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@code report} paths with {@code %p} and {@code %t}: one report per JVM. */
class ReportPathsPropertyTest {
  private static final long PID = 4242;
  private static final Instant START = Instant.parse("2026-12-03T14:05:09Z");

  private static Path expand(String path) {
    return ReportPaths.expand(Path.of(path), PID, START, ZoneOffset.UTC);
  }

  @Example
  void pid_and_start_time_are_written_where_the_path_names_them() {
    assertThat(expand("target/connlens/report-%p-%t.json"))
        .isEqualTo(Path.of("target/connlens/report-4242-2026-12-03_14-05-09.json"));
  }

  @Example
  void a_directory_may_be_named_for_the_process_too() {
    assertThat(expand("target/%p/connlens.json")).isEqualTo(Path.of("target/4242/connlens.json"));
  }

  @Example
  void a_doubled_percent_is_one_percent_and_other_percents_stay() {
    assertThat(expand("a%%p-%d-%-50%.json")).isEqualTo(Path.of("a%p-%d-%-50%.json"));
  }

  @Example
  void a_path_without_placeholders_is_the_same_path() {
    Path path = Path.of("target/connlens.json");
    assertThat(ReportPaths.expand(path, PID, START, ZoneOffset.UTC)).isSameAs(path);
  }

  @Provide
  Arbitrary<List<String>> pieces() {
    // literal text (no '%', no '/', never empty) and the three placeholders, in any order
    Arbitrary<String> literal = Arbitraries.strings().withCharRange('a', 'z').withChars('-', '_', '.', ' ')
        .ofMinLength(1).ofMaxLength(6);
    return Arbitraries.oneOf(literal, Arbitraries.of("%p", "%t", "%%")).list().ofMinSize(1).ofMaxSize(8);
  }

  @Property(tries = 500)
  void every_placeholder_is_replaced_and_the_rest_is_kept(@ForAll("pieces") List<String> pieces) {
    // given a file name made of literal text and placeholders
    StringBuilder name = new StringBuilder("f");
    StringBuilder expected = new StringBuilder("f");
    for (String piece : pieces) {
      name.append(piece);
      expected.append(piece.equals("%p") ? "4242" : piece.equals("%t") ? "2026-12-03_14-05-09"
          : piece.equals("%%") ? "%" : piece);
    }
    // when / then: each placeholder is read once, left to right, and nothing else changes
    assertThat(expand("dir/" + name)).isEqualTo(Path.of("dir/" + expected));
  }
}
