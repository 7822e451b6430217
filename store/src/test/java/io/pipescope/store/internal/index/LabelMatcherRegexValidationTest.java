package io.pipescope.store.internal.index;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pipescope.store.LabelMatcher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LabelMatcher refuses a regular expression that only parses once wrapped in its anchoring group,
 * as Prometheus does ("unexpected )"). Kept here, beside the index that reads matchers' regular
 * expressions, until LabelMatcher has tests of its own.
 */
class LabelMatcherRegexValidationTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"a)|(b", ")(", "a)|.*|(b"})
  void aRegexWithUnbalancedParenthesesIsRefusedEvenThoughItParsesOnceWrapped(String regex) {
    assertThrows(IllegalArgumentException.class, () -> LabelMatcher.of(LabelMatcher.Type.REGEX, "a", regex));
    assertThrows(IllegalArgumentException.class, () -> LabelMatcher.of(LabelMatcher.Type.NOT_REGEX, "a", regex));
  }
}
