package io.pipescope.query.promql.parser;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Go's string rules as PromQL inherits them: quoting ({@code strconv.Quote}, {@code %q}, {@code %#U})
 * for printing and error messages, and unquoting of the three literal forms.
 *
 * <p>A Go string is bytes, so {@code "\xff"} is legal PromQL that is not valid UTF-8. A Java string
 * cannot hold such a byte; it is kept as the lone surrogate {@code U+DC00+byte} (the "surrogate
 * escape" of PEP 383), which {@link #quote} prints back as {@code \xff} and {@link #isValidUtf8}
 * reports as invalid, so the engine can reject it as Prometheus does.
 */
public final class GoStrings {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoStrings() {}

  /** {@code strconv.Quote}: a double-quoted Go literal for {@code s}. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp >= 0xDC80 && cp <= 0xDCFF) {
        b.append("\\x").append(HEX[(cp >> 4) & 0xF]).append(HEX[cp & 0xF]);
      } else {
        appendEscaped(b, cp, '"');
      }
    }
    return b.append('"').toString();
  }

  /** {@code %q} of a rune: a single-quoted Go literal; an invalid rune (or EOF) prints as U+FFFD. */
  static String quoteRune(int cp) {
    if (cp < 0 || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp < 0xE000)) {
      cp = 0xFFFD;
    }
    StringBuilder b = new StringBuilder("'");
    appendEscaped(b, cp, '\'');
    return b.append('\'').toString();
  }

  /** {@code %#U}: {@code U+0063 'c'}, without the quoted form for an unprintable rune. */
  static String unicodeNotation(int cp) {
    String hex = Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT);
    String code = "U+" + "0".repeat(Math.max(0, 4 - hex.length())) + hex;
    return isPrint(cp) ? code + " '" + new String(Character.toChars(cp)) + "'" : code;
  }

  private static void appendEscaped(StringBuilder b, int cp, char quote) {
    if (cp == quote || cp == '\\') {
      b.append('\\').appendCodePoint(cp);
      return;
    }
    if (isPrint(cp)) {
      b.appendCodePoint(cp);
      return;
    }
    switch (cp) {
      case 0x07 -> b.append("\\a");
      case '\b' -> b.append("\\b");
      case '\f' -> b.append("\\f");
      case '\n' -> b.append("\\n");
      case '\r' -> b.append("\\r");
      case '\t' -> b.append("\\t");
      case 0x0B -> b.append("\\v");
      default -> {
        if (cp < ' ' || cp == 0x7F) {
          b.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xF]);
        } else {
          int c = (cp >= 0xD800 && cp < 0xE000) ? 0xFFFD : cp;
          boolean small = c < 0x10000;
          b.append(small ? "\\u" : "\\U");
          for (int shift = small ? 12 : 28; shift >= 0; shift -= 4) {
            b.append(HEX[(c >> shift) & 0xF]);
          }
        }
      }
    }
  }

  /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and ASCII space. */
  static boolean isPrint(int cp) {
    if (cp < 0x80) {
      return cp >= 0x20 && cp < 0x7F;
    }
    return switch (Character.getType(cp)) {
      case Character.UNASSIGNED, Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE,
          Character.SURROGATE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR -> false;
      default -> true;
    };
  }

  /** Whether {@code s} stands for valid UTF-8: it holds no lone surrogate. */
  public static boolean isValidUtf8(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Prometheus's {@code strutil.Unquote}: the value of a {@code "..."}, {@code '...'} or {@code `...`}
   * literal, Go escapes interpreted in the first two.
   *
   * @throws IllegalArgumentException when {@code s} is not such a literal
   */
  static String unquote(String s) {
    int n = s.length();
    if (n < 2 || s.charAt(0) != s.charAt(n - 1)) {
      throw new IllegalArgumentException("invalid syntax");
    }
    char quote = s.charAt(0);
    String body = s.substring(1, n - 1);
    if (quote == '`') {
      if (body.indexOf('`') >= 0) {
        throw new IllegalArgumentException("invalid syntax");
      }
      return body;
    }
    if ((quote != '"' && quote != '\'') || body.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("invalid syntax");
    }
    if (body.indexOf('\\') < 0 && body.indexOf(quote) < 0) {
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
    for (int i = 0; i < body.length(); ) {
      char c = body.charAt(i);
      if (c == quote) {
        throw new IllegalArgumentException("invalid syntax");
      }
      if (c != '\\') {
        int cp = body.codePointAt(i);
        i += Character.charCount(cp);
        writeUtf8(out, cp);
        continue;
      }
      if (i + 1 >= body.length()) {
        throw new IllegalArgumentException("invalid syntax");
      }
      char e = body.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a' -> out.write(0x07);
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'v' -> out.write(0x0B);
        case '\\' -> out.write('\\');
        case '\'', '"' -> {
          if (e != quote) {
            throw new IllegalArgumentException("invalid syntax");
          }
          out.write(e);
        }
        case 'x', 'u', 'U' -> {
          int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          int v = parseDigits(body, i, digits, 16);
          i += digits;
          if (e == 'x') {
            out.write(v);
          } else {
            if (v > Character.MAX_CODE_POINT || (v >= 0xD800 && v < 0xE000)) {
              throw new IllegalArgumentException("invalid syntax");
            }
            writeUtf8(out, v);
          }
        }
        default -> {
          if (e < '0' || e > '7') {
            throw new IllegalArgumentException("invalid syntax");
          }
          int v = parseDigits(body, i - 1, 3, 8);
          i += 2;
          if (v > 255) {
            throw new IllegalArgumentException("invalid syntax");
          }
          out.write(v);
        }
      }
    }
    return decodeUtf8(out.toByteArray());
  }

  private static int parseDigits(String s, int from, int count, int radix) {
    if (from + count > s.length()) {
      throw new IllegalArgumentException("invalid syntax");
    }
    int v = 0;
    for (int i = from; i < from + count; i++) {
      int d = Character.digit(s.charAt(i), radix);
      if (d < 0 || s.charAt(i) > 0x7F) {
        throw new IllegalArgumentException("invalid syntax");
      }
      v = v * radix + d;
    }
    return v;
  }

  private static void writeUtf8(ByteArrayOutputStream out, int cp) {
    if (cp >= 0xDC80 && cp <= 0xDCFF) {
      out.write(cp - 0xDC00); // A surrogate-escaped byte goes back as the byte it stands for.
      return;
    }
    byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
    out.write(bytes, 0, bytes.length);
  }

  /** UTF-8 to a Java string, each byte that is not part of a valid sequence surrogate-escaped. */
  static String decodeUtf8(byte[] b) {
    StringBuilder s = new StringBuilder(b.length);
    int i = 0;
    while (i < b.length) {
      int c = b[i] & 0xFF;
      int len = c < 0x80 ? 1 : c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
      int cp = len == 1 ? c : -1;
      if (len > 1 && i + len <= b.length) {
        int lo = 0x80;
        int hi = 0xBF;
        // Go's accept ranges: no overlong forms, no surrogates, nothing past U+10FFFF.
        if (c == 0xE0) {
          lo = 0xA0;
        } else if (c == 0xED) {
          hi = 0x9F;
        } else if (c == 0xF0) {
          lo = 0x90;
        } else if (c == 0xF4) {
          hi = 0x8F;
        }
        int b1 = b[i + 1] & 0xFF;
        boolean ok = b1 >= lo && b1 <= hi;
        int v = (c & (0xFF >> (len + 1))) << 6 | (b1 & 0x3F);
        for (int k = 2; ok && k < len; k++) {
          int bk = b[i + k] & 0xFF;
          ok = bk >= 0x80 && bk <= 0xBF;
          v = v << 6 | (bk & 0x3F);
        }
        cp = ok ? v : -1;
      }
      if (cp < 0) {
        s.append((char) (0xDC00 + c));
        i++;
      } else {
        s.appendCodePoint(cp);
        i += len;
      }
    }
    return s.toString();
  }
}
