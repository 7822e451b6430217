package io.pipescope.store.internal.index;

import io.pipescope.store.LabelMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses a PromQL selector's braces, {@code {a="1",b!~"x|y"}}, so test cases read as PromQL. */
final class Selectors {
  private static final Pattern MATCHER =
      Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(?:,|$)");

  private Selectors() {}

  static LabelMatcher[] parse(String selector) {
    if (!selector.startsWith("{") || !selector.endsWith("}")) {
      throw new IllegalArgumentException("not a selector: " + selector);
    }
    String body = selector.substring(1, selector.length() - 1);
    List<LabelMatcher> matchers = new ArrayList<>();
    Matcher m = MATCHER.matcher(body);
    int end = 0;
    while (end < body.length()) {
      if (!m.find(end) || m.start() != end) {
        throw new IllegalArgumentException("cannot parse '" + body.substring(end) + "' in " + selector);
      }
      matchers.add(LabelMatcher.of(type(m.group(2)), m.group(1), unescape(m.group(3))));
      end = m.end();
    }
    return matchers.toArray(new LabelMatcher[0]);
  }

  private static LabelMatcher.Type type(String operator) {
    for (LabelMatcher.Type t : LabelMatcher.Type.values()) {
      if (t.operator().equals(operator)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown operator " + operator);
  }

  /** PromQL string escapes: a backslash keeps the character after it. */
  private static String unescape(String quoted) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < quoted.length(); i++) {
      char c = quoted.charAt(i);
      sb.append(c == '\\' ? quoted.charAt(++i) : c);
    }
    return sb.toString();
  }
}
