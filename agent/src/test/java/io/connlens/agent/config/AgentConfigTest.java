package io.connlens.agent.config;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import io.connlens.api.FindingType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {

  private static final Map<String, String> NONE = Collections.emptyMap();

  private static AgentConfig fromArguments(String agentArgs) {
    return AgentConfig.load(agentArgs, NONE, NONE);
  }

  @Nested
  class Defaults {

    @Test
    void apply_when_nothing_is_given() {
      AgentConfig config = AgentConfig.load(null, null, null);

      assertThat(config.get(ConfigKeys.LEAK_THRESHOLD)).isEqualTo(Duration.ofSeconds(30));
      assertThat(config.get(ConfigKeys.REPORT)).isNull();
      assertThat(config.problems()).isEmpty();
    }

    @Test
    void report_their_source_as_default() {
      AgentConfig config = fromArguments("");

      assertThat(config.isSet(ConfigKeys.ENABLED)).isFalse();
      assertThat(config.sourceOf(ConfigKeys.ENABLED)).isEqualTo("default");
    }

    @Test
    void capture_sampled_sites_when_nothing_fails_the_run() {
      assertThat(fromArguments(null).get(ConfigKeys.SITE_CAPTURE)).isEqualTo("sampled");
    }

    @Test
    void capture_every_site_when_fail_on_is_set() {
      assertThat(fromArguments("fail.on=leak").get(ConfigKeys.SITE_CAPTURE))
          .isEqualTo("all");
    }

    @Test
    void give_way_to_a_site_capture_that_is_set() {
      assertThat(fromArguments("fail.on=leak,site.capture=off").get(ConfigKeys.SITE_CAPTURE))
          .isEqualTo("off");
    }
  }

  @Nested
  class AgentArguments {

    @Test
    void set_keys_from_key_value_pairs() {
      AgentConfig config = fromArguments("leak.threshold=10s,console=false");

      assertThat(config.get(ConfigKeys.LEAK_THRESHOLD)).isEqualTo(Duration.ofSeconds(10));
      assertThat(config.get(ConfigKeys.CONSOLE)).isFalse();
      assertThat(config.sourceOf(ConfigKeys.CONSOLE)).isEqualTo("agent arguments");
    }

    @Test
    void continue_the_previous_value_with_a_part_without_equals() {
      AgentConfig config = fromArguments("fail.on=leak,N_PLUS_ONE,report=/tmp/r.json");

      assertThat(config.get(ConfigKeys.FAIL_ON))
          .containsExactlyInAnyOrder(
              FindingType.LEAK_SUSPECTED,
              FindingType.LEAK_UNCLOSED,
              FindingType.OPEN_AT_EXIT,
              FindingType.N_PLUS_ONE);
      assertThat(config.get(ConfigKeys.REPORT)).isEqualTo(Paths.get("/tmp/r.json"));
      assertThat(config.problems()).isEmpty();
    }

    @Test
    void keep_commas_inside_a_path() {
      assertThat(fromArguments("report=/tmp/a,b.json").get(ConfigKeys.REPORT))
          .isEqualTo(Paths.get("/tmp/a,b.json"));
    }

    @Test
    void ignore_empty_parts_and_spaces_around_keys_and_values() {
      AgentConfig config = fromArguments(" , site.depth = 8 ,, console.limit=5 ,");

      assertThat(config.get(ConfigKeys.SITE_DEPTH)).isEqualTo(8);
      assertThat(config.get(ConfigKeys.CONSOLE_LIMIT)).isEqualTo(5);
      assertThat(config.problems()).isEmpty();
    }

    @Test
    void use_the_last_of_a_repeated_key_and_say_so() {
      AgentConfig config = fromArguments("site.depth=8,site.depth=9");

      assertThat(config.get(ConfigKeys.SITE_DEPTH)).isEqualTo(9);
      assertThat(config.problems())
          .containsExactly(
              "site.depth: given more than once (agent arguments); using the last value, \"9\".");
    }

    @Test
    void report_a_key_without_a_value_as_empty() {
      AgentConfig config = fromArguments("report");

      assertThat(config.problems())
          .containsExactly(
              "report: \"\" (agent arguments) is empty; use a file path such as"
                  + " target/connlens.json. Using the default, none (no report).");
    }

    @Test
    void report_a_part_that_starts_with_equals() {
      assertThat(fromArguments("=10s").problems())
          .containsExactly(
              "(no key): \"=10s\" (agent arguments) has nothing before \"=\"; write key=value,"
                  + " for example leak.threshold=10s. Ignored.");
    }
  }

  @Nested
  class Precedence {

    @Test
    void prefers_agent_arguments_to_system_properties() {
      AgentConfig config =
          AgentConfig.load(
              "site.depth=8", Map.of("connlens.site.depth", "9"), Map.of("CONNLENS_SITE_DEPTH", "10"));

      assertThat(config.get(ConfigKeys.SITE_DEPTH)).isEqualTo(8);
    }

    @Test
    void prefers_system_properties_to_the_environment() {
      AgentConfig config =
          AgentConfig.load(
              null, Map.of("connlens.site.depth", "9"), Map.of("CONNLENS_SITE_DEPTH", "10"));

      assertThat(config.get(ConfigKeys.SITE_DEPTH)).isEqualTo(9);
      assertThat(config.sourceOf(ConfigKeys.SITE_DEPTH))
          .isEqualTo("system property connlens.site.depth");
    }

    @Test
    void reads_the_environment_last() {
      AgentConfig config = AgentConfig.load(null, NONE, Map.of("CONNLENS_SITE_DEPTH", "10"));

      assertThat(config.get(ConfigKeys.SITE_DEPTH)).isEqualTo(10);
      assertThat(config.sourceOf(ConfigKeys.SITE_DEPTH)).isEqualTo("environment CONNLENS_SITE_DEPTH");
    }

    @Test
    void treats_an_empty_environment_variable_as_not_set() {
      AgentConfig config = AgentConfig.load(null, NONE, Map.of("CONNLENS_REPORT", ""));

      assertThat(config.isSet(ConfigKeys.REPORT)).isFalse();
      assertThat(config.problems()).isEmpty();
    }

    @Test
    void says_nothing_of_a_good_value_that_an_earlier_source_overrides() {
      AgentConfig config =
          AgentConfig.load(
              "site.depth=8", Map.of("connlens.site.depth", "9"), Map.of("CONNLENS_SITE_DEPTH", "10"));

      assertThat(config.problems()).isEmpty();
    }

    @Test
    void reports_a_bad_system_property_that_an_agent_argument_overrides() {
      // given a good agent argument and a bad system property for the same key
      AgentConfig config =
          AgentConfig.load("leak.threshold=10s", Map.of("connlens.leak.threshold", "abc"), NONE);

      // then the agent argument is used, and the bad property is one problem saying so
      assertThat(config.get(ConfigKeys.LEAK_THRESHOLD)).isEqualTo(Duration.ofSeconds(10));
      assertThat(config.sourceOf(ConfigKeys.LEAK_THRESHOLD)).isEqualTo("agent arguments");
      assertThat(config.problems())
          .containsExactly(
              "leak.threshold: \"abc\" (system property connlens.leak.threshold) is not a duration;"
                  + " use a number with a unit: 500ms, 30s, 5m or 1h. Not used: agent arguments set"
                  + " leak.threshold.");
    }

    @Test
    void reports_a_bad_environment_variable_that_a_system_property_overrides() {
      AgentConfig config =
          AgentConfig.load(
              null, Map.of("connlens.fail.exit.status", "3"), Map.of("CONNLENS_FAIL_EXIT_STATUS", "300"));

      assertThat(config.get(ConfigKeys.FAIL_EXIT_STATUS)).isEqualTo(3);
      assertThat(config.problems())
          .containsExactly(
              "fail.exit.status: \"300\" (environment CONNLENS_FAIL_EXIT_STATUS) is out of range;"
                  + " use a whole number from 1 to 255. Not used: system property"
                  + " connlens.fail.exit.status set fail.exit.status.");
    }

    @Test
    void reports_a_bad_environment_variable_that_an_agent_argument_overrides_past_a_good_property() {
      AgentConfig config =
          AgentConfig.load(
              "console=false", Map.of("connlens.console", "true"), Map.of("CONNLENS_CONSOLE", "maybe"));

      assertThat(config.get(ConfigKeys.CONSOLE)).isFalse();
      assertThat(config.problems())
          .containsExactly(
              "console: \"maybe\" (environment CONNLENS_CONSOLE) is not a boolean; use true or false"
                  + " (yes/no and on/off work too). Not used: agent arguments set console.");
    }

    @Test
    void reports_each_bad_value_of_a_key_once_winner_first() {
      // given a bad value for one key in every source
      AgentConfig config =
          AgentConfig.load(
              "site.depth=deep", Map.of("connlens.site.depth", "0"), Map.of("CONNLENS_SITE_DEPTH", "x"));

      // then three problems: the winner's uses the default, the others name the winner
      assertThat(config.get(ConfigKeys.SITE_DEPTH)).isEqualTo(16);
      assertThat(config.problems())
          .containsExactly(
              "site.depth: \"deep\" (agent arguments) is not a whole number; use a whole number from"
                  + " 1 to 256. Using the default, 16.",
              "site.depth: \"0\" (system property connlens.site.depth) is out of range; use a whole"
                  + " number from 1 to 256. Not used: agent arguments set site.depth.",
              "site.depth: \"x\" (environment CONNLENS_SITE_DEPTH) is not a whole number; use a whole"
                  + " number from 1 to 256. Not used: agent arguments set site.depth.");
    }

    @Test
    void ignores_an_empty_environment_variable_that_an_earlier_source_overrides() {
      AgentConfig config = AgentConfig.load("report=target/r.json", NONE, Map.of("CONNLENS_REPORT", " "));

      assertThat(config.problems()).isEmpty();
    }

    @Test
    void uses_the_default_not_a_later_source_when_the_winning_value_is_bad() {
      // given a bad agent argument and a good environment variable for the same key
      AgentConfig config =
          AgentConfig.load("site.depth=deep", NONE, Map.of("CONNLENS_SITE_DEPTH", "10"));

      // then the message's promise holds: the default is used
      assertThat(config.get(ConfigKeys.SITE_DEPTH)).isEqualTo(16);
      assertThat(config.isSet(ConfigKeys.SITE_DEPTH)).isFalse();
      assertThat(config.sourceOf(ConfigKeys.SITE_DEPTH)).isEqualTo("default");
      assertThat(config.problems()).singleElement(as(STRING)).startsWith("site.depth: \"deep\" (agent arguments)");
    }
  }

  @Nested
  class UnknownKeys {

    @Test
    void in_agent_arguments_name_the_key_and_a_close_match() {
      assertThat(fromArguments("lek.threshold=5s").problems())
          .containsExactly(
              "lek.threshold: unknown key (agent arguments); did you mean leak.threshold? Ignored.");
    }

    @Test
    void written_with_underscores_suggest_the_dotted_key() {
      assertThat(fromArguments("leak_threshold=5s").problems().get(0))
          .contains("did you mean leak.threshold?");
    }

    @Test
    void given_as_the_last_word_suggest_the_full_key() {
      assertThat(fromArguments("interval=5").problems().get(0))
          .contains("did you mean site.sample.interval?");
    }

    @Test
    void far_from_every_key_list_all_keys() {
      assertThat(fromArguments("jdbc.url=x").problems())
          .containsExactly(
              "jdbc.url: unknown key (agent arguments). Known keys: enabled, report,"
                  + " leak.threshold, fail.on, fail.exit.status, fail.exit, tag.application_name, site.capture,"
                  + " site.sample.interval, site.depth, app.packages, app.packages.exclude, statements,"
                  + " instrumentation.jdbc.enabled, instrumentation.hikaricp.enabled, instrumentation.dbcp2.enabled, instrumentation.tomcat-dbcp.enabled,"
                  + " instrumentation.tomcat-jdbc.enabled, instrumentation.c3p0.enabled, instrumentation.agroal.enabled, instrumentation.vibur.enabled, instrumentation.hibernate.enabled, instrumentation.exit.enabled,"
                  + " nplusone.threshold,"
                  + " transaction.idle.threshold, pool.saturation.percent, pool.saturation.duration,"
                  + " unpooled.threshold, unpooled.window, console, console.limit, log.output, jfr.enabled, otel.enabled, otel.spans, otel.logs, otel.span-events, otel.metrics, debug. Ignored.");
    }

    @Test
    void in_system_properties_name_the_property() {
      AgentConfig config = AgentConfig.load(null, Map.of("connlens.sitedepth", "3"), NONE);

      assertThat(config.problems())
          .containsExactly(
              "sitedepth: unknown key (system property connlens.sitedepth); did you mean"
                  + " site.depth? Ignored.");
    }

    @Test
    void in_other_system_properties_are_not_ours_to_check() {
      AgentConfig config = AgentConfig.load(null, Map.of("connlensx", "1", "user.dir", "/"), NONE);

      assertThat(config.problems()).isEmpty();
    }

    @Test
    void in_the_environment_are_ignored() {
      AgentConfig config = AgentConfig.load(null, NONE, Map.of("CONNLENS_LEAK_TRESHOLD", "5s"));

      assertThat(config.problems()).isEmpty();
    }
  }

  @Nested
  class BadValues {

    @Test
    void give_one_message_naming_key_source_value_what_is_accepted_and_the_default() {
      AgentConfig config = fromArguments("leak.threshold=abc");

      assertThat(config.problems())
          .containsExactly(
              "leak.threshold: \"abc\" (agent arguments) is not a duration; use a number with a"
                  + " unit: 500ms, 30s, 5m or 1h. Using the default, 30s.");
    }

    @Test
    void use_the_default_instead() {
      AgentConfig config = fromArguments("leak.threshold=abc");

      assertThat(config.get(ConfigKeys.LEAK_THRESHOLD)).isEqualTo(Duration.ofSeconds(30));
      assertThat(config.isSet(ConfigKeys.LEAK_THRESHOLD)).isFalse();
    }

    @Test
    void from_the_environment_name_the_variable() {
      AgentConfig config = AgentConfig.load(null, NONE, Map.of("CONNLENS_FAIL_EXIT_STATUS", "300"));

      assertThat(config.problems())
          .containsExactly(
              "fail.exit.status: \"300\" (environment CONNLENS_FAIL_EXIT_STATUS) is out of range;"
                  + " use a whole number from 1 to 255. Using the default, 86.");
    }

    @Test
    void of_a_key_with_a_computed_default_name_the_value_that_applies() {
      AgentConfig config = fromArguments("fail.on=leak,site.capture=some");

      assertThat(config.problems())
          .containsExactly(
              "site.capture: \"some\" (agent arguments) is not a choice; use all, sampled or"
                  + " off. Using the default, all.");
    }

    @Test
    void of_log_output_name_the_outputs_and_keep_the_default() {
      AgentConfig config = fromArguments("log.output=logback");

      assertThat(config.get(ConfigKeys.LOG_OUTPUT)).isEqualTo("auto");
      assertThat(config.problems())
          .containsExactly(
              "log.output: \"logback\" (agent arguments) is not a choice; use auto, app, stderr or"
                  + " both. Using the default, auto.");
    }

    @Test
    void of_report_naming_a_directory_leave_no_report(@TempDir Path dir) {
      AgentConfig config = fromArguments("report=" + dir);

      assertThat(config.get(ConfigKeys.REPORT)).isNull();
      assertThat(config.problems())
          .containsExactly(
              "report: \"" + dir + "\" (agent arguments) is a directory; name a file in it,"
                  + " such as " + dir.resolve("connlens.json")
                  + ". Using the default, none (no report).");
    }

    @Test
    void escape_what_the_reason_quotes_of_the_value(@TempDir Path dir) throws IOException {
      // given a report path below a file whose name holds a line break
      Path file = Files.createFile(dir.resolve("a\nb"));

      String problem = fromArguments("report=" + file.resolve("r.json")).problems().get(0);

      // then the reason names the file, escaped as the value is
      assertThat(problem).contains("cannot be written: " + dir + "/a\\u000ab is a file, not a directory.")
          .doesNotContain("\n");
    }

    @Test
    void are_shown_cut_short_and_with_control_characters_escaped() {
      String value = "8\u0001" + "x".repeat(200);

      String problem = fromArguments("site.depth=" + value).problems().get(0);

      assertThat(problem).startsWith("site.depth: \"8\\u0001xxx").contains("x...\" (agent arguments)");
      assertThat(problem).hasSizeLessThan(250);
    }

    @Test
    void are_shown_with_line_separators_and_bidirectional_controls_escaped() {
      // given a value made to end the console line and reverse what follows
      String problem = fromArguments("site.depth=8\u2028\u202e[connlens] x").problems().get(0);

      assertThat(problem).startsWith("site.depth: \"8\\u2028\\u202e[connlens] x\" (agent arguments)");
    }
  }

  @Nested
  class Effective {

    @Test
    void lists_every_key_in_order_as_a_user_would_write_it() {
      AgentConfig config = fromArguments("fail.on=leak+N_PLUS_ONE,report=target/r.json");

      assertThat(config.effective())
          .containsExactly(
              entry("enabled", "true"),
              entry("report", "target/r.json"),
              entry("leak.threshold", "30s"),
              entry("fail.on", "leak,N_PLUS_ONE"),
              entry("fail.exit.status", "86"),
              entry("fail.exit", "true"),
              entry("tag.application_name", "false"),
              entry("site.capture", "all"),
              entry("site.sample.interval", "64"),
              entry("site.depth", "16"),
              entry("app.packages", "none"),
              entry("app.packages.exclude", "none"),
              entry("statements", "true"),
              entry("instrumentation.jdbc.enabled", "true"),
              entry("instrumentation.hikaricp.enabled", "true"),
              entry("instrumentation.dbcp2.enabled", "true"),
              entry("instrumentation.tomcat-dbcp.enabled", "true"),
              entry("instrumentation.tomcat-jdbc.enabled", "true"),
              entry("instrumentation.c3p0.enabled", "true"),
              entry("instrumentation.agroal.enabled", "true"),
              entry("instrumentation.vibur.enabled", "true"),
              entry("instrumentation.hibernate.enabled", "true"),
              entry("instrumentation.exit.enabled", "true"),
              entry("nplusone.threshold", "5"),
              entry("transaction.idle.threshold", "10s"),
              entry("pool.saturation.percent", "80"),
              entry("pool.saturation.duration", "30s"),
              entry("unpooled.threshold", "10"),
              entry("unpooled.window", "10s"),
              entry("console", "true"),
              entry("console.limit", "20"),
              entry("log.output", "auto"),
              entry("jfr.enabled", "true"),
              entry("otel.enabled", "true"),
              entry("otel.spans", "true"),
              entry("otel.logs", "true"),
              entry("otel.span-events", "false"),
              entry("otel.metrics", "true"),
              entry("debug", "false"));
    }

    @Test
    void prints_a_key_that_is_not_set_as_none() {
      assertThat(fromArguments(null).effective()).contains(entry("report", "none"));
    }

    @Test
    void returns_the_set_of_finding_types_given() {
      assertThat(fromArguments("fail.on=any").get(ConfigKeys.FAIL_ON))
          .isEqualTo(EnumSet.allOf(FindingType.class));
    }

    @Test
    void unpooled_connections_fail_a_run_with_any_and_not_with_leak() {
      assertThat(fromArguments("fail.on=any").get(ConfigKeys.FAIL_ON)).contains(FindingType.UNPOOLED_CONNECTIONS);
      assertThat(fromArguments("fail.on=leak").get(ConfigKeys.FAIL_ON)).doesNotContain(FindingType.UNPOOLED_CONNECTIONS);
    }
  }
}
