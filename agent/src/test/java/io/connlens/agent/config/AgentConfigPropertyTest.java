package io.connlens.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.connlens.api.FindingType;
import java.time.Duration;
import java.util.ArrayList;
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

  /**
   * Pieces that are always a problem when they stand as a pair of their own: unknown keys, and
   * values the key's type refuses (whatever a later part without "=" adds to them).
   */
  private static final List<String> BAD_PAIRS =
      List.of(
          "lek.threshold=5s", "foo=1", "FAIL.ON=leak", "leak.threshold=abc", "leak.threshold=30",
          "fail.exit.status=999", "site.capture=some", "console=maybe", "site.depth=0",
          "fail.on=leek", "site.sample.interval=0", "nplusone.threshold=1");

  @Provide
  Arbitrary<String> badPairs() {
    return Arbitraries.of(BAD_PAIRS);
  }

  @Property(tries = 3000)
  void a_bad_pair_among_any_agent_arguments_is_a_problem_naming_its_key(
      @ForAll("agentArguments") String before, @ForAll("badPairs") String bad,
      @ForAll("agentArguments") String after) {
    // given agent arguments holding a pair that is bad by itself, as a part of its own
    String agentArgs = before + "," + bad + "," + after;
    String key = bad.substring(0, bad.indexOf('=')).trim();

    // when they are loaded (which never throws)
    AgentConfig config = AgentConfig.load(agentArgs, NONE, NONE);

    // then there is a problem about its key (a bad value, an unknown key, or the key given twice
    // when a later part sets it again), and every problem has the documented form
    assertThat(config.problems())
        .as("problems of %s", agentArgs)
        .anyMatch(problem -> problem.startsWith(key + ": "));
    for (String problem : config.problems()) {
      assertHasTheProblemForm(problem, agentArgs);
    }
  }

  @Property(tries = 1000)
  void good_pairs_of_distinct_keys_are_no_problem_and_are_used(
      @ForAll("goodArguments") List<String[]> pairs) {
    // given a good value for each of some keys, once each, with blanks and empty parts around
    StringBuilder agentArgs = new StringBuilder(" ,");
    for (String[] pair : pairs) {
      agentArgs.append(' ').append(pair[0]).append(" = ").append(pair[1]).append(" ,,");
    }

    AgentConfig config = AgentConfig.load(agentArgs.toString(), NONE, NONE);

    // then no problem, and each value is the one given
    assertThat(config.problems()).as("problems of %s", agentArgs).isEmpty();
    for (String[] pair : pairs) {
      ConfigKey<?> key = ConfigKeys.byName(pair[0]);
      assertThat(config.sourceOf(key)).isEqualTo(AgentConfig.AGENT_ARGUMENTS);
      assertThat(config.effective().get(pair[0])).isEqualTo(normalized(key, pair[1]));
    }
  }

  /** Some keys, each with a value its type accepts: its declared example, or its default. */
  @Provide
  Arbitrary<List<String[]>> goodArguments() {
    List<String[]> good = new ArrayList<>();
    for (ConfigKey<?> key : ConfigKeys.all()) {
      good.add(new String[] {key.name(), key.example()});
      if (key.defaultValue() != null) {
        good.add(new String[] {key.name(), formatted(key)});
      }
    }
    return Arbitraries.of(good).list().ofMinSize(1).ofMaxSize(ConfigKeys.all().size())
        .uniqueElements(pair -> pair[0]);
  }

  private static <T> String formatted(ConfigKey<T> key) {
    return key.type().format(key.defaultValue());
  }

  /** The value as {@link AgentConfig#effective()} prints it once its type has read it. */
  private static <T> String normalized(ConfigKey<T> key, String value) {
    return key.type().format(key.type().parse(value));
  }

  /**
   * A problem starts with a key (a known one, "(no key)", or one the arguments hold, shown cut
   * and escaped) followed by ": ", and is a sentence.
   */
  private static void assertHasTheProblemForm(String problem, String agentArgs) {
    String key = problem.substring(0, Math.max(0, problem.indexOf(": ")));
    String shownKey = key.endsWith("...") ? key.substring(0, key.length() - 3) : key;
    assertThat(key).as("problem names a key: %s", problem).isNotBlank();
    assertThat(ConfigKeys.byName(key) != null || key.equals("(no key)") || agentArgs.contains(shownKey))
        .as("problem names a key: %s", problem)
        .isTrue();
    assertThat(problem).endsWith(".");
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

    // and every key with a default still has a usable value (report, app.packages: "not set" is null)
    for (ConfigKey<?> key : ConfigKeys.all()) {
      if (key.defaultValue() != null || key.isDefaultComputed()) {
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
