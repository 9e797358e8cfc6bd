package io.connlens.agent.config;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key, declared once in {@link ConfigKeys}: its name, type, default and
 * description. Parsing, validation, {@code docs/configuration.md} and {@code --help} all read this
 * declaration, so they cannot disagree.
 *
 * @param <T> the Java type of the key's value
 */
public final class ConfigKey<T> {
  private final String name;
  private final ValueType<T> type;
  private final T defaultValue;
  private final Function<AgentConfig, T> computedDefault;
  private final String defaultDescription;
  private final String description;
  private final String example;

  private ConfigKey(
      String name,
      ValueType<T> type,
      T defaultValue,
      Function<AgentConfig, T> computedDefault,
      String defaultDescription,
      String description,
      String example) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "a key name is lower-case words separated by dots, dashes or underscores: " + name);
    }
    this.name = name;
    this.type = Objects.requireNonNull(type, "type");
    this.defaultValue = defaultValue;
    this.computedDefault = computedDefault;
    this.defaultDescription = defaultDescription;
    this.description = Objects.requireNonNull(description, "description");
    this.example = example;
  }

  /**
   * A key with a fixed default.
   *
   * @param defaultValue the value when the key is not set; {@code null} means "not set" (for example
   *     no report)
   * @param description one paragraph for the docs and {@code --help}
   */
  public static <T> ConfigKey<T> of(
      String name, ValueType<T> type, T defaultValue, String description) {
    return new ConfigKey<>(name, type, defaultValue, null, null, description, null);
  }

  /**
   * A key whose default depends on other keys. The function may read only keys declared before
   * this one in {@link ConfigKeys}: they are resolved first.
   *
   * @param defaultDescription the default in words, for the docs, e.g. "all when fail.on is set,
   *     else sampled"
   */
  public static <T> ConfigKey<T> computed(
      String name,
      ValueType<T> type,
      Function<AgentConfig, T> defaultValue,
      String defaultDescription,
      String description) {
    return new ConfigKey<>(
        name,
        type,
        null,
        Objects.requireNonNull(defaultValue, "defaultValue"),
        Objects.requireNonNull(defaultDescription, "defaultDescription"),
        description,
        null);
  }

  /** This key with the default described in words for the docs, e.g. "none (no report)". */
  public ConfigKey<T> withDefaultDescription(String words) {
    return new ConfigKey<>(
        name,
        type,
        defaultValue,
        computedDefault,
        Objects.requireNonNull(words),
        description,
        example);
  }

  /**
   * This key with a value the docs use in examples, for keys whose default makes a poor example
   * (none, or computed).
   */
  public ConfigKey<T> withExample(String value) {
    return new ConfigKey<>(
        name,
        type,
        defaultValue,
        computedDefault,
        defaultDescription,
        description,
        Objects.requireNonNull(value));
  }

  /** The name as written in agent arguments, e.g. {@code leak.threshold}. */
  public String name() {
    return name;
  }

  /** How values of this key are read and printed. */
  public ValueType<T> type() {
    return type;
  }

  /** The fixed default; {@code null} when the default is "not set" or is computed. */
  public T defaultValue() {
    return defaultValue;
  }

  /** Whether the default depends on other keys; see {@link #computed}. */
  public boolean isDefaultComputed() {
    return computedDefault != null;
  }

  /** The default as the docs show it: the words given, else the formatted default, else "none". */
  public String defaultDescription() {
    if (defaultDescription != null) {
      return defaultDescription;
    }
    return defaultValue == null ? "none" : type.format(defaultValue);
  }

  /** A value for examples: the one declared with {@link #withExample}, else the default. */
  public String example() {
    if (example != null) {
      return example;
    }
    return defaultValue == null ? defaultDescription() : type.format(defaultValue);
  }

  /** One paragraph saying what the key does. */
  public String description() {
    return description;
  }

  /** The system property that sets this key: {@code connlens.} and the name. */
  public String systemProperty() {
    return "connlens." + name;
  }

  /**
   * The environment variable that sets this key: {@code CONNLENS_} and the name in upper case, dots
   * and dashes turned into underscores (shells do not allow them in variable names).
   */
  public String environmentVariable() {
    return "CONNLENS_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The default that applies in {@code config}: the computed one, or the fixed one. */
  T defaultIn(AgentConfig config) {
    return computedDefault != null ? computedDefault.apply(config) : defaultValue;
  }

  @Override
  public String toString() {
    return name;
  }

  private static boolean isValidName(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    char previous = '.';
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      // an underscore where the key mirrors a database's own name (tag.application_name)
      boolean separator = c == '.' || c == '-' || c == '_';
      boolean word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!(word || (separator && previous != '.' && previous != '-' && previous != '_'))) {
        return false;
      }
      previous = c;
    }
    return previous != '.' && previous != '-' && previous != '_';
  }
}
