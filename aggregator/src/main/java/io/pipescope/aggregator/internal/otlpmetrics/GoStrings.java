package io.pipescope.aggregator.internal.otlpmetrics;

import java.util.Comparator;

/**
 * The two places where Go's string semantics show through Prometheus's translation and Java's
 * differ: what counts as white space, and the order of strings (Go compares UTF-8 bytes, which is
 * code-point order; {@link String#compareTo} compares UTF-16 units).
 */
final class GoStrings {
  /** Go's {@code strings.Compare}: code-point order, so supplementary characters sort last. */
  static final Comparator<String> ORDER = GoStrings::compare;

  private GoStrings() {}

  static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** Go's {@code strings.TrimSpace}: strips what {@code unicode.IsSpace} calls space from both ends. */
  static String trimSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && isSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  /** Go's {@code unicode.IsSpace}: ASCII \t \n \v \f \r and space, U+0085, and the Z categories. */
  private static boolean isSpace(int cp) {
    return (cp >= '\t' && cp <= '\r') || cp == 0x85 || Character.isSpaceChar(cp);
  }
}
