package io.connlens.agent.jdbc;

import java.util.Properties;

/**
 * Reads JDBC URLs for output: {@link #redact} removes passwords (no output of connlens may contain
 * one), {@link #user} finds the user name.
 *
 * <p>Hand-written scanners, not regular expressions: a URL comes from the application and may be
 * anything, and every method here runs in time linear in its length and never throws. The
 * scanners of {@link #redact} read the URL through {@link CharSequence#charAt} alone, so that a test
 * can count the characters they read.
 */
public final class JdbcUrls {

  /** What a password is replaced with. */
  public static final String MASK = "***";

  /** For searches that look at every character: a mask that hides none (and is never told to). */
  private static final Mask NOTHING_HIDDEN = new Mask(0);

  private JdbcUrls() {}

  /**
   * The URL with every password replaced by {@value #MASK}; {@code null} for {@code null}.
   *
   * <p>Recognised forms:
   *
   * <ul>
   *   <li>parameters {@code key=value} after {@code ?}, {@code &}, {@code ;}, {@code :}, {@code (}
   *       or {@code ,} (pgjdbc, MySQL, MariaDB, H2 {@code ;PASSWORD=x}, SQL Server {@code
   *       ;password=x;} and its {@code {braced}} values, DB2, Derby, MySQL's {@code (host=..,
   *       password=..)} host lists), where the key, in any case, contains {@code password}, {@code
   *       passwd}, {@code secret} or {@code token}, or ends with {@code pwd}: {@code password},
   *       {@code PWD}, {@code sslpassword}, {@code trustStorePassword}, {@code accessToken};
   *   <li>user info {@code //user:secret@host};
   *   <li>Oracle {@code jdbc:oracle:thin:scott/tiger@host}, also under a wrapper driver's prefix
   *       ({@code jdbc:p6spy:oracle:thin:}, {@code jdbc:log4jdbc:oracle:}, {@code
   *       jdbc:otel:oracle:}) and with a quoted user holding an {@code @} ({@code
   *       "scott@corp"/tiger@host}).
   * </ul>
   *
   * <p>When unsure where a password ends, more is removed rather than less. Applying it twice gives
   * the same text as once. Some user-info shapes are read otherwise and so are not masked: a
   * password holding a {@code ;} and later a {@code =} ({@code //me:a;b=c@host}) is read as
   * parameters, because SQL Server's {@code //host:1433;user=me@domain} looks the same; one holding
   * a {@code /} or {@code ?} and later a {@code :}, {@code ;}, {@code &}, or (after a {@code ?}) a
   * {@code =}, is read as a path or a query (see {@link #maskUserInfo}).
   */
  public static String redact(String url) {
    return redact((CharSequence) url);
  }

  /** {@code url} redacted, without a leading {@code jdbc:} (in any case): what names a pool or a server. */
  public static String redactedBody(String url) {
    String redacted = redact(url);
    return redacted.regionMatches(true, 0, "jdbc:", 0, 5) ? redacted.substring(5) : redacted;
  }

  /** {@code text} up to its first {@code ;} or {@code ?}: a URL without its properties and query. */
  public static String beforeProperties(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ';' || c == '?') {
        return text.substring(0, i);
      }
    }
    return text;
  }

  /**
   * The same for any character sequence, read only through {@code length()} and {@code charAt()}:
   * the tests pass one that counts the characters read, to check the work is linear without
   * timing anything. Returns {@code url.toString()} when nothing is masked.
   */
  static String redact(CharSequence url) {
    if (url == null) {
      return null;
    }
    Mask mask = new Mask(url.length());
    // Parameters first: the other scanners look for an '@' and must not find one in a password.
    Parameters parameters = new Parameters(url);
    while (parameters.next()) {
      if (parameters.isSecret()) {
        int end = parameters.valueEnd();
        mask.hide(parameters.valueStart(), end);
        parameters.skipTo(end);
      }
    }
    maskUserInfo(url, mask);
    maskOraclePassword(url, mask);
    return mask.apply(url);
  }

  /**
   * The user name: {@code user} in {@code info} when given, else from the URL ({@code user=} or
   * {@code username=} parameter, {@code //user@host} user info, Oracle {@code scott/}), else {@code
   * null}. Read from the redacted URL, so it can never return part of a password.
   */
  public static String user(String url, Properties info) {
    if (info != null) {
      String user = info.getProperty("user");
      if (user != null && !user.isEmpty()) {
        return user;
      }
    }
    if (url == null) {
      return null;
    }
    String redacted = redact(url);
    String user = userParameter(redacted);
    if (user == null) {
      user = userInfoUser(redacted);
    }
    if (user == null) {
      user = oracleUser(redacted);
    }
    return user == null || user.isEmpty() || user.equals(MASK) ? null : user;
  }

  private static String userParameter(String url) {
    Parameters parameters = new Parameters(url);
    while (parameters.next()) {
      if (parameters.isSecret()) {
        parameters.skipTo(parameters.valueEnd());
      } else if (parameters.keyIs("user") || parameters.keyIs("username")) {
        return unquoted(url.substring(parameters.valueStart(), parameters.valueEnd()).trim());
      }
    }
    return null;
  }

  private static String unquoted(String value) {
    if (value.length() >= 2) {
      char first = value.charAt(0);
      char last = value.charAt(value.length() - 1);
      if ((first == '{' && last == '}') || ((first == '"' || first == '\'') && last == first)) {
        return value.substring(1, value.length() - 1);
      }
    }
    return value;
  }

  /**
   * Masks the password of {@code //user:password@host} after every {@code //}. The authority ends
   * at the first {@code /} or {@code ?}, and within it the last {@code @} ends the user info, so a
   * password may contain {@code @} and {@code #}.
   *
   * <p>A password may contain {@code /} too (base64 does), and {@code ?} (a driver wants it
   * percent-encoded, but connlens shows the URL as the application wrote it). When the authority has a
   * {@code :} but no {@code @}, the search goes on past the {@code /} or {@code ?} to an {@code @},
   * unless a parameter may start first: a {@code :}, {@code ;}, {@code &} or {@code ?} (a path's
   * parameters, as in DB2's {@code //db:50000/app:user=me@corp}), and after a {@code ?} also a
   * {@code =} or {@code /} (a query, as in {@code //db:5432?user=me@corp}). From that {@code @} the
   * authority ends at the next {@code /} or {@code ?} as usual, and its last {@code @} ends the
   * password. That is the {@code @} a second pass finds once the password is masked, which keeps
   * {@link #redact} idempotent.
   */
  private static void maskUserInfo(CharSequence url, Mask mask) {
    int n = url.length();
    int i = 0;
    while (i + 1 < n) {
      if (!(isChar(url, i, '/', mask) && isChar(url, i + 1, '/', mask))) {
        i++;
        continue;
      }
      int start = i + 2;
      int end = authorityEnd(url, start, mask);
      int lastAt = lastIndexOf(url, '@', start, end, mask);
      int colon = indexOf(url, ':', start, lastAt >= 0 ? lastAt : end, mask);
      if (lastAt >= 0) {
        if (colon >= 0 && !looksLikeParameters(url, start, lastAt, mask)) {
          mask.hide(colon + 1, lastAt);
        }
      } else if (colon >= 0 && (isChar(url, end, '/', mask) || isChar(url, end, '?', mask))) {
        int firstAt = url.charAt(end) == '/'
            ? atBeforeParameters(url, end + 1, ":;&?", mask)
            : atBeforeParameters(url, end + 1, ":;&?=/", mask);
        if (firstAt >= 0) {
          int realEnd = authorityEnd(url, firstAt, mask);
          mask.hide(colon + 1, lastIndexOf(url, '@', firstAt, realEnd, mask));
          end = realEnd;
        }
      }
      // Authorities, and the searches past their '/', do not overlap: linear overall.
      i = end;
    }
  }

  /** The index of the first {@code /} or {@code ?} from {@code from}, or the length. */
  private static int authorityEnd(CharSequence url, int from, Mask mask) {
    int i = from;
    while (i < url.length() && !isChar(url, i, '/', mask) && !isChar(url, i, '?', mask)) {
      i++;
    }
    return i;
  }

  /**
   * The first {@code @} from {@code from}, unless one of {@code parameterStarts} comes first; -1
   * if none.
   */
  private static int atBeforeParameters(CharSequence url, int from, String parameterStarts, Mask mask) {
    for (int i = from; i < url.length(); i++) {
      if (mask.isHidden(i)) {
        continue;
      }
      char c = url.charAt(i);
      if (c == '@') {
        return i;
      }
      if (parameterStarts.indexOf(c) >= 0) {
        return -1;
      }
    }
    return -1;
  }

  /** The user of the first {@code //user:password@host} or {@code //user@host}, or null. */
  private static String userInfoUser(String url) {
    int n = url.length();
    int slashes = url.indexOf("//");
    if (slashes < 0) {
      return null;
    }
    int start = slashes + 2;
    int end = start;
    int lastAt = -1;
    while (end < n && "/?".indexOf(url.charAt(end)) < 0) {
      if (url.charAt(end) == '@') {
        lastAt = end;
      }
      end++;
    }
    if (lastAt < 0 || looksLikeParameters(url, start, lastAt, NOTHING_HIDDEN)) {
      return null;
    }
    int colon = indexOf(url, ':', start, lastAt, NOTHING_HIDDEN);
    return url.substring(start, colon >= 0 ? colon : lastAt);
  }

  /**
   * Whether the text before an {@code @} is SQL Server style {@code host:port;user=u@domain}, a
   * parameter value with an {@code @}, rather than user info: a {@code ;} followed by a {@code =}.
   */
  private static boolean looksLikeParameters(CharSequence url, int start, int end, Mask mask) {
    int semicolon = indexOf(url, ';', start, end, mask);
    return semicolon >= 0 && indexOf(url, '=', semicolon, end, mask) >= 0;
  }

  /**
   * Masks the password of {@code jdbc:oracle:<driver>:user/password@database}: up to the last
   * {@code @} (a quoted password may contain one), or to the end when there is none.
   */
  private static void maskOraclePassword(CharSequence url, Mask mask) {
    int slash = oracleUserEnd(url, mask);
    if (slash < 0 || url.charAt(slash) != '/') {
      return;
    }
    int end = url.length();
    for (int i = url.length() - 1; i > slash; i--) {
      if (url.charAt(i) == '@' && !mask.isHidden(i)) {
        end = i;
        break;
      }
    }
    mask.hide(slash + 1, end);
  }

  private static String oracleUser(String url) {
    int end = oracleUserEnd(url, NOTHING_HIDDEN);
    if (end < 0) {
      return null;
    }
    return unquoted(url.substring(oracleUserStart(url), end));
  }

  /**
   * In {@code jdbc:oracle:thin:scott/tiger@host}, the index of the {@code /} or {@code @} after the
   * user ({@code scott}); -1 when the URL is not Oracle's or names no user. An {@code @} inside
   * quotes is the user's ({@code "scott@corp"/tiger@host}); a {@code /} always ends the user, even
   * in quotes, so that no {@code //} of the user-info scanner can start in a user, only in the
   * password that is masked whole. A hidden character counts as the mask that will replace it, an
   * ordinary character, so that redacting twice reads the same.
   */
  private static int oracleUserEnd(CharSequence url, Mask mask) {
    int userStart = oracleUserStart(url);
    if (userStart < 0) {
      return -1;
    }
    boolean quoted = false;
    for (int i = userStart; i < url.length(); i++) {
      if (mask.isHidden(i)) {
        continue;
      }
      char c = url.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '/' || (c == '@' && !quoted)) {
        return i > userStart ? i : -1;
      }
    }
    return -1;
  }

  /**
   * Where the user starts in an Oracle URL: after {@code jdbc:oracle:<driver>:}, where wrapper
   * drivers put their own words before {@code oracle} ({@code jdbc:p6spy:oracle:thin:}); -1 when
   * the URL is not Oracle's. Reads only the leading words and colons.
   */
  private static int oracleUserStart(CharSequence url) {
    if (!startsWithIgnoringCase(url, "jdbc")) {
      return -1;
    }
    int wordStart = 0;
    boolean afterOracle = false;
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == ':') {
        if (afterOracle) {
          return i + 1; // the end of the driver's word: thin, oci, kprb
        }
        afterOracle = wordStart > 0 && isWord(url, wordStart, i, "oracle");
        wordStart = i + 1;
      } else if (!isSchemeChar(c)) {
        return -1;
      }
    }
    return -1;
  }

  /** The characters of the words before a JDBC URL's first non-scheme part: jdbc, p6spy, oracle, thin. */
  private static boolean isSchemeChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '_' || c == '.';
  }

  /** Whether {@code text[start, end)} is {@code word}, lower-case ASCII, in any case. */
  private static boolean isWord(CharSequence text, int start, int end, String word) {
    if (end - start != word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (Character.toLowerCase(text.charAt(start + i)) != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code text} starts with {@code prefix}, a lower-case ASCII word, in any case. */
  private static boolean startsWithIgnoringCase(CharSequence text, String prefix) {
    return text.length() >= prefix.length() && isWord(text, 0, prefix.length(), prefix);
  }

  private static boolean isChar(CharSequence url, int i, char c, Mask mask) {
    return i < url.length() && url.charAt(i) == c && !mask.isHidden(i);
  }

  private static int lastIndexOf(CharSequence url, char c, int from, int to, Mask mask) {
    for (int i = to - 1; i >= from; i--) {
      if (url.charAt(i) == c && !mask.isHidden(i)) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(CharSequence url, char c, int from, int to, Mask mask) {
    for (int i = from; i < to; i++) {
      if (url.charAt(i) == c && !mask.isHidden(i)) {
        return i;
      }
    }
    return -1;
  }

  /** The characters to hide, and the text with each run of them replaced by {@value #MASK}. */
  private static final class Mask {
    private final int length;
    private boolean[] hidden; // allocated on the first hide(): most URLs hold no password

    Mask(int length) {
      this.length = length;
    }

    void hide(int start, int end) {
      if (start >= end) {
        return; // an empty password stays empty: nothing is hidden by masking it
      }
      if (hidden == null) {
        hidden = new boolean[length];
      }
      for (int i = start; i < end; i++) {
        hidden[i] = true;
      }
    }

    boolean isHidden(int i) {
      return hidden != null && i < length && hidden[i];
    }

    String apply(CharSequence text) {
      if (hidden == null) {
        return text.toString();
      }
      StringBuilder out = new StringBuilder(text.length());
      for (int i = 0; i < text.length(); i++) {
        if (!hidden[i]) {
          out.append(text.charAt(i));
        } else if (i == 0 || !hidden[i - 1]) {
          out.append(MASK);
        }
      }
      return out.toString();
    }
  }

  /**
   * Walks the {@code key=value} parameters of a URL, in one pass. A key is the run of letters,
   * digits, {@code _ . -} right before a {@code =} (spaces allowed between). A value ends at {@code
   * &} or {@code ;}, and also at {@code ,} or {@code )} when the key follows {@code (} or {@code ,}
   * (MySQL's {@code (host=h,password=p)} and {@code address=(password=p)}); a value starting with
   * {@code {} (SQL Server) or a quote runs to the closing one, then on to the end of the value. The
   * walk goes on inside a value, unless the caller skips it, so a key hidden in another value is
   * found too; skipping values that are found to be secrets keeps the whole walk linear.
   */
  private static final class Parameters {
    private final CharSequence s;
    private int position;
    private int keyStart;
    private int keyEnd;
    private int valueStart;
    private boolean inList;

    Parameters(CharSequence s) {
      this.s = s;
    }

    /** Moves to the next parameter; false when there is none. */
    boolean next() {
      int runStart = -1; // the key candidate: a run of key characters...
      int runEnd = -1;
      int gapEnd = -1; // ...and the spaces after it ("Password = x")
      for (int i = position; i < s.length(); i++) {
        char c = s.charAt(i);
        if (isKeyChar(c)) {
          if (i != runEnd) {
            runStart = i;
          }
          runEnd = i + 1;
          gapEnd = i + 1;
        } else if ((c == ' ' || c == '\t') && gapEnd == i) {
          gapEnd = i + 1;
        } else if (c == '=' && runStart >= 0 && gapEnd == i) {
          keyStart = runStart;
          keyEnd = runEnd;
          valueStart = i + 1;
          char before = keyStart == 0 ? '\0' : s.charAt(keyStart - 1);
          inList = before == '(' || before == ',';
          position = i + 1;
          return true;
        } else {
          runStart = -1;
          runEnd = -1;
          gapEnd = -1;
        }
      }
      position = s.length();
      return false;
    }

    int valueStart() {
      return valueStart;
    }

    /** Where the current value ends, exclusive; scans only the value. */
    int valueEnd() {
      int i = valueStart;
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
      if (i < s.length()) {
        char open = s.charAt(i);
        if (open == '{') {
          i = closingBrace(i + 1);
        } else if (open == '"' || open == '\'') {
          int close = indexOf(s, open, i + 1, s.length(), NOTHING_HIDDEN);
          i = close < 0 ? s.length() : close + 1;
        }
      }
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '&' || c == ';' || (inList && (c == ',' || c == ')'))) {
          break;
        }
        i++;
      }
      return i;
    }

    /** After {@code {...}}; in SQL Server's braces {@code }}} is a literal brace. */
    private int closingBrace(int from) {
      int i = from;
      while (i < s.length()) {
        if (s.charAt(i) == '}') {
          if (i + 1 < s.length() && s.charAt(i + 1) == '}') {
            i += 2;
            continue;
          }
          return i + 1;
        }
        i++;
      }
      return s.length();
    }

    /** Continues the walk at {@code index}, skipping the value before it. */
    void skipTo(int index) {
      position = Math.max(position, index);
    }

    boolean keyIs(String name) {
      return keyEnd - keyStart == name.length() && keyHasAt(keyStart, name);
    }

    /**
     * Whether the current key names a password or a like secret: it contains {@code passw},
     * {@code secret} or {@code token}, or ends with {@code pwd}, in any case. Compared in place,
     * without a copy of the key, so that every character read is one the caller can count.
     */
    boolean isSecret() {
      if (keyEnd - keyStart >= 3 && keyHasAt(keyEnd - 3, "pwd")) {
        return true;
      }
      for (int i = keyStart; i < keyEnd; i++) {
        if (keyHasAt(i, "passw") || keyHasAt(i, "secret") || keyHasAt(i, "token")) {
          return true;
        }
      }
      return false;
    }

    /** Whether the key has {@code word}, lower-case ASCII, at {@code at}, in any case. */
    private boolean keyHasAt(int at, String word) {
      if (keyEnd - at < word.length()) {
        return false;
      }
      for (int j = 0; j < word.length(); j++) {
        // key characters are ASCII: see isKeyChar
        if ((s.charAt(at + j) | 0x20) != word.charAt(j)) {
          return false;
        }
      }
      return true;
    }

    private static boolean isKeyChar(char c) {
      return (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '.'
          || c == '-';
    }
  }
}
