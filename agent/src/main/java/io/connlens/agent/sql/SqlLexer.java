package io.connlens.agent.sql;

/**
 * The single pass behind {@link SqlFingerprint#of}: reads the SQL once from left to right, writes
 * the normalized text as it goes and feeds each token to three small state machines (IN lists,
 * VALUES rows, statement kind).
 *
 * <p>Linear on any input: every loop moves forward, lookahead is at most three characters, no token
 * is read more than a few times, and the search for the {@code $tag$} closing a dollar quote goes
 * on after the characters it has matched. Collapsing an IN list or a VALUES row only shortens the
 * output back to a remembered position. The tests count the characters read. Nothing here throws on any input: unterminated quotes
 * and comments run to the end, and every index is checked against the length.
 *
 * <p>One instance lexes one statement; it is not thread-safe and not reused.
 */
final class SqlLexer {

  // Token types, for the state machines and the spacing rules.
  private static final int NONE = 0;
  private static final int WORD = 1; // identifier or keyword
  private static final int PLACEHOLDER = 2; // '?', written for a replaced literal or a '?' itself
  private static final int PARAMETER = 3; // $1, :1, ?1: kept as written
  private static final int QUOTED_IDENTIFIER = 4; // "x", `x`, [x]: kept as written
  private static final int OPEN = 5; // (
  private static final int CLOSE = 6; // )
  private static final int COMMA = 7; // ,
  private static final int PUNCTUATION = 8; // any other single character

  // Keywords the state machines react to; every other word is NO_KEYWORD.
  private static final int NO_KEYWORD = 0;
  private static final int IN = 1;
  private static final int VALUES = 2;
  private static final int WITH = 3;
  private static final int ARRAY = 4;
  private static final int SELECT = 5;
  private static final int INSERT = 6;
  private static final int UPDATE = 7;
  private static final int DELETE = 8;
  private static final int MERGE = 9;
  private static final int CALL = 10;
  private static final int REPLACE = 11;
  private static final int UPSERT = 12;

  // Where the VALUES state machine is.
  private static final int VALUES_NONE = 0;
  private static final int VALUES_AWAIT_ROW = 1; // after the VALUES keyword
  private static final int VALUES_FIRST_ROW = 2; // inside the first row, which is kept
  private static final int VALUES_AFTER_ROW = 3; // after a row's ')'
  private static final int VALUES_AFTER_COMMA = 4; // after "(..),": another row may follow
  private static final int VALUES_EXTRA_ROW = 5; // inside a later row, which is dropped

  // Where the statement-kind state machine is.
  private static final int KIND_BEFORE_FIRST_WORD = 0;
  private static final int KIND_IN_CTE_LIST = 1; // after WITH, looking for the main verb
  private static final int KIND_DECIDED = 2;

  private final CharSequence sql;
  private final int length;
  private final Output out;
  private int position;

  // The previous token, for spacing and for the rules that depend on what came before.
  private int previousType = NONE;
  private char previousPunctuation;
  private int previousKeyword = NO_KEYWORD;
  /** No whitespace or comment between the previous token and the current position. */
  private boolean adjacent;
  /** Whitespace or a comment was seen since the previous token: one space may be written. */
  private boolean pendingSpace;

  private int parenthesisDepth;

  // IN list candidate: a '(' right after the keyword IN whose items so far are all '?'.
  private long inListOpenAt = -1; // output index of its '(', -1 when there is no candidate
  private int inListItems;
  private boolean inListExpectsItem;
  private int largestInList;

  private int valuesState = VALUES_NONE;
  private int valuesDepth; // parenthesis depth outside the rows
  private long valuesFirstRowEnd; // output length right after the first row's ')'
  private int valuesRowCount;
  private int largestValuesRows;

  private int kindState = KIND_BEFORE_FIRST_WORD;
  private int cteDepth;
  private StatementKind kind = StatementKind.OTHER;

  SqlLexer(CharSequence sql) {
    this.sql = sql;
    this.length = sql.length();
    this.out = new Output(length);
  }

  SqlFingerprint fingerprint() {
    while (position < length) {
      lexToken();
    }
    return new SqlFingerprint(out.text(), kind, largestInList, largestValuesRows);
  }

  private void lexToken() {
    char c = sql.charAt(position);
    if (isWhitespace(c)) {
      skipWhitespace();
      return;
    }
    switch (c) {
      case '-':
        if (next(1) == '-') {
          skipLineComment();
        } else if (!lexSignedNumber()) {
          punctuation(c);
        }
        return;
      case '+':
        if (!lexSignedNumber()) {
          punctuation(c);
        }
        return;
      case '/':
        if (next(1) == '*') {
          skipBlockComment();
        } else {
          punctuation(c);
        }
        return;
      case '\'':
        literal(skipString(position + 1, false));
        return;
      case '"':
      case '`':
        quotedIdentifier(skipQuoted(position + 1, c));
        return;
      case '[':
        if (startsSubscript()) {
          punctuation(c);
        } else {
          quotedIdentifier(skipQuoted(position + 1, ']'));
        }
        return;
      case '$':
        lexDollar();
        return;
      case '?':
        if (isAsciiDigit(next(1))) {
          parameter(skipWordPart(position + 1)); // ?1: SQLite and JPQL numbered parameter
        } else {
          literal(position + 1);
        }
        return;
      case ':':
        if (isAsciiDigit(next(1)) && !followsOperand()) {
          parameter(skipWordPart(position + 1)); // :1, Oracle's numbered bind
        } else {
          punctuation(c); // ::cast, :name (the name follows as a word), a[1:2]
        }
        return;
      case '.':
        if (isAsciiDigit(next(1)) && !followsName()) {
          lexNumber(position);
        } else {
          punctuation(c);
        }
        return;
      case '(':
        token(OPEN, c, NO_KEYWORD);
        out.append(c);
        position++;
        return;
      case ')':
        token(CLOSE, c, NO_KEYWORD);
        return;
      case ',':
        token(COMMA, c, NO_KEYWORD);
        out.append(c);
        position++;
        pendingSpace = true; // canonical ", "
        return;
      default:
        if (isAsciiDigit(c)) {
          lexNumber(position);
        } else if (isWordStart(c)) {
          lexWord();
        } else {
          punctuation(c);
        }
    }
  }

  // ---- whitespace and comments: dropped, but they separate tokens like a space

  private void skipWhitespace() {
    position++;
    while (position < length && isWhitespace(sql.charAt(position))) {
      position++;
    }
    gap();
  }

  private void skipLineComment() {
    position += 2;
    while (position < length) {
      char c = sql.charAt(position);
      if (c == '\n' || c == '\r') {
        break;
      }
      position++;
    }
    gap();
  }

  /** PostgreSQL nests block comments; an unterminated one runs to the end. */
  private void skipBlockComment() {
    position += 2;
    int depth = 1;
    while (position < length && depth > 0) {
      char c = sql.charAt(position);
      if (c == '*' && next(1) == '/') {
        depth--;
        position += 2;
      } else if (c == '/' && next(1) == '*') {
        depth++;
        position += 2;
      } else {
        position++;
      }
    }
    gap();
  }

  private void gap() {
    adjacent = false;
    pendingSpace = true;
  }

  // ---- literals

  /**
   * Index after a string literal whose opening quote is just before {@code from}: {@code ''} is an
   * escaped quote, and so is {@code \'} when {@code backslashEscapes} (PostgreSQL {@code E'..'}).
   */
  private int skipString(int from, boolean backslashEscapes) {
    int i = from;
    while (i < length) {
      char c = sql.charAt(i);
      if (c == '\'') {
        if (i + 1 < length && sql.charAt(i + 1) == '\'') {
          i += 2;
        } else {
          return i + 1;
        }
      } else if (c == '\\' && backslashEscapes) {
        i += 2;
      } else {
        i++;
      }
    }
    return length;
  }

  /** Index after Oracle's {@code q'<delimiter>..<closing delimiter>'}, {@code from} at the delimiter. */
  private int skipOracleQuote(int from) {
    if (from >= length) {
      return length;
    }
    char open = sql.charAt(from);
    char close = open == '[' ? ']' : open == '(' ? ')' : open == '{' ? '}' : open == '<' ? '>' : open;
    for (int i = from + 1; i < length; i++) {
      if (sql.charAt(i) == close && i + 1 < length && sql.charAt(i + 1) == '\'') {
        return i + 2;
      }
    }
    return length;
  }

  /** Index after the closing {@code quote} of a quoted identifier; a doubled quote is escaped. */
  private int skipQuoted(int from, char quote) {
    int i = from;
    while (i < length) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < length && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return length;
  }

  /**
   * {@code $1} (positional parameter, kept), {@code $$..$$} and {@code $tag$..$tag$} (PostgreSQL
   * dollar quotes, replaced), {@code $name} (a word), or a lone {@code $}.
   */
  private void lexDollar() {
    char c = next(1);
    if (isAsciiDigit(c)) {
      parameter(skipWordPart(position + 1));
      return;
    }
    if (c == '$') {
      literal(skipDollarQuoted(position + 2, position + 1, position + 1));
      return;
    }
    if (!isWordStart(c)) {
      punctuation('$');
      return;
    }
    int tagStart = position + 1;
    int tagEnd = tagStart;
    while (tagEnd < length && isTagPart(sql.charAt(tagEnd))) {
      tagEnd++;
    }
    if (tagEnd < length && sql.charAt(tagEnd) == '$') {
      literal(skipDollarQuoted(tagEnd + 1, tagStart, tagEnd));
    } else {
      // Not a quote: the tag characters were a name ($ is part of names in PostgreSQL); tagEnd
      // is not a word character, so the word ends there and nothing is read twice.
      word(position, tagEnd);
    }
  }

  /**
   * Index after the {@code $tag$} that closes a dollar quote whose body starts at {@code from}.
   *
   * <p>Linear although the tag may be long: when a {@code $} is followed by {@code k} characters
   * that match the tag but not the whole closing delimiter, those {@code k} characters are tag
   * characters, never a {@code $}, so no closing delimiter can start among them and the search goes
   * on after them.
   */
  private int skipDollarQuoted(int from, int tagStart, int tagEnd) {
    int tagLength = tagEnd - tagStart;
    int i = from;
    while (i < length) {
      if (sql.charAt(i) != '$') {
        i++;
        continue;
      }
      int matched = 0;
      while (matched < tagLength
          && i + 1 + matched < length
          && sql.charAt(i + 1 + matched) == sql.charAt(tagStart + matched)) {
        matched++;
      }
      int closing = i + 1 + matched;
      if (matched == tagLength && closing < length && sql.charAt(closing) == '$') {
        return closing + 1;
      }
      i = closing;
    }
    return length;
  }

  /**
   * A number at {@code start} (a digit, or a {@code .} before a digit). Digits followed by letters
   * with no fraction or exponent ({@code 1abc}) are a name, as MySQL allows, and are kept.
   */
  private void lexNumber(int start) {
    int end = skipNumber(start);
    if (end < 0) {
      word(start, skipWordPart(-end));
    } else {
      literal(end);
    }
  }

  /**
   * A sign before a number after an operator, {@code (}, {@code ,} or at the start ({@code a=-5},
   * {@code (-1, +2)}) is part of the literal, so {@code a=5} and {@code a=-5} have one fingerprint;
   * after a name or a value ({@code x-1}, {@code ?-1}) it is an operator. False if no such literal.
   */
  private boolean lexSignedNumber() {
    char c = next(1);
    boolean numberFollows = isAsciiDigit(c) || (c == '.' && isAsciiDigit(next(2)));
    boolean unary =
        previousType == NONE
            || previousType == OPEN
            || previousType == COMMA
            || (previousType == PUNCTUATION
                && previousPunctuation != ']'
                && previousPunctuation != '}'
                && previousPunctuation != '.');
    if (!numberFollows || !unary) {
      return false;
    }
    int end = skipNumber(position + 1);
    if (end < 0) {
      return false; // -1abc: the sign is an operator before a name
    }
    literal(end);
    return true;
  }

  /**
   * Index after the number at {@code start}: {@code 0x1F}, {@code 42}, {@code 1_000}, {@code 3.14},
   * {@code .5}, {@code 1e10}, {@code 1.5E-3}. When plain digits run into a word character, minus
   * the index of that character (the caller reads a name instead); never re-reads.
   */
  private int skipNumber(int start) {
    int i = start;
    char c = sql.charAt(i);
    if (c == '0') {
      char x = next(i, 1);
      if ((x == 'x' || x == 'X') && isHexDigit(next(i, 2))) {
        i += 3;
        while (isHexDigit(next(i, 0))) {
          i++;
        }
        return i;
      }
    }
    // next(..) is '\0' past the end, which is neither a digit nor a word character.
    while (isAsciiDigit(c) || (c == '_' && i > start && isAsciiDigit(next(i, 1)))) {
      c = next(++i, 0);
    }
    boolean plainDigits = true;
    if (c == '.' && isAsciiDigit(next(i, 1))) {
      plainDigits = false;
      i += 2;
      c = next(i, 0);
      while (isAsciiDigit(c)) {
        c = next(++i, 0);
      }
    }
    if (c == 'e' || c == 'E') {
      int digits = i + 1;
      char sign = next(digits, 0);
      if (sign == '+' || sign == '-') {
        digits++;
      }
      if (isAsciiDigit(next(digits, 0))) {
        plainDigits = false;
        i = digits + 1;
        c = next(i, 0);
        while (isAsciiDigit(c)) {
          c = next(++i, 0);
        }
      }
    }
    if (plainDigits && isWordPart(c)) {
      return -i;
    }
    return i;
  }

  // ---- words and prefixed literals

  private void lexWord() {
    char c = sql.charAt(position);
    char c1 = next(1);
    switch (c) {
      case 'n':
      case 'N':
        if (c1 == '\'') {
          literal(skipString(position + 2, false)); // N'national'
          return;
        }
        if ((c1 == 'q' || c1 == 'Q') && next(2) == '\'') {
          literal(skipOracleQuote(position + 3)); // nq'[..]'
          return;
        }
        break;
      case 'e':
      case 'E':
        if (c1 == '\'') {
          literal(skipString(position + 2, true)); // E'it\'s'
          return;
        }
        break;
      case 'b':
      case 'B':
      case 'x':
      case 'X':
        if (c1 == '\'') {
          literal(skipString(position + 2, false)); // B'0101', X'1F'
          return;
        }
        break;
      case 'u':
      case 'U':
        if (c1 == '&' && next(2) == '\'') {
          literal(skipString(position + 3, false)); // U&'d\0061t\+000061'
          return;
        }
        break;
      case 'q':
      case 'Q':
        if (c1 == '\'') {
          literal(skipOracleQuote(position + 2)); // q'[it's]'
          return;
        }
        break;
      default:
        break;
    }
    word(position, skipWordPart(position + 1));
  }

  private int skipWordPart(int from) {
    int i = from;
    while (i < length && isWordPart(sql.charAt(i))) {
      i++;
    }
    return i;
  }

  // ---- context rules

  /**
   * {@code [} is a subscript ({@code arr[1]}, {@code ARRAY[1, 2]}, {@code (f(x))[1]}) right after
   * a name, a value or a closing bracket, or after the keyword ARRAY; elsewhere it opens a SQL
   * Server quoted identifier ({@code [Order]}, {@code [dbo].[t]}).
   */
  private boolean startsSubscript() {
    if (previousType == WORD && previousKeyword == ARRAY) {
      return true;
    }
    return adjacent
        && (previousType == WORD
            || previousType == PLACEHOLDER
            || previousType == PARAMETER
            || previousType == QUOTED_IDENTIFIER
            || previousType == CLOSE
            || (previousType == PUNCTUATION && previousPunctuation == ']'));
  }

  /** Directly after a name or a value, where {@code :1} is a slice bound, not a parameter. */
  private boolean followsOperand() {
    return adjacent
        && (previousType == WORD
            || previousType == PLACEHOLDER
            || previousType == PARAMETER
            || previousType == QUOTED_IDENTIFIER
            || previousType == CLOSE);
  }

  /** Directly after a name, where {@code .} qualifies ({@code t.5}) rather than starting {@code .5}. */
  private boolean followsName() {
    return adjacent
        && (previousType == WORD
            || previousType == PARAMETER
            || previousType == QUOTED_IDENTIFIER
            || previousType == CLOSE);
  }

  // ---- writing tokens

  private void literal(int end) {
    token(PLACEHOLDER, '?', NO_KEYWORD);
    out.append('?');
    position = end;
  }

  /**
   * A numbered parameter, kept as written. It runs on over name characters like a name that starts
   * with digits ({@code $1abc}): a literal's {@code ?} followed by such a name ({@code 'x'1st})
   * then reads the same when its fingerprint is fingerprinted again.
   */
  private void parameter(int end) {
    token(PARAMETER, '\0', NO_KEYWORD);
    out.append(sql, position, end);
    position = end;
  }

  private void quotedIdentifier(int end) {
    token(QUOTED_IDENTIFIER, '\0', NO_KEYWORD);
    out.append(sql, position, end);
    position = end;
  }

  private void word(int start, int end) {
    token(WORD, '\0', keyword(start, end));
    out.append(sql, start, end);
    position = end;
  }

  private void punctuation(char c) {
    token(PUNCTUATION, c, NO_KEYWORD);
    out.append(c);
    position++;
  }

  /**
   * Called before each token is written: writes the space the spacing rules allow, feeds the state
   * machines and remembers the token. A ')' is written here, because closing an IN list or a
   * VALUES row rewrites what comes before it.
   */
  private void token(int type, char c, int keyword) {
    if (pendingSpace
        && out.length() > 0
        && previousType != OPEN
        && type != COMMA
        && type != CLOSE) {
      out.append(' ');
    }
    pendingSpace = false;

    boolean closesInList = observeInList(type);
    long valuesTruncateTo = observeValues(type, keyword);
    observeKind(type, c, keyword);

    if (type == OPEN) {
      parenthesisDepth++;
    } else if (type == CLOSE) {
      if (parenthesisDepth > 0) {
        parenthesisDepth--;
      }
      if (closesInList) {
        out.truncate(inListOpenAt + 1);
        out.append('?');
        inListOpenAt = -1;
      }
      out.append(')');
      position++;
      if (valuesTruncateTo >= 0) {
        out.truncate(valuesTruncateTo);
      }
      if (valuesState == VALUES_AFTER_ROW && valuesRowCount == 1) {
        valuesFirstRowEnd = out.length();
      }
    }

    previousType = type;
    previousPunctuation = c;
    previousKeyword = keyword;
    adjacent = true;
  }

  /** True when this token is the ')' that completes a list of only placeholders after IN. */
  private boolean observeInList(int type) {
    if (inListOpenAt >= 0) {
      if (type == PLACEHOLDER && inListExpectsItem) {
        inListItems++;
        inListExpectsItem = false;
      } else if (type == COMMA && !inListExpectsItem) {
        inListExpectsItem = true;
      } else if (type == CLOSE && !inListExpectsItem) {
        largestInList = Math.max(largestInList, inListItems);
        return true;
      } else {
        inListOpenAt = -1;
      }
    }
    if (type == OPEN && previousType == WORD && previousKeyword == IN) {
      inListOpenAt = out.length();
      inListItems = 0;
      inListExpectsItem = true;
    }
    return false;
  }

  /**
   * Feeds the VALUES state machine; returns the output length to cut back to when this token is the
   * ')' ending a row after the first, else -1.
   */
  private long observeValues(int type, int keyword) {
    long truncateTo = -1;
    switch (valuesState) {
      case VALUES_AWAIT_ROW:
        if (type == OPEN) {
          valuesState = VALUES_FIRST_ROW;
          valuesDepth = parenthesisDepth;
          valuesRowCount = 0;
        } else {
          valuesState = VALUES_NONE;
        }
        break;
      case VALUES_FIRST_ROW:
      case VALUES_EXTRA_ROW:
        if (type == CLOSE && parenthesisDepth == valuesDepth + 1) {
          if (valuesState == VALUES_EXTRA_ROW) {
            truncateTo = valuesFirstRowEnd;
          }
          valuesRowCount++;
          largestValuesRows = Math.max(largestValuesRows, valuesRowCount);
          valuesState = VALUES_AFTER_ROW;
        }
        break;
      case VALUES_AFTER_ROW:
        valuesState = type == COMMA ? VALUES_AFTER_COMMA : VALUES_NONE;
        break;
      case VALUES_AFTER_COMMA:
        valuesState = type == OPEN ? VALUES_EXTRA_ROW : VALUES_NONE;
        break;
      default:
        break;
    }
    // A VALUES inside a row being read is left alone: one list is tracked at a time.
    if (keyword == VALUES && valuesState != VALUES_FIRST_ROW && valuesState != VALUES_EXTRA_ROW) {
      valuesState = VALUES_AWAIT_ROW;
    }
    return truncateTo;
  }

  private void observeKind(int type, char c, int keyword) {
    if (kindState == KIND_BEFORE_FIRST_WORD) {
      if (type == WORD) {
        if (keyword == WITH) {
          kindState = KIND_IN_CTE_LIST;
          cteDepth = parenthesisDepth;
        } else {
          kind = kindOf(keyword, true);
          kindState = KIND_DECIDED;
        }
      } else if (!(type == OPEN
          || type == PLACEHOLDER
          || (type == PUNCTUATION && (c == '{' || c == '=' || c == ';')))) {
        // Leading '(' and the "{? =" of a JDBC call escape are skipped; anything else is not a verb.
        kindState = KIND_DECIDED;
      }
    } else if (kindState == KIND_IN_CTE_LIST
        && type == WORD
        && parenthesisDepth == cteDepth
        && keyword != NO_KEYWORD) {
      // The CTE bodies are inside parentheses; the first verb back at the WITH's depth is the
      // main statement's.
      StatementKind verb = kindOf(keyword, false);
      if (verb != StatementKind.OTHER) {
        kind = verb;
        kindState = KIND_DECIDED;
      }
    }
  }

  private static StatementKind kindOf(int keyword, boolean first) {
    switch (keyword) {
      case SELECT:
        return StatementKind.SELECT;
      case INSERT:
        return StatementKind.INSERT;
      case UPDATE:
        return StatementKind.UPDATE;
      case DELETE:
        return StatementKind.DELETE;
      case MERGE:
        return StatementKind.MERGE;
      case CALL:
        return first ? StatementKind.CALL : StatementKind.OTHER;
      case REPLACE:
      case UPSERT:
        // Only as the first word: REPLACE is also a string function.
        return first ? StatementKind.INSERT : StatementKind.OTHER;
      default:
        return StatementKind.OTHER;
    }
  }

  /** The keyword the word {@code sql[start, end)} is, in any ASCII case, or NO_KEYWORD. */
  private int keyword(int start, int end) {
    switch (end - start) {
      case 2:
        return is(start, "IN") ? IN : NO_KEYWORD;
      case 4:
        return is(start, "WITH") ? WITH : is(start, "CALL") ? CALL : NO_KEYWORD;
      case 5:
        return is(start, "ARRAY") ? ARRAY : is(start, "MERGE") ? MERGE : NO_KEYWORD;
      case 6:
        switch (toAsciiUpperCase(sql.charAt(start))) {
          case 'S':
            return is(start, "SELECT") ? SELECT : NO_KEYWORD;
          case 'I':
            return is(start, "INSERT") ? INSERT : NO_KEYWORD;
          case 'U':
            return is(start, "UPDATE") ? UPDATE : is(start, "UPSERT") ? UPSERT : NO_KEYWORD;
          case 'D':
            return is(start, "DELETE") ? DELETE : NO_KEYWORD;
          case 'V':
            return is(start, "VALUES") ? VALUES : NO_KEYWORD;
          default:
            return NO_KEYWORD;
        }
      case 7:
        return is(start, "REPLACE") ? REPLACE : NO_KEYWORD;
      default:
        return NO_KEYWORD;
    }
  }

  /**
   * Whether the text at {@code start} is {@code upperCaseKeyword} in ASCII case: no locale, and no
   * Unicode case folding that would read the Turkish "ın" as IN.
   */
  private boolean is(int start, String upperCaseKeyword) {
    for (int k = 0; k < upperCaseKeyword.length(); k++) {
      if (toAsciiUpperCase(sql.charAt(start + k)) != upperCaseKeyword.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  // ---- characters

  private static char toAsciiUpperCase(char c) {
    return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
  }

  /** The character {@code offset} after the current position, or '\0' past the end. */
  private char next(int offset) {
    return next(position, offset);
  }

  private char next(int index, int offset) {
    int i = index + offset;
    return i < length ? sql.charAt(i) : '\0';
  }

  private static boolean isWhitespace(char c) {
    return c <= ' ' || (c >= 0x80 && (Character.isWhitespace(c) || Character.isSpaceChar(c)));
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexDigit(char c) {
    return isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** A name starts with a letter (any script), an underscore or a non-ASCII digit. */
  private static boolean isWordStart(char c) {
    if (c < 0x80) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }
    return Character.isLetterOrDigit(c);
  }

  /** Names go on with letters, digits, '_' and '$' (PostgreSQL and Oracle allow '$'). */
  private static boolean isWordPart(char c) {
    return isWordStart(c) || isAsciiDigit(c) || c == '$';
  }

  /** A dollar-quote tag is a name without '$'. */
  private static boolean isTagPart(char c) {
    return isWordStart(c) || isAsciiDigit(c);
  }

  /**
   * The normalized text being built. Writes past {@link SqlFingerprint#MAX_NORMALIZED_LENGTH} are
   * counted but not stored, so memory stays bounded however long the SQL; collapsing a list may
   * later bring the length back under the limit, which is why the logical length is kept apart. It
   * is a long: a ',' becomes ", ", so the text of a 2G-character SQL string could pass an int.
   */
  private static final class Output {
    private static final int LIMIT = SqlFingerprint.MAX_NORMALIZED_LENGTH;
    private static final String MARKER = SqlFingerprint.TRUNCATION_MARKER;

    private final StringBuilder stored;
    private long length;

    /** Sized for {@code sqlLength}: normalized text is rarely longer than the SQL. */
    Output(int sqlLength) {
      stored = new StringBuilder(Math.min(sqlLength + 16, LIMIT));
    }

    long length() {
      return length;
    }

    void append(char c) {
      if (length < LIMIT) {
        stored.append(c);
      }
      length++;
    }

    void append(CharSequence text, int start, int end) {
      if (length < LIMIT) {
        int room = LIMIT - (int) length;
        stored.append(text, start, start + Math.min(end - start, room));
      }
      length += end - start;
    }

    /** Cuts back to {@code newLength}, which is at most the current length. */
    void truncate(long newLength) {
      length = newLength;
      if (newLength < stored.length()) {
        stored.setLength((int) newLength);
      }
    }

    /**
     * The text, or when too long its start and the marker, at most LIMIT characters in all. The
     * cut is at a space where there is one in the second half (so the marker stands apart, as it
     * would after fingerprinting the cut text again); inside one long token it is never after a
     * digit (a cut "1abc" would read as the number 1) nor inside a surrogate pair.
     */
    String text() {
      if (length <= LIMIT) {
        return stored.toString();
      }
      int cut = LIMIT - MARKER.length() - 1;
      for (int space = cut; space > LIMIT / 2; space--) {
        if (stored.charAt(space) == ' ') {
          return stored.substring(0, space + 1) + MARKER;
        }
      }
      while (cut > 0
          && (isAsciiDigit(stored.charAt(cut - 1))
              || Character.isHighSurrogate(stored.charAt(cut - 1)))) {
        cut--;
      }
      return stored.substring(0, cut) + MARKER;
    }
  }
}
