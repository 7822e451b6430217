package io.pipescope.store.internal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pipescope.store.LabelMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LiteralAlternativesTest {

  static Stream<Arguments> literalAlternations() {
    return Stream.of(
        Arguments.of("GET|POST|PUT", List.of("GET", "POST", "PUT")),
        Arguments.of("api", List.of("api")),
        Arguments.of("api\\.v1|api\\.v2", List.of("api.v1", "api.v2")),
        Arguments.of("a\\|b|c", List.of("a|b", "c")),
        Arguments.of("C:\\\\temp", List.of("C:\\temp")),
        Arguments.of("x|", List.of("x", "")),
        Arguments.of("", List.of("")),
        Arguments.of("two words|état", List.of("two words", "état")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("literalAlternations")
  void aPlainAlternationOfLiteralsGivesItsStrings(String regex, List<String> expected) {
    assertEquals(expected, LiteralAlternatives.of(regex));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"a.*", "a+", "(a|b)", "[ab]", "a\\d", "^a", "a$", "a{2}", "(?i)a", "a?", "\\Qa\\E", "a\\"})
  void anythingButLiteralsAndEscapedMetacharactersIsDeclined(String regex) {
    assertNull(LiteralAlternatives.of(regex));
  }

  /** The strings found are exactly what the regular expression engine matches, on these candidates. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("literalAlternations")
  void theStringsAreExactlyWhatTheRegexMatches(String regex, List<String> literals) {
    LabelMatcher matcher = LabelMatcher.of(LabelMatcher.Type.REGEX, "l", regex);
    List<String> candidates = new ArrayList<>(literals);
    candidates.addAll(List.of("", "x", "GET|POST", "GETPOST", "apixv1", "a|b", "ab", "a", "C:temp", "two", "etat"));
    for (String candidate : candidates) {
      assertEquals(literals.contains(candidate), matcher.matches(candidate), "'" + candidate + "'");
    }
  }
}
