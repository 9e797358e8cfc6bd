package io.connlens.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.connlens.api.FindingType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypeTest {

  @Nested
  class Bool {
    private final ValueType<Boolean> type = ValueType.bool();

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "yes", "on", " On "})
    void reads_true(String text) {
      assertThat(type.parse(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "False", "no", "off"})
    void reads_false(String text) {
      assertThat(type.parse(text)).isFalse();
    }

    @Test
    void refuses_other_words_saying_what_is_accepted() {
      assertThatThrownBy(() -> type.parse("maybe"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("is not a boolean; use true or false (yes/no and on/off work too)");
    }
  }

  @Nested
  class WholeNumber {
    private final ValueType<Integer> type = ValueType.integer(1, 255);

    @ParameterizedTest
    @CsvSource({"1, 1", "86, 86", "255, 255", "' 7 ', 7", "+5, 5"})
    void reads_numbers_in_range(String text, int expected) {
      assertThat(type.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "256", "-1", "99999999999999999999"})
    void refuses_numbers_out_of_range_naming_the_range(String text) {
      assertThatThrownBy(() -> type.parse(text))
          .hasMessage("is out of range; use a whole number from 1 to 255");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12abc", "1.5", "-", "x"})
    void refuses_what_is_not_a_whole_number(String text) {
      assertThatThrownBy(() -> type.parse(text))
          .hasMessage("is not a whole number; use a whole number from 1 to 255");
    }
  }

  @Nested
  class Durations {
    private final ValueType<Duration> type = ValueType.positiveDuration();

    @ParameterizedTest
    @CsvSource({
      "500ms, PT0.5S",
      "30s, PT30S",
      "5m, PT5M",
      "1h, PT1H",
      "1.5s, PT1.5S",
      "0.25ms, PT0.00025S",
      "' 30 s ', PT30S",
      "2H, PT2H"
    })
    void reads_a_number_with_a_unit(String text, Duration expected) {
      assertThat(type.parse(text)).isEqualTo(expected);
    }

    @Test
    void refuses_a_bare_number_asking_for_a_unit() {
      assertThatThrownBy(() -> type.parse("30"))
          .hasMessage("has no unit; add a unit, for example 30s or 30ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "30sec", "s", "1.s5", "1e3s"})
    void refuses_other_text_listing_the_units(String text) {
      assertThatThrownBy(() -> type.parse(text))
          .hasMessage("is not a duration; use a number with a unit: 500ms, 30s, 5m or 1h");
    }

    @Test
    void refuses_zero_when_the_key_needs_more() {
      assertThatThrownBy(() -> type.parse("0s")).hasMessageStartingWith("is zero; use a duration");
    }

    @Test
    void accepts_zero_when_the_key_allows_it() {
      assertThat(ValueType.duration().parse("0ms")).isEqualTo(Duration.ZERO);
    }

    @Test
    void refuses_a_negative_duration() {
      assertThatThrownBy(() -> type.parse("-5s")).hasMessageStartingWith("is negative;");
    }

    @Test
    void refuses_a_duration_beyond_what_a_long_of_nanoseconds_holds() {
      assertThatThrownBy(() -> type.parse("9999999999h"))
          .hasMessage("is too long; use at most 2562047h");
    }

    @ParameterizedTest
    @CsvSource({"PT30S, 30s", "PT1.5S, 1500ms", "PT2H, 2h", "PT90M, 90m", "PT0.0005S, 0.5ms"})
    void prints_with_the_largest_whole_unit(Duration value, String expected) {
      assertThat(type.format(value)).isEqualTo(expected);
    }
  }

  @Nested
  class Paths_ {

    @Test
    void reads_a_relative_path_as_given() {
      assertThat(ValueType.path().parse("target/r.json")).isEqualTo(Paths.get("target/r.json"));
    }

    @Test
    void refuses_an_empty_path() {
      assertThatThrownBy(() -> ValueType.path().parse("  "))
          .hasMessage("is empty; use a file path such as target/connlens.json");
    }

    @Test
    void refuses_a_path_the_file_system_cannot_hold() {
      assertThatThrownBy(() -> ValueType.path().parse("a\u0000b"))
          .hasMessageStartingWith("is not a valid path");
    }
  }

  @Nested
  class WritableFile {
    private final ValueType<Path> type = ValueType.writableFile();

    @Test
    void accepts_a_file_in_missing_directories_under_a_writable_one(@TempDir Path dir) {
      Path report = dir.resolve("a/b/report.json");

      assertThat(type.parse(report.toString())).isEqualTo(report);
    }

    @Test
    void refuses_a_directory_suggesting_a_file_in_it(@TempDir Path dir) {
      assertThatThrownBy(() -> type.parse(dir.toString()))
          .hasMessage("is a directory; name a file in it, such as " + dir.resolve("connlens.json"));
    }

    @Test
    void refuses_a_path_below_a_regular_file(@TempDir Path dir) throws IOException {
      Path file = Files.createFile(dir.resolve("plain"));

      assertThatThrownBy(() -> type.parse(file.resolve("r.json").toString()))
          .hasMessage("cannot be written: " + file + " is a file, not a directory");
    }

    @Test
    void refuses_a_file_in_a_directory_it_may_not_write(@TempDir Path dir) throws IOException {
      // given a directory the process may not write (told by the check: CI runs tests as root,
      // who may write every directory)
      Path readOnly = Files.createDirectory(dir.resolve("ro"));
      ValueType<Path> checked = new ValueType.ForWritableFile(path -> !path.equals(readOnly));

      assertThatThrownBy(() -> checked.parse(readOnly.resolve("r.json").toString()))
          .hasMessage("cannot be written: the directory " + readOnly + " is not writable");
    }

    @Test
    void refuses_a_file_in_missing_directories_under_one_it_may_not_write(@TempDir Path dir)
        throws IOException {
      Path readOnly = Files.createDirectory(dir.resolve("ro"));
      ValueType<Path> checked = new ValueType.ForWritableFile(path -> !path.equals(readOnly));

      assertThatThrownBy(() -> checked.parse(readOnly.resolve("a/b/r.json").toString()))
          .hasMessage("cannot be written: the directory " + readOnly + " is not writable");
    }

    @Test
    void refuses_an_existing_file_it_may_not_write(@TempDir Path dir) throws IOException {
      Path report = Files.createFile(dir.resolve("r.json"));
      ValueType<Path> checked = new ValueType.ForWritableFile(path -> !path.equals(report));

      assertThatThrownBy(() -> checked.parse(report.toString()))
          .hasMessage("cannot be written: the file is not writable");
    }

    @Test
    void accepts_an_existing_file_it_may_write(@TempDir Path dir) throws IOException {
      Path report = Files.createFile(dir.resolve("r.json"));

      assertThat(type.parse(report.toString())).isEqualTo(report);
    }
  }

  @Nested
  class Choice {
    private final ValueType<String> type = ValueType.choice("all", "sampled", "off");

    @Test
    void reads_a_word_in_any_case_as_lower_case() {
      assertThat(type.parse(" Sampled ")).isEqualTo("sampled");
    }

    @Test
    void refuses_other_words_listing_the_choices() {
      assertThatThrownBy(() -> type.parse("some"))
          .hasMessage("is not a choice; use all, sampled or off");
    }

    @Test
    void refuses_to_be_declared_with_an_upper_case_word() {
      assertThatThrownBy(() -> ValueType.choice("all", "Off"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class FindingTypes {
    private final ValueType<Set<FindingType>> type = ValueType.findingTypes();

    @Test
    void reads_leak_as_the_leak_types() {
      assertThat(type.parse("leak"))
          .containsExactlyInAnyOrder(
              FindingType.LEAK_SUSPECTED, FindingType.LEAK_UNCLOSED, FindingType.OPEN_AT_EXIT);
    }

    @Test
    void reads_any_as_every_type() {
      assertThat(type.parse("ANY")).isEqualTo(EnumSet.allOf(FindingType.class));
    }

    @Test
    void reads_none_as_no_type() {
      assertThat(type.parse("none")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"leak,N_PLUS_ONE", "leak+n_plus_one", " Leak , n_plus_one ,"})
    void reads_types_separated_by_commas_or_plus_in_any_case(String text) {
      assertThat(type.parse(text))
          .containsExactlyInAnyOrder(
              FindingType.LEAK_SUSPECTED,
              FindingType.LEAK_UNCLOSED,
              FindingType.OPEN_AT_EXIT,
              FindingType.N_PLUS_ONE);
    }

    @Test
    void refuses_an_unknown_name_quoting_it_and_listing_the_names() {
      assertThatThrownBy(() -> type.parse("leak,leek"))
          .hasMessageStartingWith("has an unknown finding type, \"leek\"; use leak, any, none,")
          .hasMessageContaining("POOL_SATURATION");
    }

    @Test
    void refuses_none_with_other_types() {
      assertThatThrownBy(() -> type.parse("none+leak"))
          .hasMessage("combines none with finding types; use none alone, or leave it out");
    }

    @Test
    void refuses_an_empty_list() {
      assertThatThrownBy(() -> type.parse(" , ")).hasMessageStartingWith("is empty; use leak,");
    }

    @Test
    void prints_leak_for_the_leak_types_and_names_the_rest() {
      Set<FindingType> types = EnumSet.copyOf(FindingType.leaks());
      types.add(FindingType.N_PLUS_ONE);

      assertThat(type.format(types)).isEqualTo("leak,N_PLUS_ONE");
    }

    @Test
    void prints_none_for_the_empty_set() {
      assertThat(type.format(EnumSet.noneOf(FindingType.class))).isEqualTo("none");
    }
  }
}
