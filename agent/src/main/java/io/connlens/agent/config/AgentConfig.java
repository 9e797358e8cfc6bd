package io.connlens.agent.config;

import io.connlens.agent.text.PrintableText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The effective configuration: the keys of {@link ConfigKeys} read from agent arguments, then
 * system properties {@code connlens.<key>}, then environment variables {@code CONNLENS_<KEY>}; the
 * first source that sets a key wins. Loading never throws, because the application must start
 * whatever the agent's configuration says: an unknown key or a bad value becomes one message in
 * {@link #problems()} and the default is used instead. A bad value in a source that loses to an
 * earlier one is a problem too: it would take effect the day the earlier setting is removed.
 */
public final class AgentConfig {

  /** The source name of agent arguments, as {@link #sourceOf} and the messages say it. */
  public static final String AGENT_ARGUMENTS = "agent arguments";

  /** What {@link #sourceOf} says for a key that was not set, or whose value was refused. */
  public static final String DEFAULT = "default";

  private static final String SYSTEM_PROPERTY_PREFIX = "connlens.";
  private static final int SHOWN_MAX = 80;

  private final Map<ConfigKey<?>, Object> values = new HashMap<>();
  private final Map<ConfigKey<?>, String> sources = new HashMap<>();
  private final List<String> problems = new ArrayList<>();

  private AgentConfig() {}

  /**
   * Reads the configuration from the given sources. Never throws; any argument may be {@code null}.
   *
   * @param agentArgs {@code key=value,key=value}; a segment without {@code =} continues the previous
   *     value, so values may contain commas
   * @param systemProperties all system properties; those starting with {@code connlens.} are read
   * @param environment the environment; {@code CONNLENS_<KEY>} variables are read, others ignored
   */
  public static AgentConfig load(
      String agentArgs, Map<String, String> systemProperties, Map<String, String> environment) {
    AgentConfig config = new AgentConfig();
    Map<String, String> arguments = config.readAgentArguments(agentArgs);
    Map<String, String> properties = config.readSystemProperties(systemProperties);
    Map<String, String> variables = environment == null ? Collections.emptyMap() : environment;
    // Declaration order, so that a computed default reads keys that are already resolved.
    for (ConfigKey<?> key : ConfigKeys.all()) {
      // {source, value} of each source that sets the key, first the one that wins
      List<String[]> given = new ArrayList<>(3);
      if (arguments.containsKey(key.name())) {
        given.add(new String[] {AGENT_ARGUMENTS, arguments.get(key.name())});
      }
      if (properties.containsKey(key.name())) {
        given.add(new String[] {"system property " + key.systemProperty(), properties.get(key.name())});
      }
      String variable = variables.get(key.environmentVariable());
      // Container tools often pass VAR= for "unset"; an empty variable is not a setting.
      if (variable != null && !variable.trim().isEmpty()) {
        given.add(new String[] {"environment " + key.environmentVariable(), variable});
      }
      if (given.isEmpty()) {
        continue;
      }
      String winner = given.get(0)[0];
      config.set(key, given.get(0)[1], winner);
      for (String[] overridden : given.subList(1, given.size())) {
        config.checkOverridden(key, overridden[1], overridden[0], winner);
      }
    }
    return config;
  }

  /**
   * {@link #load} from this JVM's system properties and environment. Touches no {@code java.sql}
   * type, so the agent can read {@code debug} in a JVM without that module. Never throws.
   */
  public static AgentConfig fromSystem(String agentArgs) {
    Map<String, String> properties = new HashMap<>();
    Map<String, String> environment;
    try {
      Properties props = System.getProperties();
      for (String name : props.stringPropertyNames()) {
        properties.put(name, props.getProperty(name));
      }
      environment = System.getenv();
    } catch (RuntimeException refused) { // a security manager that denies reading them
      environment = Collections.emptyMap();
    }
    return load(agentArgs, properties, environment);
  }

  /** The effective value of {@code key}: the value given, else its default (computed if need be). */
  public <T> T get(ConfigKey<T> key) {
    if (values.containsKey(key)) {
      @SuppressWarnings("unchecked") // set() stores only values parsed by the key's own type
      T value = (T) values.get(key);
      return value;
    }
    return key.defaultIn(this);
  }

  /** Whether {@code key} was given by the user with a valid value. */
  public boolean isSet(ConfigKey<?> key) {
    return values.containsKey(key);
  }

  /**
   * Where the effective value of {@code key} comes from: {@code agent arguments}, {@code system
   * property connlens.<key>}, {@code environment CONNLENS_<KEY>}, or {@code default}.
   */
  public String sourceOf(ConfigKey<?> key) {
    return sources.getOrDefault(key, DEFAULT);
  }

  /**
   * The unknown keys and bad values found while loading, each one full sentence starting with the
   * key, for example {@code leak.threshold: "abc" (agent arguments) is not a duration; use a number
   * with a unit: 500ms, 30s, 5m or 1h. Using the default, 30s.} A bad value that an earlier source
   * overrides ends {@code Not used: agent arguments set leak.threshold.} instead.
   */
  public List<String> problems() {
    return Collections.unmodifiableList(problems);
  }

  /**
   * Every key with its effective value as a user would write it ({@code none} when not set), in
   * declaration order, for the report and the console. No key holds a secret.
   */
  public Map<String, String> effective() {
    Map<String, String> effective = new LinkedHashMap<>();
    for (ConfigKey<?> key : ConfigKeys.all()) {
      effective.put(key.name(), formatted(key, get(key)));
    }
    return Collections.unmodifiableMap(effective);
  }

  @Override
  public String toString() {
    return "AgentConfig" + effective();
  }

  private <T> void set(ConfigKey<T> key, String text, String source) {
    String value = text == null ? "" : text.trim();
    T parsed;
    try {
      parsed = read(key, value);
    } catch (IllegalArgumentException refused) {
      problems.add(badValue(key, value, source, refused.getMessage())
          + " Using the default, " + defaultInWords(key) + ".");
      return;
    }
    values.put(key, parsed);
    sources.put(key, source);
  }

  /** Reports {@code text} from {@code source} if it is bad, though {@code winner}'s value is used. */
  private <T> void checkOverridden(ConfigKey<T> key, String text, String source, String winner) {
    String value = text == null ? "" : text.trim();
    try {
      read(key, value);
    } catch (IllegalArgumentException refused) {
      problems.add(badValue(key, value, source, refused.getMessage())
          + " Not used: " + winner + " set " + key.name() + ".");
    }
  }

  /** The value as the key's type reads it; refused with a message that completes the sentence. */
  private static <T> T read(ConfigKey<T> key, String value) {
    try {
      return key.type().parse(value);
    } catch (IllegalArgumentException refused) {
      throw refused;
    } catch (RuntimeException unexpected) {
      // A type must only throw IllegalArgumentException; if one does not, the app still starts.
      throw new IllegalArgumentException("could not be read (" + unexpected + ")", unexpected);
    }
  }

  /**
   * {@code key: "value" (source) reason.}, the start of every bad-value problem. The reason is
   * escaped as the value is: a type may quote the value in it (a path's directory, say).
   */
  private static String badValue(ConfigKey<?> key, String value, String source, String reason) {
    return key.name() + ": \"" + shown(value) + "\" (" + source + ") "
        + PrintableText.escape(reason) + ".";
  }

  private <T> String defaultInWords(ConfigKey<T> key) {
    T value = key.defaultIn(this);
    if (value == null) {
      return key.defaultDescription();
    }
    return key.type().format(value);
  }

  private static <T> String formatted(ConfigKey<T> key, Object value) {
    if (value == null) {
      return "none";
    }
    @SuppressWarnings("unchecked") // values of a key come from the key's own type or default
    T typed = (T) value;
    return key.type().format(typed);
  }

  /**
   * Splits {@code key=value,key=value}. A segment without {@code =} continues the previous value:
   * {@code fail.on=leak,N_PLUS_ONE,report=r.json} sets fail.on to {@code leak,N_PLUS_ONE}.
   */
  private Map<String, String> readAgentArguments(String agentArgs) {
    Map<String, String> arguments = new LinkedHashMap<>();
    if (agentArgs == null) {
      return arguments;
    }
    List<String[]> pairs = new ArrayList<>();
    String[] current = null;
    int start = 0;
    for (int i = 0; i <= agentArgs.length(); i++) {
      if (i < agentArgs.length() && agentArgs.charAt(i) != ',') {
        continue;
      }
      String segment = agentArgs.substring(start, i);
      start = i + 1;
      if (segment.trim().isEmpty()) {
        continue;
      }
      int equals = segment.indexOf('=');
      String key = equals < 0 ? "" : segment.substring(0, equals).trim();
      if (key.isEmpty() && current != null) {
        current[1] = current[1] + "," + segment;
      } else if (equals < 0) {
        // No key yet: the segment is a key without a value (`report`, or a typo like `leak`).
        current = new String[] {segment.trim(), ""};
        pairs.add(current);
      } else if (key.isEmpty()) {
        problems.add(
            "(no key): \"" + shown(segment.trim()) + "\" (" + AGENT_ARGUMENTS + ") has nothing"
                + " before \"=\"; write key=value, for example leak.threshold=10s. Ignored.");
      } else {
        current = new String[] {key, segment.substring(equals + 1)};
        pairs.add(current);
      }
    }
    for (String[] pair : pairs) {
      String key = pair[0];
      String value = pair[1].trim();
      if (ConfigKeys.byName(key) == null) {
        problems.add(unknownKey(key, AGENT_ARGUMENTS));
        continue;
      }
      String previous = arguments.put(key, value);
      if (previous != null) {
        problems.add(
            key + ": given more than once (" + AGENT_ARGUMENTS + "); using the last value, \""
                + shown(value) + "\".");
      }
    }
    return arguments;
  }

  /** The {@code connlens.*} properties by key; unknown ones are problems (they are ours alone). */
  private Map<String, String> readSystemProperties(Map<String, String> systemProperties) {
    Map<String, String> properties = new HashMap<>();
    if (systemProperties == null) {
      return properties;
    }
    // Sorted, so that problems come in the same order on every run.
    Map<String, String> ours = new TreeMap<>();
    for (Map.Entry<String, String> entry : systemProperties.entrySet()) {
      String name = entry.getKey();
      if (name != null && entry.getValue() != null && name.startsWith(SYSTEM_PROPERTY_PREFIX)) {
        ours.put(name, entry.getValue());
      }
    }
    for (Map.Entry<String, String> entry : ours.entrySet()) {
      String key = entry.getKey().substring(SYSTEM_PROPERTY_PREFIX.length());
      if (ConfigKeys.byName(key) != null) {
        properties.put(key, entry.getValue());
      } else if (key.trim().isEmpty()) {
        problems.add(
            "(no key): system property \"" + shown(entry.getKey()) + "\" names no key after"
                + " \"connlens.\"; write -Dconnlens.key=value. Ignored.");
      } else {
        problems.add(unknownKey(key, "system property " + shown(entry.getKey())));
      }
    }
    return properties;
  }

  private static String unknownKey(String key, String source) {
    List<String> close = closeMatches(key);
    StringBuilder message = new StringBuilder();
    message.append(shown(key)).append(": unknown key (").append(source).append(")");
    if (!close.isEmpty()) {
      message.append("; did you mean ").append(orList(close)).append("?");
    } else {
      List<String> names = new ArrayList<>();
      for (ConfigKey<?> known : ConfigKeys.all()) {
        names.add(known.name());
      }
      message.append(". Known keys: ").append(String.join(", ", names)).append(".");
    }
    return message.append(" Ignored.").toString();
  }

  /**
   * Known keys a typo may have meant: within a small edit distance once case and separators are
   * ignored (leak_threshold, leakThreshold, lek.threshold), or ending with the given word
   * (threshold, interval).
   */
  static List<String> closeMatches(String key) {
    String typed = key.trim().toLowerCase(Locale.ROOT).replace('_', '.').replace('-', '.');
    List<String> matches = new ArrayList<>();
    if (typed.isEmpty()) {
      return matches;
    }
    for (ConfigKey<?> known : ConfigKeys.all()) {
      String name = known.name().replace('-', '.');
      int allowed = Math.max(2, name.length() / 4);
      if (name.endsWith("." + typed) || editDistanceAtMost(typed, name, allowed)) {
        matches.add(known.name());
      }
    }
    return matches;
  }

  /** Levenshtein distance at most {@code limit}; long inputs end early on their length alone. */
  private static boolean editDistanceAtMost(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) > limit) {
      return false;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()] <= limit;
  }

  private static String orList(List<String> words) {
    if (words.size() == 1) {
      return words.get(0);
    }
    return String.join(", ", words.subList(0, words.size() - 1))
        + " or " + words.get(words.size() - 1);
  }

  /**
   * Text from the user as a message shows it: unsafe characters escaped (a value may be binary
   * garbage, or text made to forge a console line), and cut to {@value #SHOWN_MAX} characters (a
   * value may be huge).
   */
  static String shown(String text) {
    return PrintableText.escape(text, SHOWN_MAX);
  }
}
