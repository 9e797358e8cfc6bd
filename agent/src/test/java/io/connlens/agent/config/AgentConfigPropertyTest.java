package io.connlens.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.agent.detection.FindingType;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class AgentConfigPropertyTest {

  private static final Map<String, String> NONE = Collections.emptyMap();

  /** Agent arguments made of real and misspelt keys, values good and bad, and separators. */
  @Provide
  Arbitrary<String> agentArguments() {
    Arbitrary<String> pieces =
        Arbitraries.of(
            "enabled", "report", "leak.threshold", "fail.on", "fail.exit.status", "site.capture",
            "site.sample.interval", "site.depth", "console", "console.limit", "lek.threshold",
            "threshold", "foo", "FAIL.ON", "=", "=", "=", ",", ",", ",", " ", "+", "leak", "none",
            "any", "N_PLUS_ONE", "30s", "1.5s", "30", "-1", "0", "86", "999999999999", "true",
            "maybe", "all", "sampled", "/tmp/r.json", "/", "", "x");
    return pieces.list().ofMaxSize(30).map(list -> String.join("", list));
  }

  @Property(tries = 3000)
  void loading_agent_arguments_never_throws_and_every_problem_starts_with_a_key(
      @ForAll("agentArguments") String agentArgs) {
    AgentConfig config = AgentConfig.load(agentArgs, NONE, NONE);

    for (String problem : config.problems()) {
      String key = problem.substring(0, Math.max(0, problem.indexOf(": ")));
      String shownKey = key.endsWith("...") ? key.substring(0, key.length() - 3) : key;
      assertThat(ConfigKeys.byName(key) != null || key.equals("(no key)") || agentArgs.contains(shownKey))
          .as("problem names a key: %s", problem)
          .isTrue();
      assertThat(key).as("problem names a key: %s", problem).isNotBlank();
      assertThat(problem).endsWith(".");
    }
  }

  @Property(tries = 2000)
  void loading_any_text_never_throws(@ForAll String agentArgs, @ForAll String value) {
    Map<String, String> properties = new HashMap<>();
    properties.put("connlens.site.depth", value);
    properties.put("connlens." + agentArgs, value);

    AgentConfig config =
        AgentConfig.load(
            agentArgs,
            properties,
            Map.of("CONNLENS_LEAK_THRESHOLD", value, "CONNLENS_FAIL_ON", value));

    // and every key still has a usable value
    for (ConfigKey<?> key : ConfigKeys.all()) {
      if (key != ConfigKeys.REPORT) {
        assertThat((Object) config.get(key)).as(key.name()).isNotNull();
      }
    }
  }

  @Property(tries = 1000)
  void every_value_given_is_either_used_or_reported(
      @ForAll("keys") String key, @ForAll("values") String value) {
    AgentConfig config = AgentConfig.load(null, Map.of("connlens." + key, value), NONE);

    ConfigKey<?> declared = ConfigKeys.byName(key);
    boolean used = config.isSet(declared);
    boolean reported = config.problems().stream().anyMatch(p -> p.startsWith(key + ": "));
    assertThat(used).isNotEqualTo(reported);
  }

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.of(ConfigKeys.all()).map(ConfigKey::name);
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.oneOf(
        Arbitraries.of("true", "off", "30s", "1.5s", "0s", "leak", "leak+N_PLUS_ONE", "all", "8", "0"),
        Arbitraries.strings().ofMaxLength(12));
  }

  @Property(tries = 2000)
  void a_duration_reads_back_as_it_was_printed(
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long nanos) {
    ValueType<Duration> type = ValueType.positiveDuration();
    Duration duration = Duration.ofNanos(nanos);

    assertThat(type.parse(type.format(duration))).isEqualTo(duration);
  }

  @Property(tries = 1000)
  void a_set_of_finding_types_reads_back_as_it_was_printed(
      @ForAll("findingTypeSets") Set<FindingType> types) {
    ValueType<Set<FindingType>> type = ValueType.findingTypes();

    assertThat(type.parse(type.format(types))).isEqualTo(types);
  }

  @Provide
  Arbitrary<Set<FindingType>> findingTypeSets() {
    return Arbitraries.of(FindingType.class)
        .list()
        .ofMaxSize(12)
        .map(
            (List<FindingType> list) ->
                list.isEmpty() ? EnumSet.noneOf(FindingType.class) : EnumSet.copyOf(list))
        .map(set -> (Set<FindingType>) new HashSet<>(set));
  }
}
