package io.connlens.agent.application;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The package prefixes that are the application ({@code app.packages}, else inferred from how the JVM
 * was launched) and those that are not although they would match ({@code app.packages.exclude}). A
 * prefix names a package and everything below it, or a class and its nested classes: {@code com.acme}
 * matches {@code com.acme.Main} and {@code com.acme.web.OrderController}, never {@code com.acmeco.X}.
 */
public final class ApplicationPackages {
  /** No package is known to be the application: known infrastructure prefixes alone decide. */
  public static final ApplicationPackages NONE = new ApplicationPackages(List.of(), List.of(), "none");

  private final List<String> included;
  private final List<String> excluded;
  private final String source;

  /**
   * @param included the application's prefixes, as configured or inferred ({@code com.acme},
   *     {@code com.acme.} and {@code com.acme.*} are the same prefix)
   * @param excluded prefixes that are never the application, even inside an included one
   * @param source how {@code included} was decided, for the report (e.g. {@code "app.packages"})
   */
  public ApplicationPackages(List<String> included, List<String> excluded, String source) {
    this.included = normalized(included);
    this.excluded = normalized(excluded);
    this.source = source;
  }

  /** The application's prefixes, without trailing dots or wildcards. */
  public List<String> included() {
    return included;
  }

  /** The excluded prefixes, without trailing dots or wildcards. */
  public List<String> excluded() {
    return excluded;
  }

  /** How the included prefixes were decided: the key, the inference, or {@code none}. */
  public String source() {
    return source;
  }

  /** The length of the longest included prefix {@code className} is in, or 0 when none. */
  public int includedMatch(String className) {
    return longestMatch(included, className);
  }

  /** The length of the longest excluded prefix {@code className} is in, or 0 when none. */
  public int excludedMatch(String className) {
    return longestMatch(excluded, className);
  }

  /**
   * The length of the longest of {@code prefixes} that {@code className} is in, or 0: a prefix matches
   * the class of that name, its nested classes, and every class in that package or below it.
   */
  public static int longestMatch(List<String> prefixes, String className) {
    int best = 0;
    for (int i = 0; i < prefixes.size(); i++) {
      String p = prefixes.get(i);
      if (p.length() > best && isIn(className, p)) {
        best = p.length();
      }
    }
    return best;
  }

  /** Whether {@code className} is the class or package {@code prefix} (no trailing dot), or inside it. */
  public static boolean isIn(String className, String prefix) {
    if (!className.startsWith(prefix)) {
      return false;
    }
    if (className.length() == prefix.length()) {
      return true;
    }
    char next = className.charAt(prefix.length());
    return next == '.' || next == '$';
  }

  /** {@code com.acme.*} and {@code com.acme.} as {@code com.acme}; duplicates dropped, order kept. */
  static List<String> normalized(List<String> prefixes) {
    List<String> out = new ArrayList<>(prefixes.size());
    for (String p : prefixes) {
      String s = p.trim();
      if (s.endsWith(".*")) {
        s = s.substring(0, s.length() - 2);
      }
      while (s.endsWith(".")) {
        s = s.substring(0, s.length() - 1);
      }
      if (!s.isEmpty() && !out.contains(s)) {
        out.add(s);
      }
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public String toString() {
    return included + (excluded.isEmpty() ? "" : " excluding " + excluded) + " (" + source + ")";
  }

  /** Whether {@code name} is a qualified Java name: dot-separated identifiers ({@code $} allowed, as in nested class names). */
  public static boolean isQualifiedName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    boolean segmentStart = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '.') {
        if (segmentStart) {
          return false;
        }
        segmentStart = true;
      } else if (segmentStart ? Character.isJavaIdentifierStart(c) : Character.isJavaIdentifierPart(c)) {
        segmentStart = false;
      } else {
        return false;
      }
    }
    return !segmentStart;
  }
}
