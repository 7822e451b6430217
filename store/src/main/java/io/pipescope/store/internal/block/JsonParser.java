package io.pipescope.store.internal.block;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON (RFC 8259) to read meta.json back: objects as maps, arrays as lists, strings,
 * integers as {@code Long}, booleans and null. Fractions and exponents are refused, since no field
 * of meta.json has them. The store module has no JSON library, and meta.json is too small to want one.
 */
final class JsonParser {
  /** Where and why the text is not JSON this parser reads. */
  static final class MalformedJsonException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int offset;

    MalformedJsonException(int offset, String problem) {
      super(problem);
      this.offset = offset;
    }

    int offset() {
      return offset;
    }
  }

  private final String text;
  private int pos;

  private JsonParser(String text) {
    this.text = text;
  }

  /** The one value in {@code text}, with nothing but whitespace around it. */
  static Object parse(String text) throws MalformedJsonException {
    JsonParser parser = new JsonParser(text);
    Object value = parser.value();
    parser.skipWhitespace();
    if (parser.pos != text.length()) {
      throw parser.malformed("unexpected text after the value");
    }
    return value;
  }

  private Object value() throws MalformedJsonException {
    skipWhitespace();
    if (pos == text.length()) {
      throw malformed("the text ends where a value should be");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield integer();
        }
        throw malformed("unexpected character '" + c + "'");
      }
    };
  }

  private Map<String, Object> object() throws MalformedJsonException {
    Map<String, Object> members = new LinkedHashMap<>();
    pos++;
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return members;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw malformed("expected a member name in quotes");
      }
      int at = pos;
      String name = string();
      skipWhitespace();
      expect(':');
      if (members.put(name, value()) != null) {
        throw new MalformedJsonException(at, "member \"" + name + "\" appears twice");
      }
      skipWhitespace();
      if (peek() == ',') {
        pos++;
      } else {
        expect('}');
        return members;
      }
    }
  }

  private List<Object> array() throws MalformedJsonException {
    List<Object> elements = new ArrayList<>();
    pos++;
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return elements;
    }
    while (true) {
      elements.add(value());
      skipWhitespace();
      if (peek() == ',') {
        pos++;
      } else {
        expect(']');
        return elements;
      }
    }
  }

  private String string() throws MalformedJsonException {
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos == text.length()) {
        throw malformed("the text ends inside a string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        throw new MalformedJsonException(pos - 1, "control character in a string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos == text.length()) {
        throw malformed("the text ends inside an escape");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> sb.append(hexChar());
        default -> throw new MalformedJsonException(pos - 1, "unknown escape \\" + e);
      }
    }
  }

  private char hexChar() throws MalformedJsonException {
    if (pos + 4 > text.length()) {
      throw malformed("the text ends inside a \\u escape");
    }
    try {
      char c = (char) Integer.parseInt(text.substring(pos, pos + 4), 16);
      pos += 4;
      return c;
    } catch (NumberFormatException e) {
      throw malformed("\\u must be followed by four hex digits");
    }
  }

  private Long integer() throws MalformedJsonException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    int digits = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    if (pos == digits) {
      throw malformed("a number needs digits");
    }
    if (pos < text.length() && (text.charAt(pos) == '.' || text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      throw malformed("only integers are expected");
    }
    try {
      return Long.parseLong(text.substring(start, pos));
    } catch (NumberFormatException e) {
      throw new MalformedJsonException(start, "integer out of the 64-bit range");
    }
  }

  private Object literal(String word, Object value) throws MalformedJsonException {
    if (!text.startsWith(word, pos)) {
      throw malformed("unexpected word; expected " + word);
    }
    pos += word.length();
    return value;
  }

  private void expect(char c) throws MalformedJsonException {
    if (peek() != c) {
      throw malformed(pos == text.length() ? "the text ends where '" + c + "' should be" : "expected '" + c + "'");
    }
    pos++;
  }

  /** The next character, or 0 at the end. */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : 0;
  }

  private void skipWhitespace() {
    while (pos < text.length() && " \t\n\r".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private MalformedJsonException malformed(String problem) {
    return new MalformedJsonException(pos, problem);
  }
}
