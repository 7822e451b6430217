package io.pipescope.store.internal.index;

import java.util.ArrayList;
import java.util.List;

/**
 * Recognises a regular expression that is only literal strings joined by {@code |}, such as
 * {@code GET|POST} or {@code api\.v1|api\.v2}, so that a matcher becomes a few direct lookups
 * instead of a test of every value (Prometheus's set matches). Anything else, including an escape
 * other than of a metacharacter or a backslash, is declined rather than interpreted.
 */
final class LiteralAlternatives {
  private static final String METACHARACTERS = ".+*?()|[]{}^$";

  private LiteralAlternatives() {}

  /**
   * The strings the anchored {@code regex} matches, when it is a plain alternation of literals;
   * null otherwise. An empty alternative contributes the empty string.
   */
  static List<String> of(String regex) {
    List<String> alternatives = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        if (++i == regex.length()) {
          return null;
        }
        char escaped = regex.charAt(i);
        if (escaped != '\\' && METACHARACTERS.indexOf(escaped) < 0) {
          return null;
        }
        current.append(escaped);
      } else if (c == '|') {
        alternatives.add(current.toString());
        current.setLength(0);
      } else if (METACHARACTERS.indexOf(c) >= 0) {
        return null;
      } else {
        current.append(c);
      }
    }
    alternatives.add(current.toString());
    return alternatives;
  }
}
