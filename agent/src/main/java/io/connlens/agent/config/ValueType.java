package io.connlens.agent.config;

import io.connlens.agent.application.ApplicationPackages;
import io.connlens.api.FindingType;
import java.io.IOError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The type of a configuration value: how a value given as text is read, what the docs and
 * {@code --help} say is accepted, and how a value is printed back (for the report and the docs).
 *
 * <p>{@link #parse} reports a bad value with an {@link IllegalArgumentException} whose message
 * completes the sentence {@code "<value>" ...}: lower case, no final period, saying what is wrong and
 * what is accepted, for example {@code is not a duration; use a number with a unit: 500ms, 30s, 5m or
 * 1h}. {@link AgentConfig} puts the key, the value and its source in front of it.
 *
 * @param <T> the Java type of the value
 */
public interface ValueType<T> {

  /**
   * Reads a value given as text; surrounding whitespace is ignored.
   *
   * @throws IllegalArgumentException if the text is not a value of this type; the message says what
   *     is accepted (see the type's javadoc)
   */
  T parse(String text);

  /** What this type accepts, for the docs and {@code --help}, e.g. "duration: 500ms, 30s, 5m, 1h". */
  String describe();

  /** The value as a user would write it; {@code parse(format(v))} gives {@code v} back. */
  String format(T value);

  /** {@code true}/{@code false}, also {@code yes}/{@code no} and {@code on}/{@code off}, any case. */
  static ValueType<Boolean> bool() {
    return ForBoolean.INSTANCE;
  }

  /** A whole number from {@code min} to {@code max}, both included. */
  static ValueType<Integer> integer(int min, int max) {
    return new ForInteger(min, max);
  }

  /** A duration of zero or more, written as a number with a unit: {@code 500ms}, {@code 1.5s}. */
  static ValueType<Duration> duration() {
    return new ForDuration(false);
  }

  /** A duration above zero, written as a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}. */
  static ValueType<Duration> positiveDuration() {
    return new ForDuration(true);
  }

  /** A file system path; relative paths stay relative (to the working directory). */
  static ValueType<Path> path() {
    return ForPath.INSTANCE;
  }

  /**
   * A path to a file that the agent will write: checked when read, so that a mistake shows at start
   * and not at exit when the file cannot be written.
   */
  static ValueType<Path> writableFile() {
    return ForWritableFile.INSTANCE;
  }

  /** One of a fixed list of lower-case words, read in any case; e.g. all, sampled, off. */
  static ValueType<String> choice(String... words) {
    return new ForChoice(List.of(words));
  }

  /** A set of finding types, as {@code fail.on} takes it; see {@link ForFindingTypes}. */
  static ValueType<Set<FindingType>> findingTypes() {
    return ForFindingTypes.INSTANCE;
  }

  /**
   * Lists of Java package (or class) prefixes, separated by commas, {@code +} or spaces:
   * {@code com.acme}, {@code com.acme.} and {@code com.acme.*} all mean the package {@code com.acme}
   * and everything below it.
   */
  static ValueType<List<String>> packagePrefixes() {
    return ForPackagePrefixes.INSTANCE;
  }

  /** Booleans; see {@link ValueType#bool()}. */
  final class ForBoolean implements ValueType<Boolean> {
    static final ForBoolean INSTANCE = new ForBoolean();

    private ForBoolean() {}

    @Override
    public Boolean parse(String text) {
      String word = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
      switch (word) {
        case "true":
        case "yes":
        case "on":
          return Boolean.TRUE;
        case "false":
        case "no":
        case "off":
          return Boolean.FALSE;
        default:
          throw new IllegalArgumentException(
              (word.isEmpty() ? "is empty" : "is not a boolean")
                  + "; use true or false (yes/no and on/off work too)");
      }
    }

    @Override
    public String describe() {
      return "boolean: true or false (also yes/no, on/off)";
    }

    @Override
    public String format(Boolean value) {
      return value.toString();
    }
  }

  /** Whole numbers in an inclusive range; see {@link ValueType#integer(int, int)}. */
  final class ForInteger implements ValueType<Integer> {
    private final int min;
    private final int max;

    ForInteger(int min, int max) {
      if (min > max) {
        throw new IllegalArgumentException("empty range " + min + ".." + max);
      }
      this.min = min;
      this.max = max;
    }

    /** The smallest accepted value. */
    public int min() {
      return min;
    }

    /** The largest accepted value. */
    public int max() {
      return max;
    }

    @Override
    public Integer parse(String text) {
      String number = text == null ? "" : text.trim();
      String accepted = "use a whole number from " + min + " to " + max;
      if (number.isEmpty()) {
        throw new IllegalArgumentException("is empty; " + accepted);
      }
      if (!isWholeNumber(number)) {
        throw new IllegalArgumentException("is not a whole number; " + accepted);
      }
      long value;
      try {
        value = Long.parseLong(number);
      } catch (NumberFormatException tooManyDigits) {
        throw new IllegalArgumentException("is out of range; " + accepted);
      }
      if (value < min || value > max) {
        throw new IllegalArgumentException("is out of range; " + accepted);
      }
      return (int) value;
    }

    private static boolean isWholeNumber(String text) {
      int start = text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
      if (start == text.length()) {
        return false;
      }
      for (int i = start; i < text.length(); i++) {
        if (text.charAt(i) < '0' || text.charAt(i) > '9') {
          return false;
        }
      }
      return true;
    }

    @Override
    public String describe() {
      return "whole number from " + min + " to " + max;
    }

    @Override
    public String format(Integer value) {
      return value.toString();
    }
  }

  /**
   * Durations: a number (decimals allowed) directly followed by a unit, {@code ms}, {@code s},
   * {@code m} or {@code h}. A bare number is refused: "30" could mean seconds or milliseconds, and
   * guessing wrong makes a threshold 1000 times off.
   */
  final class ForDuration implements ValueType<Duration> {
    private static final String EXAMPLES = "500ms, 30s, 5m or 1h";
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final long NANOS_PER_HOUR = 3_600_000_000_000L;

    private final boolean positive;

    ForDuration(boolean positive) {
      this.positive = positive;
    }

    /** Whether zero is refused. */
    public boolean isPositive() {
      return positive;
    }

    @Override
    public Duration parse(String text) {
      String s = text == null ? "" : text.trim();
      if (s.isEmpty()) {
        throw new IllegalArgumentException("is empty; use a number with a unit: " + EXAMPLES);
      }
      int i = 0;
      boolean negative = false;
      if (s.charAt(0) == '-' || s.charAt(0) == '+') {
        negative = s.charAt(0) == '-';
        i++;
      }
      int numberStart = i;
      int digits = 0;
      int integerDigits = 0;
      while (i < s.length() && isDigit(s.charAt(i))) {
        i++;
        digits++;
        integerDigits++;
      }
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        while (i < s.length() && isDigit(s.charAt(i))) {
          i++;
          digits++;
        }
      }
      if (digits == 0) {
        throw new IllegalArgumentException(
            "is not a duration; use a number with a unit: " + EXAMPLES);
      }
      String number = s.substring(numberStart, i);
      String unit = s.substring(i).trim().toLowerCase(Locale.ROOT);
      long unitNanos;
      switch (unit) {
        case "ms":
          unitNanos = 1_000_000L;
          break;
        case "s":
          unitNanos = 1_000_000_000L;
          break;
        case "m":
          unitNanos = 60_000_000_000L;
          break;
        case "h":
          unitNanos = NANOS_PER_HOUR;
          break;
        case "":
          throw new IllegalArgumentException(
              "has no unit; add a unit, for example " + number + "s or " + number + "ms");
        default:
          throw new IllegalArgumentException(
              "is not a duration; use a number with a unit: " + EXAMPLES);
      }
      if (integerDigits > 19) {
        throw tooLong();
      }
      // Decimal arithmetic so that 1.5s is exactly 1500ms; below a nanosecond is dropped.
      BigDecimal nanos =
          new BigDecimal(number)
              .multiply(BigDecimal.valueOf(unitNanos))
              .setScale(0, RoundingMode.DOWN);
      if (nanos.compareTo(MAX_NANOS) > 0) {
        throw tooLong();
      }
      if (negative && nanos.signum() != 0) {
        throw new IllegalArgumentException(
            positive
                ? "is negative; use a duration above zero, such as " + EXAMPLES
                : "is negative; use 0s or more, such as " + EXAMPLES);
      }
      if (positive && nanos.signum() == 0) {
        throw new IllegalArgumentException(
            "is zero; use a duration above zero, such as " + EXAMPLES);
      }
      return Duration.ofNanos(nanos.longValueExact());
    }

    private static IllegalArgumentException tooLong() {
      return new IllegalArgumentException(
          "is too long; use at most " + (Long.MAX_VALUE / NANOS_PER_HOUR) + "h");
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    @Override
    public String describe() {
      return "duration: a number with a unit, such as " + EXAMPLES + " (1.5s works too)"
          + (positive ? "; above zero" : "");
    }

    /** The largest unit that writes the value as a whole number: 30s, 1500ms, 2h. */
    @Override
    public String format(Duration value) {
      BigDecimal nanos =
          BigDecimal.valueOf(value.getSeconds())
              .movePointRight(9)
              .add(BigDecimal.valueOf(value.getNano()));
      if (nanos.signum() == 0) {
        return "0s";
      }
      String[] units = {"h", "m", "s"};
      long[] unitNanos = {NANOS_PER_HOUR, 60_000_000_000L, 1_000_000_000L};
      for (int u = 0; u < units.length; u++) {
        BigDecimal[] qr = nanos.divideAndRemainder(BigDecimal.valueOf(unitNanos[u]));
        if (qr[1].signum() == 0) {
          return qr[0].toPlainString() + units[u];
        }
      }
      return nanos.movePointLeft(6).stripTrailingZeros().toPlainString() + "ms";
    }
  }

  /** Paths; see {@link ValueType#path()}. */
  final class ForPath implements ValueType<Path> {
    static final ForPath INSTANCE = new ForPath();

    private ForPath() {}

    @Override
    public Path parse(String text) {
      String s = text == null ? "" : text.trim();
      if (s.isEmpty()) {
        throw new IllegalArgumentException("is empty; use a file path such as target/connlens.json");
      }
      try {
        return Paths.get(s);
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException("is not a valid path (" + e.getReason() + ")");
      }
    }

    @Override
    public String describe() {
      return "path: a file path, relative to the working directory unless absolute";
    }

    @Override
    public String format(Path value) {
      return value.toString();
    }
  }

  /**
   * A file the agent will write. Refused when it is a directory, when it exists and is not writable,
   * or when its nearest existing ancestor is not a writable directory (missing parent directories
   * are created when the file is written).
   */
  final class ForWritableFile implements ValueType<Path> {
    static final ForWritableFile INSTANCE = new ForWritableFile(Files::isWritable);

    private final Predicate<Path> isWritable;

    /**
     * @param isWritable whether the process may write an existing file or directory: {@link
     *     Files#isWritable} but in tests, which run as root in CI, where every directory is
     *     writable and the refusals could not be seen
     */
    ForWritableFile(Predicate<Path> isWritable) {
      this.isWritable = isWritable;
    }

    @Override
    public Path parse(String text) {
      Path path = ForPath.INSTANCE.parse(text);
      Path absolute;
      try {
        absolute = path.toAbsolutePath().normalize();
      } catch (IOError noWorkingDirectory) {
        throw new IllegalArgumentException("cannot be checked: the working directory is unknown");
      }
      if (Files.isDirectory(absolute)) {
        throw new IllegalArgumentException(
            "is a directory; name a file in it, such as " + path.resolve("connlens.json"));
      }
      if (Files.exists(absolute)) {
        if (!isWritable.test(absolute)) {
          throw new IllegalArgumentException("cannot be written: the file is not writable");
        }
        return path;
      }
      Path ancestor = absolute.getParent();
      while (ancestor != null && !Files.exists(ancestor)) {
        ancestor = ancestor.getParent();
      }
      if (ancestor == null) {
        throw new IllegalArgumentException("cannot be written: none of its directories exists");
      }
      if (!Files.isDirectory(ancestor)) {
        throw new IllegalArgumentException(
            "cannot be written: " + ancestor + " is a file, not a directory");
      }
      if (!isWritable.test(ancestor)) {
        throw new IllegalArgumentException(
            "cannot be written: the directory " + ancestor + " is not writable");
      }
      return path;
    }

    @Override
    public String describe() {
      return "path: a file to write, relative to the working directory unless absolute;"
          + " missing parent directories are created";
    }

    @Override
    public String format(Path value) {
      return value.toString();
    }
  }

  /** A word from a fixed list; see {@link ValueType#choice(String...)}. */
  final class ForChoice implements ValueType<String> {
    private final List<String> words;

    ForChoice(List<String> words) {
      for (String word : words) {
        if (word.isEmpty() || !word.equals(word.toLowerCase(Locale.ROOT))) {
          throw new IllegalArgumentException("a choice is a non-empty lower-case word: " + word);
        }
      }
      if (words.isEmpty()) {
        throw new IllegalArgumentException("a choice needs at least one word");
      }
      this.words = List.copyOf(words);
    }

    /** The accepted words, in the order given. */
    public List<String> words() {
      return words;
    }

    /** The accepted word, in lower case. */
    @Override
    public String parse(String text) {
      String word = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
      if (!words.contains(word)) {
        throw new IllegalArgumentException(
            (word.isEmpty() ? "is empty" : "is not a choice") + "; use " + wordList());
      }
      return word;
    }

    private String wordList() {
      if (words.size() == 1) {
        return words.get(0);
      }
      return String.join(", ", words.subList(0, words.size() - 1))
          + " or " + words.get(words.size() - 1);
    }

    @Override
    public String describe() {
      return "one of " + String.join(", ", words);
    }

    @Override
    public String format(String value) {
      return value;
    }
  }

  /**
   * Sets of finding types, separated by commas or {@code +}: {@code leak} (the leak types, {@link
   * FindingType#leaks()}), {@code any} (every type), {@code none} (alone: no type), and any {@link
   * FindingType} name in any case.
   */
  final class ForFindingTypes implements ValueType<Set<FindingType>> {
    static final ForFindingTypes INSTANCE = new ForFindingTypes();

    private ForFindingTypes() {}

    @Override
    public Set<FindingType> parse(String text) {
      String s = text == null ? "" : text;
      Set<FindingType> types = EnumSet.noneOf(FindingType.class);
      boolean none = false;
      int tokens = 0;
      int start = 0;
      for (int i = 0; i <= s.length(); i++) {
        if (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != '+') {
          continue;
        }
        String token = s.substring(start, i).trim();
        start = i + 1;
        if (token.isEmpty()) {
          continue;
        }
        tokens++;
        String word = token.toLowerCase(Locale.ROOT);
        if (word.equals("none")) {
          none = true;
        } else if (word.equals("leak")) {
          types.addAll(FindingType.leaks());
        } else if (word.equals("any")) {
          types.addAll(EnumSet.allOf(FindingType.class));
        } else {
          FindingType type = FindingType.byName(token);
          if (type == null) {
            throw new IllegalArgumentException(
                "has an unknown finding type, \"" + AgentConfig.shown(token) + "\"; use "
                    + accepted());
          }
          types.add(type);
        }
      }
      if (tokens == 0) {
        throw new IllegalArgumentException("is empty; use " + accepted());
      }
      if (none && tokens > 1) {
        throw new IllegalArgumentException(
            "combines none with finding types; use none alone, or leave it out");
      }
      return Collections.unmodifiableSet(types);
    }

    private static String accepted() {
      StringBuilder names = new StringBuilder();
      for (FindingType type : FindingType.values()) {
        names.append(", ").append(type.name());
      }
      return "leak, any, none, or type names (" + names.substring(2) + "), separated by , or +";
    }

    @Override
    public String describe() {
      return "finding types: leak, any, none, or type names, separated by , or +";
    }

    /** {@code none}, {@code any}, or {@code leak} followed by the other names: short and exact. */
    @Override
    public String format(Set<FindingType> value) {
      if (value.isEmpty()) {
        return "none";
      }
      if (value.containsAll(EnumSet.allOf(FindingType.class))) {
        return "any";
      }
      List<String> words = new ArrayList<>();
      Set<FindingType> rest = EnumSet.copyOf(value);
      if (value.containsAll(FindingType.leaks())) {
        words.add("leak");
        rest.removeAll(FindingType.leaks());
      }
      for (FindingType type : rest) {
        words.add(type.name());
      }
      return String.join(",", words);
    }
  }

  /** Package prefixes; see {@link ValueType#packagePrefixes()}. */
  final class ForPackagePrefixes implements ValueType<List<String>> {
    static final ForPackagePrefixes INSTANCE = new ForPackagePrefixes();
    private static final String ACCEPTED = "use package names such as com.acme or org.example.shop, separated by commas";

    private ForPackagePrefixes() {}

    @Override
    public List<String> parse(String text) {
      String s = text == null ? "" : text;
      List<String> prefixes = new ArrayList<>();
      int start = 0;
      for (int i = 0; i <= s.length(); i++) {
        if (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != '+' && !Character.isWhitespace(s.charAt(i))) {
          continue;
        }
        String token = s.substring(start, i);
        start = i + 1;
        if (token.isEmpty()) {
          continue;
        }
        String name = token.endsWith(".*") ? token.substring(0, token.length() - 2)
            : token.endsWith(".") ? token.substring(0, token.length() - 1) : token;
        if (!ApplicationPackages.isQualifiedName(name)) {
          throw new IllegalArgumentException(
              "has \"" + AgentConfig.shown(token) + "\", which is not a Java package name; " + ACCEPTED);
        }
        if (!prefixes.contains(name)) {
          prefixes.add(name);
        }
      }
      if (prefixes.isEmpty()) {
        throw new IllegalArgumentException("is empty; " + ACCEPTED);
      }
      return Collections.unmodifiableList(prefixes);
    }

    @Override
    public String describe() {
      return "package names, separated by commas: com.acme,org.example.shop";
    }

    @Override
    public String format(List<String> value) {
      return String.join(",", value);
    }
  }
}
