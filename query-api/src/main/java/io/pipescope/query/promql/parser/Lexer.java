package io.pipescope.query.promql.parser;

import java.util.Locale;

/**
 * Splits a query into {@link Item}s. A port of Prometheus's state-machine lexer ({@code lex.go},
 * without the series-description states), kept state for state so that the same input fails with
 * the same message: inside braces keywords are plain identifiers, inside brackets only durations,
 * numbers, arithmetic and the duration functions are words.
 */
final class Lexer {
  private static final int EOF = -1;

  private enum State {
    STATEMENTS, INSIDE_BRACES, DURATION_EXPR, STRING, RAW_STRING, ESCAPE, SPACE, LINE_COMMENT,
    NUMBER_OR_DURATION, KEYWORD_OR_IDENTIFIER, IDENTIFIER, DONE
  }

  private final String input;
  private State state = State.STATEMENTS;
  private int pos;
  private int start;
  private int width;
  private Item item;

  private int parenDepth;
  private boolean braceOpen;
  private boolean bracketOpen;
  private boolean gotColon;
  private boolean gotDuration;
  private int stringOpen;

  Lexer(String input) {
    this.input = input;
  }

  /** The next item; after the end, or after an error, EOF forever. */
  Item nextItem() {
    item = null;
    while (item == null) {
      if (state == State.DONE) {
        emit(ItemType.EOF);
        break;
      }
      state = step(state);
    }
    return item;
  }

  private State step(State s) {
    return switch (s) {
      case STATEMENTS -> lexStatements();
      case INSIDE_BRACES -> lexInsideBraces();
      case DURATION_EXPR -> lexDurationExpr();
      case STRING -> lexString();
      case RAW_STRING -> lexRawString();
      case ESCAPE -> lexEscape();
      case SPACE -> lexSpace();
      case LINE_COMMENT -> lexLineComment();
      case NUMBER_OR_DURATION -> lexNumberOrDuration();
      case KEYWORD_OR_IDENTIFIER -> lexKeywordOrIdentifier();
      case IDENTIFIER -> lexIdentifier();
      case DONE -> State.DONE;
    };
  }

  // --- Reading runes.

  private int next() {
    if (pos >= input.length()) {
      width = 0;
      return EOF;
    }
    int r = input.codePointAt(pos);
    width = Character.charCount(r);
    pos += width;
    return r;
  }

  private int peek() {
    int r = next();
    backup();
    return r;
  }

  private void backup() {
    pos -= width;
  }

  private void emit(ItemType t) {
    item = new Item(t, start, input.substring(start, pos));
    start = pos;
  }

  private void ignore() {
    start = pos;
  }

  private boolean accept(String valid) {
    int r = next();
    if (r != EOF && valid.indexOf(r) >= 0) {
      return true;
    }
    backup();
    return false;
  }

  private boolean is(String valid) {
    int r = peek();
    return r != EOF && valid.indexOf(r) >= 0;
  }

  private void acceptRun(String valid) {
    while (true) {
      int r = next();
      if (r == EOF || valid.indexOf(r) < 0) {
        break;
      }
    }
    backup();
  }

  /** Ends the scan with an error item at the current token's start. */
  private State error(String message) {
    item = new Item(ItemType.ERROR, start, message);
    return State.DONE;
  }

  // --- States.

  private State lexStatements() {
    if (braceOpen) {
      return State.INSIDE_BRACES;
    }
    if (input.startsWith("#", pos)) {
      return State.LINE_COMMENT;
    }
    int r = next();
    if (r == EOF) {
      if (parenDepth != 0) {
        return error("unclosed left parenthesis");
      } else if (bracketOpen) {
        return error("unclosed left bracket");
      }
      emit(ItemType.EOF);
      return State.DONE;
    }
    switch (r) {
      case ',' -> emit(ItemType.COMMA);
      case '*' -> emit(ItemType.MUL);
      case '/' -> emit(ItemType.DIV);
      case '%' -> emit(ItemType.MOD);
      case '+' -> emit(ItemType.ADD);
      case '-' -> emit(ItemType.SUB);
      case '^' -> emit(ItemType.POW);
      case '@' -> emit(ItemType.AT);
      case '=' -> {
        int t = peek();
        if (t == '=') {
          next();
          emit(ItemType.EQLC);
        } else if (t == '~') {
          return error("unexpected character after '=': " + GoStrings.quoteRune(t));
        } else {
          emit(ItemType.EQL);
        }
      }
      case '!' -> {
        int t = next();
        if (t != '=') {
          return error("unexpected character after '!': " + GoStrings.quoteRune(t));
        }
        emit(ItemType.NEQ);
      }
      case '<', '>' -> {
        boolean less = r == '<';
        int t = peek();
        if (t == '=') {
          next();
          emit(less ? ItemType.LTE : ItemType.GTE);
        } else if (t == '/') {
          next(); // The native-histogram trim operators.
          emit(less ? ItemType.TRIM_UPPER : ItemType.TRIM_LOWER);
        } else {
          emit(less ? ItemType.LSS : ItemType.GTR);
        }
      }
      case '"', '\'' -> {
        stringOpen = r;
        return State.STRING;
      }
      case '`' -> {
        stringOpen = r;
        return State.RAW_STRING;
      }
      case '(' -> {
        emit(ItemType.LEFT_PAREN);
        parenDepth++;
      }
      case ')' -> {
        emit(ItemType.RIGHT_PAREN);
        parenDepth--;
        if (parenDepth < 0) {
          return error("unexpected right parenthesis " + GoStrings.quoteRune(r));
        }
      }
      case '{' -> {
        emit(ItemType.LEFT_BRACE);
        braceOpen = true;
        return State.INSIDE_BRACES;
      }
      case '[' -> {
        if (bracketOpen) {
          return error("unexpected left bracket " + GoStrings.quoteRune(r));
        }
        gotColon = false;
        emit(ItemType.LEFT_BRACKET);
        if (isSpace(peek())) {
          skipSpaces();
        }
        bracketOpen = true;
        return State.DURATION_EXPR;
      }
      case ']' -> {
        if (!bracketOpen) {
          return error("unexpected right bracket " + GoStrings.quoteRune(r));
        }
        emit(ItemType.RIGHT_BRACKET);
        bracketOpen = false;
      }
      default -> {
        if (isSpace(r)) {
          return State.SPACE;
        }
        if (isDigit(r) || (r == '.' && isDigit(peek()))) {
          backup();
          return State.NUMBER_OR_DURATION;
        }
        if (isAlpha(r) || r == ':') {
          return lexWordOrColon(r);
        }
        return error("unexpected character: " + GoStrings.quoteRune(r));
      }
    }
    return State.STATEMENTS;
  }

  /** A word, or inside brackets a subquery colon or a duration function. */
  private State lexWordOrColon(int r) {
    if (!bracketOpen) {
      backup();
      return State.KEYWORD_OR_IDENTIFIER;
    }
    if (r == ':') {
      if (gotColon) {
        return error("unexpected colon " + GoStrings.quoteRune(r));
      }
      if (peek() == ':') {
        next();
        emit(ItemType.DOUBLE_COLON);
      } else {
        emit(ItemType.COLON);
      }
      gotColon = true;
      return State.STATEMENTS;
    }
    if ("sSmMrR".indexOf(r) >= 0 && scanDurationKeyword()) {
      return State.STATEMENTS;
    }
    return error("unexpected character: " + GoStrings.quoteRune(r) + ", expected " + GoStrings.quoteRune(':'));
  }

  private State lexInsideBraces() {
    if (input.startsWith("#", pos)) {
      return State.LINE_COMMENT;
    }
    int r = next();
    if (r == EOF) {
      return error("unexpected end of input inside braces");
    }
    if (isSpace(r)) {
      return State.SPACE;
    }
    if (isAlpha(r)) {
      backup();
      return State.IDENTIFIER;
    }
    switch (r) {
      case ',' -> emit(ItemType.COMMA);
      case '"', '\'' -> {
        stringOpen = r;
        return State.STRING;
      }
      case '`' -> {
        stringOpen = r;
        return State.RAW_STRING;
      }
      case '=' -> {
        if (next() == '~') {
          emit(ItemType.EQL_REGEX);
        } else {
          backup();
          emit(ItemType.EQL);
        }
      }
      case '!' -> {
        int nr = next();
        if (nr == '~') {
          emit(ItemType.NEQ_REGEX);
        } else if (nr == '=') {
          emit(ItemType.NEQ);
        } else {
          return error("unexpected character after '!' inside braces: " + GoStrings.quoteRune(nr));
        }
      }
      case '{' -> {
        return error("unexpected left brace " + GoStrings.quoteRune(r));
      }
      case '}' -> {
        emit(ItemType.RIGHT_BRACE);
        braceOpen = false;
        return State.STATEMENTS;
      }
      default -> {
        return error("unexpected character inside braces: " + GoStrings.quoteRune(r));
      }
    }
    return State.INSIDE_BRACES;
  }

  /** The first token after {@code [}: a duration, a number, arithmetic or a duration function. */
  private State lexDurationExpr() {
    int r = next();
    switch (r) {
      case EOF -> {
        return error("unexpected end of input in duration expression");
      }
      case ']' -> {
        emit(ItemType.RIGHT_BRACKET);
        bracketOpen = false;
        gotColon = false;
        return State.STATEMENTS;
      }
      case ':' -> {
        emit(ItemType.COLON);
        if (!gotDuration) {
          return error("unexpected colon before duration in duration expression");
        }
        if (gotColon) {
          return error("unexpected repeated colon in duration expression");
        }
        gotColon = true;
      }
      case '(' -> {
        emit(ItemType.LEFT_PAREN);
        parenDepth++;
      }
      case ')' -> {
        emit(ItemType.RIGHT_PAREN);
        parenDepth--;
        if (parenDepth < 0) {
          return error("unexpected right parenthesis " + GoStrings.quoteRune(r));
        }
      }
      case '+' -> emit(ItemType.ADD);
      case '-' -> emit(ItemType.SUB);
      case '*' -> emit(ItemType.MUL);
      case '/' -> emit(ItemType.DIV);
      case '%' -> emit(ItemType.MOD);
      case '^' -> emit(ItemType.POW);
      case ',' -> emit(ItemType.COMMA);
      default -> {
        if (isSpace(r)) {
          skipSpaces();
        } else if ("sSmMrR".indexOf(r) >= 0) {
          if (!scanDurationKeyword()) {
            return error("unexpected character in duration expression: " + GoStrings.quoteRune(r));
          }
        } else if (isDigit(r) || (r == '.' && isDigit(peek()))) {
          backup();
          gotDuration = true;
          return State.NUMBER_OR_DURATION;
        } else {
          return error("unexpected character in duration expression: " + GoStrings.quoteRune(r));
        }
      }
    }
    return State.DURATION_EXPR;
  }

  /** step, range, min_of and max_of inside brackets; the caller has read the first letter. */
  private boolean scanDurationKeyword() {
    while (isAlpha(peek())) {
      next();
    }
    String word = input.substring(start, pos).toLowerCase(Locale.ROOT);
    switch (word) {
      case "step" -> emit(ItemType.STEP);
      case "range" -> emit(ItemType.RANGE);
      case "min_of", "max_of" -> emit(ItemType.IDENTIFIER);
      default -> {
        return false;
      }
    }
    return true;
  }

  private State lexString() {
    while (true) {
      int r = next();
      if (r == '\\') {
        return State.ESCAPE;
      }
      if (r == 0xFFFD || (r >= 0xD800 && r < 0xE000)) {
        return error("invalid UTF-8 rune");
      }
      if (r == EOF || r == '\n') {
        return error("unterminated quoted string");
      }
      if (r == stringOpen) {
        break;
      }
    }
    emit(ItemType.STRING);
    return State.STATEMENTS;
  }

  private State lexRawString() {
    while (true) {
      int r = next();
      if (r == 0xFFFD || (r >= 0xD800 && r < 0xE000)) {
        return error("invalid UTF-8 rune");
      }
      if (r == EOF) {
        return error("unterminated raw string");
      }
      if (r == stringOpen) {
        break;
      }
    }
    emit(ItemType.STRING);
    return State.STATEMENTS;
  }

  /** An escape sequence in a quoted string; the backslash has been read. */
  private State lexEscape() {
    int n;
    int base;
    int max;
    int ch = next();
    switch (ch) {
      case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\' -> {
        return State.STRING;
      }
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        n = 3;
        base = 8;
        max = 255;
      }
      case 'x' -> {
        ch = next();
        n = 2;
        base = 16;
        max = 255;
      }
      case 'u' -> {
        ch = next();
        n = 4;
        base = 16;
        max = Character.MAX_CODE_POINT;
      }
      case 'U' -> {
        ch = next();
        n = 8;
        base = 16;
        max = Character.MAX_CODE_POINT;
      }
      case EOF -> {
        return error("escape sequence not terminated");
      }
      default -> {
        if (ch == stringOpen) {
          return State.STRING;
        }
        return error("unknown escape sequence " + GoStrings.unicodeNotation(ch));
      }
    }
    long x = 0;
    while (n > 0) {
      int d = digitValue(ch);
      if (d >= base) {
        if (ch == EOF) {
          return error("escape sequence not terminated");
        }
        return error("illegal character " + GoStrings.unicodeNotation(ch) + " in escape sequence");
      }
      x = x * base + d;
      n--;
      if (n > 0) {
        ch = next();
      }
    }
    if (x > max || (x >= 0xD800 && x < 0xE000)) {
      return error("escape sequence is an invalid Unicode code point");
    }
    return State.STRING;
  }

  private State lexSpace() {
    while (isSpace(peek())) {
      next();
    }
    ignore();
    return State.STATEMENTS;
  }

  private void skipSpaces() {
    while (isSpace(peek())) {
      next();
    }
    ignore();
  }

  private State lexLineComment() {
    pos += 1;
    int r = next();
    while (r != '\r' && r != '\n' && r != EOF) {
      r = next();
    }
    backup();
    emit(ItemType.COMMENT);
    return State.STATEMENTS;
  }

  private State lexNumberOrDuration() {
    if (scanNumber()) {
      emit(ItemType.NUMBER);
      return State.STATEMENTS;
    }
    if (acceptRemainingDuration()) {
      backup();
      emit(ItemType.DURATION);
      return State.STATEMENTS;
    }
    return error("bad number or duration syntax: " + GoStrings.quote(input.substring(start, pos)));
  }

  private boolean acceptRemainingDuration() {
    if (!accept("smhdwy")) {
      return false;
    }
    accept("s"); // ms; units like "hs" are caught when the duration is parsed.
    while (accept("0123456789")) {
      acceptRun("0123456789");
      if (!accept("smhdw")) { // y only ever comes first.
        return false;
      }
      accept("s");
    }
    return !isAlphaNumeric(next());
  }

  /** Scans decimal, hex, octal and float forms; whether the scanned text is a valid number is the parser's call. */
  private boolean scanNumber() {
    int initial = pos;
    String digits = "0123456789";
    if (accept("0") && accept("xX")) {
      accept("_"); // 0x_1F
      digits = "0123456789abcdefABCDEF";
    }
    accept(".");
    accept(digits);
    boolean dotSeen = false;
    boolean exponentSeen = false;
    while (is(digits + "._eE")) {
      if (is(".") && dotSeen) {
        accept(".");
        return false;
      }
      if (is("eE") && exponentSeen) {
        accept("eE");
        return false;
      }
      if (accept(".")) {
        dotSeen = true;
        if (accept("_.")) {
          return false;
        }
        if (digits.length() > 10) {
          return false; // No fractional hex literals.
        }
        continue;
      }
      if (accept("eE")) {
        exponentSeen = true;
        accept("+-");
        if (accept("._eE") || peek() == EOF) {
          return false;
        }
        continue;
      }
      if (accept("_")) {
        if (accept("._eE") || peek() == EOF) {
          return false;
        }
        continue;
      }
      acceptRun(digits);
    }
    if (pos == initial) {
      return false;
    }
    return !isAlphaNumeric(peek());
  }

  private State lexIdentifier() {
    while (isAlphaNumeric(next())) {
      // Absorb.
    }
    backup();
    emit(ItemType.IDENTIFIER);
    return State.STATEMENTS;
  }

  private State lexKeywordOrIdentifier() {
    while (true) {
      int r = next();
      if (!isAlphaNumeric(r) && r != ':') {
        break;
      }
    }
    backup();
    String word = input.substring(start, pos);
    String lower = word.toLowerCase(Locale.ROOT);
    ItemType keyword = ItemType.keyword(word);
    if (lower.equals("inf") || lower.equals("nan")) {
      emit(ItemType.NUMBER);
    } else if (keyword != null) {
      emit(keyword);
    } else if (word.indexOf(':') < 0) {
      emit(ItemType.IDENTIFIER);
    } else {
      emit(ItemType.METRIC_IDENTIFIER);
    }
    return State.STATEMENTS;
  }

  private static int digitValue(int ch) {
    if (ch >= '0' && ch <= '9') {
      return ch - '0';
    }
    if (ch >= 'a' && ch <= 'f') {
      return ch - 'a' + 10;
    }
    if (ch >= 'A' && ch <= 'F') {
      return ch - 'A' + 10;
    }
    return 16;
  }

  static boolean isSpace(int r) {
    return r == ' ' || r == '\t' || r == '\n' || r == '\r';
  }

  private static boolean isDigit(int r) {
    return r >= '0' && r <= '9';
  }

  /** Letters and underscore, ASCII only: other digits and letters are not PromQL's (prometheus#939). */
  private static boolean isAlpha(int r) {
    return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
  }

  private static boolean isAlphaNumeric(int r) {
    return isAlpha(r) || isDigit(r);
  }
}
