package io.connlens.it;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JDBC URL edits the tests need: adding or replacing a query parameter, hiding a password. */
final class Urls {
  private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

  private Urls() {
  }

  /** {@code url} with {@code name=value}: replaces an existing value, or appends the parameter. */
  static String withParameter(String url, String name, String value) {
    Pattern existing = Pattern.compile("([?&;]" + Pattern.quote(name) + "=)[^&;]*");
    if (existing.matcher(url).find()) {
      return existing.matcher(url).replaceFirst("$1" + Matcher.quoteReplacement(value));
    }
    return url + (url.contains("?") ? "&" : "?") + name + "=" + value;
  }

  /** {@code url} with any password value replaced by {@code ***}, for messages. */
  static String withoutPassword(String url) {
    return PASSWORD.matcher(url).replaceAll("$1***");
  }
}
