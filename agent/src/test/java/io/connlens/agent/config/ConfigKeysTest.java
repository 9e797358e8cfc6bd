package io.connlens.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.connlens.api.FindingType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigKeysTest {

  @Test
  void declares_the_documented_keys_in_order() {
    List<String> names = new ArrayList<>();
    for (ConfigKey<?> key : ConfigKeys.all()) {
      names.add(key.name());
    }

    assertThat(names)
        .containsExactly(
            "enabled",
            "report",
            "leak.threshold",
            "fail.on",
            "fail.exit.status",
            "fail.exit",
            "tag.application_name",
            "site.capture",
            "site.sample.interval",
            "site.depth",
            "app.packages",
            "app.packages.exclude",
            "statements",
            "instrumentation.jdbc.enabled",
            "instrumentation.hikaricp.enabled",
            "instrumentation.dbcp2.enabled",
            "instrumentation.tomcat-dbcp.enabled",
            "instrumentation.tomcat-jdbc.enabled",
            "instrumentation.c3p0.enabled",
            "instrumentation.agroal.enabled",
            "instrumentation.vibur.enabled",
            "instrumentation.hibernate.enabled",
            "instrumentation.exit.enabled",
            "nplusone.threshold",
            "transaction.idle.threshold",
            "pool.saturation.percent",
            "pool.saturation.duration",
            "unpooled.threshold",
            "unpooled.window",
            "console",
            "console.limit",
            "log.output",
            "jfr.enabled",
            "otel.enabled",
            "otel.spans",
            "otel.logs",
            "otel.span-events",
            "otel.metrics",
            "debug");
  }

  @Test
  void has_the_documented_defaults() {
    assertThat(ConfigKeys.ENABLED.defaultValue()).isTrue();
    assertThat(ConfigKeys.REPORT.defaultValue()).isNull();
    assertThat(ConfigKeys.LEAK_THRESHOLD.defaultValue()).isEqualTo(Duration.ofSeconds(30));
    assertThat(ConfigKeys.FAIL_ON.defaultValue()).isEmpty();
    assertThat(ConfigKeys.FAIL_EXIT_STATUS.defaultValue()).isEqualTo(86);
    assertThat(ConfigKeys.SITE_CAPTURE.isDefaultComputed()).isTrue();
    assertThat(ConfigKeys.SITE_SAMPLE_INTERVAL.defaultValue()).isEqualTo(64);
    assertThat(ConfigKeys.SITE_DEPTH.defaultValue()).isEqualTo(16);
    assertThat(ConfigKeys.CONSOLE.defaultValue()).isTrue();
    assertThat(ConfigKeys.CONSOLE_LIMIT.defaultValue()).isEqualTo(20);
    assertThat(ConfigKeys.LOG_OUTPUT.defaultValue()).isEqualTo("auto");
    assertThat(ConfigKeys.DEBUG.defaultValue()).isFalse();
  }

  @Test
  void everyFindingTypeIsReportedSoFailOnAndTheDocsMarkNoneAsReserved() {
    assertThat(FindingType.notReported()).isEmpty();
    assertThat(ConfigKeys.FAIL_ON.description()).doesNotContain("nothing reports them yet");
    assertThat(ConfigDocs.markdown())
        .contains("| `POOL_SATURATION` | warning |  | the pool ran near its maximum size |")
        .doesNotContain("(not reported yet)")
        .contains("| `N_PLUS_ONE` | warning |  | the same query executed again and again from one call site |");
  }

  @Test
  void saturationIsJudgedAtEightyPercentForThirtySeconds() {
    assertThat(ConfigKeys.POOL_SATURATION_PERCENT.defaultValue()).isEqualTo(80);
    assertThat(ConfigKeys.POOL_SATURATION_DURATION.defaultValue()).isEqualTo(java.time.Duration.ofSeconds(30));
  }

  @Test
  void describes_the_computed_default_of_site_capture_in_words() {
    assertThat(ConfigKeys.SITE_CAPTURE.defaultDescription())
        .isEqualTo("all when fail.on is set or tag.application_name=true, else sampled");
  }

  @Test
  void names_the_environment_variable_in_upper_case_with_underscores() {
    assertThat(ConfigKeys.FAIL_EXIT_STATUS.environmentVariable())
        .isEqualTo("CONNLENS_FAIL_EXIT_STATUS");
  }

  @Test
  void turns_dashes_into_underscores_in_the_environment_variable() {
    ConfigKey<Boolean> key = ConfigKey.of("a-b.c", ValueType.bool(), true, "A test key.");

    assertThat(key.environmentVariable()).isEqualTo("CONNLENS_A_B_C");
  }

  @Test
  void names_the_system_property_with_the_connlens_prefix() {
    assertThat(ConfigKeys.LEAK_THRESHOLD.systemProperty()).isEqualTo("connlens.leak.threshold");
  }

  @Test
  void switches_off_only_the_module_its_key_names() {
    AgentConfig config = AgentConfig.load("instrumentation.c3p0.enabled=false", null, null);
    assertThat(config.problems()).isEmpty();
    assertThat(ConfigKeys.moduleEnabled(config, "c3p0")).isFalse();
    assertThat(ConfigKeys.moduleEnabled(config, "jdbc")).isTrue();
    assertThat(ConfigKeys.moduleEnabled(config, "tomcat-jdbc")).isTrue();
    assertThat(ConfigKeys.moduleEnabled(AgentConfig.load(null, null, null), "c3p0")).isTrue();
  }

  @Test
  void gives_every_key_a_sentence_of_description() {
    for (ConfigKey<?> key : ConfigKeys.all()) {
      assertThat(key.description()).as(key.name()).matches("[A-Z].*\\.");
    }
  }

  @Test
  void gives_every_key_an_example_that_its_type_accepts() {
    for (ConfigKey<?> key : ConfigKeys.all()) {
      assertThatCode(() -> key.type().parse(key.example())).as(key.name()).doesNotThrowAnyException();
    }
  }

  @Test
  void finds_a_key_by_its_exact_name_only() {
    assertThat(ConfigKeys.byName("fail.on")).isSameAs(ConfigKeys.FAIL_ON);
    assertThat(ConfigKeys.byName("FAIL.ON")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Leak", "leak..threshold", ".leak", "leak.", "_leak", "leak_", "leak._threshold"})
  void refuses_to_declare_a_key_with_a_malformed_name(String name) {
    assertThatThrownBy(() -> ConfigKey.of(name, ValueType.bool(), true, "A test key."))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
