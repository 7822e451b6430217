package io.pipescope.query.rules;

import java.nio.charset.StandardCharsets;

/**
 * Links to pipescope's expression page, as Prometheus builds them (util/strutil): the alert's
 * {@code generatorURL} and the templates' {@code graphLink}/{@code tableLink}.
 */
public final class ExpressionLinks {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private ExpressionLinks() {}

  /** {@code /graph?g0.expr=<expr>&g0.tab=1}: the expression's current values as a table. */
  public static String table(String expr) {
    return "/graph?g0.expr=" + queryEscape(expr) + "&g0.tab=1";
  }

  /** {@code /graph?g0.expr=<expr>&g0.tab=0}: the expression over time. */
  public static String graph(String expr) {
    return "/graph?g0.expr=" + queryEscape(expr) + "&g0.tab=0";
  }

  /**
   * Go's url.QueryEscape: unreserved characters stay, a space becomes '+', every other byte of
   * the UTF-8 text becomes %XX. (Java's URLEncoder differs on '*' and '~'.)
   */
  public static String queryEscape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        out.append((char) c);
      } else if (c == ' ') {
        out.append('+');
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}
