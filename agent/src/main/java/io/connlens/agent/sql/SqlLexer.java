package io.connlens.agent.sql;

/**
 * The single pass behind {@link SqlFingerprint#of}: reads the SQL once from left to right, as its
 * {@link SqlDialect} defines it, writes the normalized text as it goes and feeds each token to three
 * small state machines (IN lists, VALUES rows, statement kind).
 *
 * <p>Linear on any input: every loop moves forward, lookahead is at most three characters, no token
 * is read more than a few times, and the search for the {@code $tag$} closing a dollar quote goes
 * on after the characters it has matched. {@link SqlDialect#GENERIC} looks ahead over a bracket or
 * backtick quote once and remembers where it ends, so nested ones are not looked over again.
 * Collapsing an IN list or a VALUES row only shortens the output back to a remembered position. At
 * most {@link SqlFingerprint#MAX_LEXED_LENGTH} characters are read. The tests count the characters
 * read. Nothing here throws on any input: unterminated quotes and comments run to the end, and
 * every index is checked against the length.
 *
 * <p>Where two readings of the text could disagree on where a token ends (a backslash before a
 * quote that a server setting makes an escape or not; in {@link SqlDialect#GENERIC}, any text two
 * dialects tokenize differently), the rest of the statement is read as one literal: each reading
 * may call literal what the other calls code, and only hiding both is safe.
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
  /** Characters read: the SQL's length, or less when it is longer than MAX_LEXED_LENGTH. */
  private final int length;
  /** Whether {@link #length} is less than the SQL's length. */
  private final boolean cut;
  private final Output out;
  private int position;

  // ---- the dialect's rules: SqlFingerprint's class comment has them as a table. Each names the
  // dialects whose definition it is; GENERIC also takes every rule whose reading hides more (the
  // constructor says which), and looks over what two readings may tokenize differently.

  /** Read every ambiguity the safe way, and look over text whose reading it cannot be sure of. */
  private final boolean generic;
  /**
   * A backslash may escape the next character of a plain string or not, by a server setting
   * (MySQL's NO_BACKSLASH_ESCAPES, PostgreSQL's standard_conforming_strings).
   */
  private final boolean backslashMayEscape;
  /** {@code "..."} is a string (MySQL without ANSI_QUOTES), not a quoted identifier. */
  private final boolean doubleQuotedStrings;
  /** {@code `..`} quotes an identifier (MySQL, H2). */
  private final boolean backtickIdentifiers;
  /** {@code [..]} quotes an identifier (SQL Server); elsewhere {@code [} is a subscript. */
  private final boolean bracketIdentifiers;
  /** {@code #} starts a comment to the end of the line (MySQL). */
  private final boolean hashComments;
  /** {@code #} starts a name ({@code #temp}, {@code ##global}: SQL Server). */
  private final boolean hashStartsNames;
  /** {@code #} goes on a name ({@code a#b}: SQL Server, Oracle). */
  private final boolean hashInNames;
  /** {@code //} starts a comment to the end of the line (H2). */
  private final boolean slashSlashComments;
  /** {@code --} starts a comment only before whitespace, a control character or the end (MySQL). */
  private final boolean dashDashNeedsSpace;
  /** A line comment ends at a carriage return as at a line feed (all but MySQL). */
  private final boolean lineCommentsEndAtCarriageReturn;
  /** {@code /*} inside a block comment opens a nested one (PostgreSQL, SQL Server, H2). */
  private final boolean nestedComments;
  /** {@code /*!}, {@code /*M!} and {@code /*+} comments hold code that the server reads (MySQL). */
  private final boolean executableComments;
  /** {@code E'..'} always takes backslash escapes (PostgreSQL). */
  private final boolean escapeStrings;
  /** {@code E'..'} and {@code U&'..'} are prefixed strings (PostgreSQL, H2). */
  private final boolean escapeAndUnicodePrefixes;
  /** {@code q'[..]'} and {@code nq'[..]'} (Oracle). */
  private final boolean alternativeQuoting;
  /** {@code _utf8mb4'..'}: a character set name before a string is part of the literal (MySQL). */
  private final boolean charsetIntroducers;
  /** {@code $tag$..$tag$} (PostgreSQL). */
  private final boolean taggedDollarQuotes;
  /** {@code $$..$$} (PostgreSQL, H2). */
  private final boolean dollarQuotes;
  /** {@code $1} is a positional parameter (PostgreSQL, H2). */
  private final boolean dollarParameters;
  /** {@code $12.50}, {@code $5}: a money literal (SQL Server). */
  private final boolean moneyLiterals;
  /** {@code $} starts a name as it goes on one ({@code $a}, {@code $$a}: MySQL). */
  private final boolean dollarStartsNames;
  /** {@code 1st_quarter} is a name, not the number 1 before a name (MySQL). */
  private final boolean digitsStartNames;

  /**
   * GENERIC: end of the {@code [..]} or {@code `..`} looked over last, which holds nothing that
   * could open a longer token; a bracket or backtick before it is punctuation without a new look.
   */
  private int plainQuoteEnd;

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

  /** Set by {@link #skipNumber}: the number was digits only, no fraction, exponent nor prefix. */
  private boolean numberIsPlainDigits;

  SqlLexer(CharSequence sql, SqlDialect dialect) {
    this.sql = sql;
    int lexed = Math.min(sql.length(), SqlFingerprint.MAX_LEXED_LENGTH);
    if (lexed < sql.length()
        && Character.isHighSurrogate(sql.charAt(lexed - 1))
        && Character.isLowSurrogate(sql.charAt(lexed))) {
      lexed--; // cut before a surrogate pair, not inside it
    }
    this.length = lexed;
    this.cut = lexed < sql.length();
    this.out = new Output(lexed);

    generic = dialect == SqlDialect.GENERIC;
    boolean postgresql = dialect == SqlDialect.POSTGRESQL;
    boolean mysql = dialect == SqlDialect.MYSQL;
    boolean sqlServer = dialect == SqlDialect.SQLSERVER;
    boolean oracle = dialect == SqlDialect.ORACLE;
    boolean h2 = dialect == SqlDialect.H2;
    backslashMayEscape = generic || postgresql || mysql;
    doubleQuotedStrings = generic || mysql;
    backtickIdentifiers = mysql || h2;
    bracketIdentifiers = sqlServer;
    hashComments = generic || mysql;
    hashStartsNames = sqlServer;
    hashInNames = sqlServer || oracle;
    slashSlashComments = generic || h2;
    dashDashNeedsSpace = mysql;
    // GENERIC ends a line comment at a line feed only, and looks over what follows a lone '\r'
    lineCommentsEndAtCarriageReturn = !mysql && !generic;
    // GENERIC neither nests nor not: a nested opener makes the rest of the statement a literal
    nestedComments = postgresql || sqlServer || h2;
    executableComments = generic || mysql;
    escapeStrings = postgresql;
    escapeAndUnicodePrefixes = generic || postgresql || h2;
    alternativeQuoting = generic || oracle;
    charsetIntroducers = generic || mysql;
    taggedDollarQuotes = generic || postgresql;
    dollarQuotes = generic || postgresql || h2;
    dollarParameters = postgresql || h2;
    moneyLiterals = generic || sqlServer;
    dollarStartsNames = mysql;
    digitsStartNames = mysql;
  }

  SqlFingerprint fingerprint() {
    while (position < length) {
      lexToken();
    }
    return new SqlFingerprint(out.text(cut), kind, largestInList, largestValuesRows, cut);
  }

  private void lexToken() {
    char c = sql.charAt(position);
    if (isWhitespace(c)) {
      skipWhitespace();
      return;
    }
    switch (c) {
      case '-':
        // MySQL: "--" at the very end is two minus signs here, not an empty comment, so that a
        // text ending in "--" reads the same when fingerprinted again
        if (next(1) == '-' && (!dashDashNeedsSpace || (position + 2 < length && isSpaceOrControl(next(2))))) {
          // GENERIC: MySQL reads "--x" as two minus signs, so what follows is looked over
          skipLineComment(2, generic && !isSpaceOrControl(next(2)));
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
        } else if (next(1) == '/' && slashSlashComments) {
          skipLineComment(2, generic); // GENERIC: "//" is code but in H2
        } else {
          punctuation(c);
        }
        return;
      case '#':
        if (hashComments) {
          skipLineComment(1, generic); // GENERIC: "#" is code but in MySQL
        } else if (hashStartsNames) {
          word(position, skipWordPart(position + 1));
        } else {
          punctuation(c);
        }
        return;
      case '\'':
        literal(skipPlainString(position + 1, '\''));
        return;
      case '"':
        if (doubleQuotedStrings) {
          literal(skipPlainString(position + 1, '"'));
        } else {
          quotedIdentifier(skipQuoted(position + 1, '"'));
        }
        return;
      case '`':
        if (backtickIdentifiers) {
          quotedIdentifier(skipQuoted(position + 1, '`'));
        } else if (generic) {
          lexLookedOverQuote(c, '`');
        } else {
          punctuation(c);
        }
        return;
      case '[':
        if (bracketIdentifiers) {
          quotedIdentifier(skipQuoted(position + 1, ']'));
        } else if (generic) {
          lexLookedOverQuote(c, ']');
        } else {
          punctuation(c); // a subscript or ARRAY[..], also after a space: d ['key']
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
          lexWord(c);
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

  /**
   * A comment from its opener to the end of the line. {@code ambiguous}: some dialect reads the
   * text as code, and when it holds the start of a token that may run past the line end (a quote,
   * a comment opener), the code reading and the comment reading part ways there, so the rest of the
   * statement becomes a literal. GENERIC also looks over what follows a lone carriage return, which
   * ends the comment for all but MySQL.
   */
  private void skipLineComment(int openerLength, boolean ambiguous) {
    int start = position;
    boolean lookingOver = ambiguous;
    int i = position + openerLength;
    while (i < length) {
      char c = sql.charAt(i);
      if (c == '\n') {
        break;
      }
      if (c == '\r') {
        if (lineCommentsEndAtCarriageReturn) {
          break;
        }
        if (generic && next(i, 1) != '\n') {
          lookingOver = true;
        }
      } else if (lookingOver && opensLongToken(c, i)) {
        position = start;
        literal(length);
        return;
      }
      i++;
    }
    position = i;
    gap();
  }

  /**
   * A block comment; an unterminated one runs to the end. Where the comment's extent depends on
   * the reader (GENERIC: a nested opener, which PostgreSQL nests and MySQL does not; MySQL's {@code
   * /*!..*}{@code /}, whose code may hold a {@code *}{@code /} in a string), the rest of the
   * statement becomes a literal.
   */
  private void skipBlockComment() {
    int start = position;
    char kindMark = next(2);
    boolean executable =
        executableComments && (kindMark == '!' || kindMark == '+' || (kindMark == 'M' && next(3) == '!'));
    position += 2;
    int depth = 1;
    while (position < length && depth > 0) {
      char c = sql.charAt(position);
      if (c == '*' && next(1) == '/') {
        depth--;
        position += 2;
      } else if (c == '/' && next(1) == '*' && (nestedComments || generic || executable)) {
        if (!nestedComments) {
          position = start;
          literal(length);
          return;
        }
        depth++;
        position += 2;
      } else if (executable && opensLongToken(c, position)) {
        position = start;
        literal(length);
        return;
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

  /**
   * Whether {@code c}, at {@code i}, may open a token that runs past a line end, a bracket or a
   * dollar quote's end in some dialect: a quote of any kind, {@code [}, {@code #}, {@code --},
   * {@code /*}, {@code //}, or a {@code $} that may open a dollar quote.
   */
  private boolean opensLongToken(char c, int i) {
    switch (c) {
      case '\'':
      case '"':
      case '`':
      case '[':
      case '#':
        return true;
      case '-':
        return next(i, 1) == '-';
      case '/':
        char following = next(i, 1);
        return following == '*' || following == '/';
      case '$':
        // Any $ before a name or a $: after a name it is part of the name in PostgreSQL, but after a
        // number it may open a quote, and a number-led run (5$A, 0xA$A) reads as ?$A once
        // normalized, where nothing tells the two apart: the same answer both times keeps the
        // fingerprint idempotent. Only GENERIC and MySQL's executable comments look this way.
        char after = next(i, 1);
        return after == '$' || isWordStart(after);
      default:
        return false;
    }
  }

  // ---- literals

  /**
   * Index after a plain string (also {@code N'..'}, {@code X'..'} and the like, and MySQL's {@code
   * "..."}) whose opening {@code quote} is just before {@code from}: a doubled quote is escaped.
   * Where a backslash may or may not escape ({@link #backslashMayEscape}), both readings agree up
   * to a quote after an odd run of backslashes; there, the length: the rest is the literal.
   */
  private int skipPlainString(int from, char quote) {
    int backslashes = 0;
    for (int i = from; i < length; i++) {
      char c = sql.charAt(i);
      if (c == quote) {
        if (backslashMayEscape && (backslashes & 1) == 1) {
          return length;
        }
        if (next(i, 1) != quote) {
          return i + 1;
        }
        i++;
        backslashes = 0;
      } else {
        backslashes = c == '\\' ? backslashes + 1 : 0;
      }
    }
    return length;
  }

  /** Index after PostgreSQL's {@code E'..'}, {@code from} after its quote: backslash escapes. */
  private int skipEscapeString(int from) {
    int i = from;
    while (i < length) {
      char c = sql.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '\'') {
        if (next(i, 1) != '\'') {
          return i + 1;
        }
        i += 2;
      } else {
        i++;
      }
    }
    return length;
  }

  /**
   * Index after Oracle's {@code q'<delimiter>..<closing delimiter>'}, {@code from} at the
   * delimiter; {@code [ ( { <} close with their pair, any other character with itself. GENERIC
   * also reads it as {@code q} and a plain string, which ends at the same quote only when the body
   * holds no quote and no backslash escapes the closing one; otherwise the rest is the literal.
   */
  private int skipAlternativeQuote(int from) {
    if (from >= length) {
      return length;
    }
    char open = sql.charAt(from);
    char close = open == '[' ? ']' : open == '(' ? ')' : open == '{' ? '}' : open == '<' ? '>' : open;
    boolean quoteInside = open == '\'';
    int backslashes = open == '\\' ? 1 : 0;
    for (int i = from + 1; i < length; i++) {
      char c = sql.charAt(i);
      backslashes = c == '\\' ? backslashes + 1 : 0;
      if (c == close && next(i, 1) == '\'') {
        return generic && (quoteInside || (backslashes & 1) == 1) ? length : i + 2;
      }
      quoteInside |= c == '\'';
    }
    return length;
  }

  /**
   * Index after the closing {@code quote} of a quoted identifier, a doubled quote being escaped;
   * -1 when it is not closed.
   */
  private int skipQuoted(int from, char quote) {
    int i = from;
    while (i < length) {
      if (sql.charAt(i) == quote) {
        if (next(i, 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return -1;
  }

  /**
   * GENERIC's {@code [} and {@code `}: SQL Server's and MySQL's quoted identifiers, PostgreSQL's
   * subscript and operator character. Looked over to its {@code close}: when nothing inside could
   * open a longer token, both readings give the same tokens but for numbers, so it is read as
   * punctuation and what follows as code (numbers become {@code ?}); otherwise the rest is a
   * literal.
   */
  private void lexLookedOverQuote(char c, char close) {
    if (position < plainQuoteEnd) {
      punctuation(c); // inside, or the end of, the last one looked over
      return;
    }
    int i = position + 1;
    while (i < length) {
      char d = sql.charAt(i);
      if (d == close) {
        if (next(i, 1) != close) {
          break;
        }
        i += 2; // ]] and `` escape the closing character
      } else if (opensLongToken(d, i)) {
        literal(length);
        return;
      } else {
        i++;
      }
    }
    plainQuoteEnd = Math.min(i + 1, length);
    punctuation(c);
  }

  /**
   * A {@code $} by the dialect: {@code $1} (a parameter, kept), {@code $$..$$} and {@code
   * $tag$..$tag$} (dollar quotes, replaced), {@code $12.50} (SQL Server money, replaced), {@code
   * $name} (a name), or a lone {@code $}.
   */
  private void lexDollar() {
    char c = next(1);
    if (moneyLiterals && (isAsciiDigit(c) || (c == '.' && isAsciiDigit(next(2))))) {
      literal(skipNumber(position + 1));
      return;
    }
    if (dollarStartsNames) {
      if (isWordPart(c)) {
        word(position, skipWordPart(position + 1));
      } else {
        punctuation('$');
      }
      return;
    }
    if (dollarParameters && isAsciiDigit(c)) {
      parameter(skipWordPart(position + 1));
      return;
    }
    if (dollarQuotes && c == '$') {
      literal(skipDollarQuoted(position + 2, position + 1, position + 1));
      return;
    }
    if (!taggedDollarQuotes || !isWordStart(c)) {
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
   *
   * <p>GENERIC: MySQL, SQL Server and Oracle read the body as code, so a body holding the start of
   * a longer token (a quote, a comment opener, or H2's {@code $$} in a tagged quote) makes the
   * rest of the statement a literal.
   */
  private int skipDollarQuoted(int from, int tagStart, int tagEnd) {
    int tagLength = tagEnd - tagStart;
    int i = from;
    while (i < length) {
      char c = sql.charAt(i);
      if (c != '$') {
        if (generic && opensLongToken(c, i)) {
          return length;
        }
        i++;
        continue;
      }
      if (generic && tagLength > 0 && next(i, 1) == '$') {
        return length;
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
   * A number at {@code start} (a digit, or a {@code .} before a digit). In MySQL, digits followed
   * by name characters with no fraction or exponent ({@code 1abc}) are a name, and are kept;
   * elsewhere they are the number and then a name ({@code 1abc} is {@code 1 AS abc}).
   */
  private void lexNumber(int start) {
    int end = skipNumber(start);
    if (isDigitLeadName(end)) {
      word(start, skipWordPart(end));
    } else {
      literal(end);
    }
  }

  private boolean isDigitLeadName(int numberEnd) {
    return digitsStartNames && numberIsPlainDigits && isWordPart(next(numberEnd, 0));
  }

  /**
   * A sign before a number after an operator, {@code (}, {@code ,} or at the start ({@code a=-5},
   * {@code (-1, +2)}) is part of the literal, so {@code a=5} and {@code a=-5} have one fingerprint;
   * after a name or a value ({@code x-1}, {@code ?-1}) it is an operator. False if no such literal.
   */
  private boolean lexSignedNumber() {
    char c = next(1);
    boolean numberFollows = isAsciiDigit(c) || (c == '.' && isAsciiDigit(next(2)));
    boolean moneyFollows =
        moneyLiterals && c == '$' && (isAsciiDigit(next(2)) || (next(2) == '.' && isAsciiDigit(next(3))));
    boolean unary =
        previousType == NONE
            || previousType == OPEN
            || previousType == COMMA
            || (previousType == PUNCTUATION
                && previousPunctuation != ']'
                && previousPunctuation != '}'
                && previousPunctuation != '.');
    if (!(numberFollows || moneyFollows) || !unary) {
      return false;
    }
    int end = skipNumber(position + (moneyFollows ? 2 : 1));
    if (isDigitLeadName(end)) {
      return false; // MySQL's -1abc: the sign is an operator before a name
    }
    literal(end);
    return true;
  }

  /**
   * Index after the number at {@code start}: {@code 0x1F}, {@code 0b101}, {@code 0o17}, {@code
   * 42}, {@code 1_000}, {@code 3.14}, {@code .5}, {@code 1e10}, {@code 1.5E-3}. An underscore
   * between digits, and after a base prefix, groups them (PostgreSQL 16, H2). Never re-reads.
   */
  private int skipNumber(int start) {
    numberIsPlainDigits = false;
    int i = start;
    char c = sql.charAt(i);
    if (c == '0') {
      int base = baseOfPrefix(next(i, 1));
      if (base != 0) {
        char first = next(i, 2);
        if (isDigitOfBase(first, base) || (first == '_' && isDigitOfBase(next(i, 3), base))) {
          return skipDigits(i + 2, base);
        }
      }
    }
    // next(..) is '\0' past the end, which is neither a digit nor a word character.
    i = skipDigits(i, 10);
    c = next(i, 0);
    boolean plainDigits = true;
    if (c == '.' && isAsciiDigit(next(i, 1))) {
      plainDigits = false;
      i = skipDigits(i + 1, 10);
      c = next(i, 0);
    }
    if (c == 'e' || c == 'E') {
      int digits = i + 1;
      char sign = next(digits, 0);
      if (sign == '+' || sign == '-') {
        digits++;
      }
      if (isAsciiDigit(next(digits, 0))) {
        plainDigits = false;
        i = skipDigits(digits, 10);
      }
    }
    numberIsPlainDigits = plainDigits;
    return i;
  }

  /** Index after the digits of {@code base} from {@code from}, an underscore only before a digit. */
  private int skipDigits(int from, int base) {
    int i = from;
    while (i < length) {
      char c = sql.charAt(i);
      if (!isDigitOfBase(c, base) && !(c == '_' && isDigitOfBase(next(i, 1), base))) {
        break;
      }
      i++;
    }
    return i;
  }

  private static int baseOfPrefix(char c) {
    switch (c) {
      case 'x':
      case 'X':
        return 16;
      case 'o':
      case 'O':
        return 8;
      case 'b':
      case 'B':
        return 2;
      default:
        return 0;
    }
  }

  private static boolean isDigitOfBase(char c, int base) {
    switch (base) {
      case 16:
        return isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      case 8:
        return c >= '0' && c <= '7';
      case 2:
        return c == '0' || c == '1';
      default:
        return isAsciiDigit(c);
    }
  }

  // ---- words and prefixed literals

  private void lexWord(char c) {
    char c1 = next(1);
    switch (c) {
      case 'n':
      case 'N':
        if (c1 == '\'') {
          literal(skipPlainString(position + 2, '\'')); // N'national'
          return;
        }
        if ((c1 == 'q' || c1 == 'Q') && next(2) == '\'' && alternativeQuoting) {
          literal(skipAlternativeQuote(position + 3)); // nq'[..]'
          return;
        }
        break;
      case 'e':
      case 'E':
        if (c1 == '\'' && escapeAndUnicodePrefixes) {
          // E'it\'s' in PostgreSQL; a plain string in H2, and as GENERIC's safe reading
          literal(escapeStrings ? skipEscapeString(position + 2) : skipPlainString(position + 2, '\''));
          return;
        }
        break;
      case 'b':
      case 'B':
      case 'x':
      case 'X':
        if (c1 == '\'') {
          literal(skipPlainString(position + 2, '\'')); // B'0101', X'1F'
          return;
        }
        break;
      case 'u':
      case 'U':
        if (c1 == '&' && next(2) == '\'' && escapeAndUnicodePrefixes) {
          literal(skipPlainString(position + 3, '\'')); // U&'d\0061t\+000061'
          return;
        }
        break;
      case 'q':
      case 'Q':
        if (c1 == '\'' && alternativeQuoting) {
          literal(skipAlternativeQuote(position + 2)); // q'[it's]'
          return;
        }
        break;
      case '_':
        if (charsetIntroducers) {
          int end = skipWordPart(position + 1);
          char quote = next(end, 0);
          if (quote == '\'' || (quote == '"' && doubleQuotedStrings)) {
            literal(skipPlainString(end + 1, quote)); // _utf8mb4'..': the character set is kept out
          } else {
            word(position, end);
          }
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
   * with digits ({@code $1abc}): in MySQL, where {@code 1st} is a name, a literal's {@code ?}
   * followed by such a name ({@code 'x'1st}) then reads the same when its fingerprint is
   * fingerprinted again.
   */
  private void parameter(int end) {
    token(PARAMETER, '\0', NO_KEYWORD);
    out.append(sql, position, end);
    position = end;
  }

  /** A quoted identifier ending at {@code end}; an unclosed one (-1) may hold anything: a literal. */
  private void quotedIdentifier(int end) {
    if (end < 0) {
      literal(length);
      return;
    }
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
        && type != CLOSE
        // MySQL's "--" before a space is a comment: "a--/**/b" must not come out as "a-- b"
        && !(dashDashNeedsSpace && out.endsWithDashDash())) {
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
        return is(start, "MERGE") ? MERGE : NO_KEYWORD;
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
    // DEL is a control character as the C0 ones are: kept as a token, it would follow a "--" and turn it
    // into a MySQL comment when the normalized text is read again (a "--" before a control character is one)
    return c <= ' ' || c == 0x7f || (c >= 0x80 && (Character.isWhitespace(c) || Character.isSpaceChar(c)));
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** A name starts with a letter (any script), an underscore or a non-ASCII digit. */
  private static boolean isWordStart(char c) {
    if (c < 0x80) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }
    return Character.isLetterOrDigit(c);
  }

  /**
   * Names go on with letters, digits, '_' and '$' (every dialect here allows '$' after the first
   * character), and '#' in SQL Server and Oracle.
   */
  private boolean isWordPart(char c) {
    return isWordStart(c) || isAsciiDigit(c) || c == '$' || (c == '#' && hashInNames);
  }

  /** MySQL's "--" opens a comment before these: ASCII whitespace and control characters, or the end. */
  private static boolean isSpaceOrControl(char c) {
    return c <= ' ' || c == 0x7f;
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

    /** Whether the whole text so far ends in "--". */
    boolean endsWithDashDash() {
      int n = stored.length();
      return n >= 2 && n == length && stored.charAt(n - 1) == '-' && stored.charAt(n - 2) == '-';
    }

    /**
     * The text, or when too long or when the SQL was read only in part ({@code inputCut}), its
     * start and the marker, at most LIMIT characters in all. The marker stands apart after a space,
     * as it would after fingerprinting the cut text again, unless the text ends in '(' or '-' (MySQL
     * reads "-- " as a comment). A text too long is cut at a space where there is one in the second half;
     * inside one long token it is never cut after a digit (a cut "1abc" would read as the number 1)
     * nor inside a surrogate pair.
     */
    String text(boolean inputCut) {
      if (length <= LIMIT && !inputCut) {
        return stored.toString();
      }
      if (length + 1 + MARKER.length() <= LIMIT) {
        if (length == 0) {
          return MARKER;
        }
        // no space after '(' either: the spacing rules would drop it when read again
        char last = stored.charAt(stored.length() - 1);
        return stored + (last == '-' || last == '(' ? "" : " ") + MARKER;
      }
      int cut = LIMIT - MARKER.length() - 1;
      for (int space = cut; space > LIMIT / 2; space--) {
        if (stored.charAt(space) == ' ' && stored.charAt(space - 1) != '-') {
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
