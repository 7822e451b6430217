package io.pipescope.query.promql.parser;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Test tables written as text: one case a line, {@code input => expected}; {@code #} starts a
 * comment line. A line starting with {@code [all]} parses with every experimental feature on.
 */
final class Cases {
  private Cases() {}

  record Case(String input, String expected, ParserOptions options) {
    @Override
    public String toString() {
      return input;
    }
  }

  static List<Arguments> of(String table) {
    List<Arguments> cases = new ArrayList<>();
    for (String line : table.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      ParserOptions options = ParserOptions.DEFAULT;
      if (l.startsWith("[all] ")) {
        options = ParserOptions.ALL_FEATURES;
        l = l.substring(6);
      }
      int arrow = l.indexOf(" => ");
      if (arrow < 0) {
        throw new IllegalArgumentException("no ' => ' in test case: " + line);
      }
      cases.add(Arguments.of(new Case(l.substring(0, arrow), l.substring(arrow + 4), options)));
    }
    return cases;
  }
}
