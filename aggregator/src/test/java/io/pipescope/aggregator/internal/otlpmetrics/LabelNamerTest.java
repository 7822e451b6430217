package io.pipescope.aggregator.internal.otlpmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Label names as Prometheus 3's defaults make them; cases after otlptranslator's label_namer_test.go. */
class LabelNamerTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "label:with:colons | label_with_colons",
    "LabelWithCapitalLetters | LabelWithCapitalLetters",
    "label!with&special$chars) | label_with_special_chars_",
    "label_with_foreign_characters_字符 | label_with_foreign_characters___",
    "label.with.dots | label_with_dots",
    "http.request.method | http_request_method",
    "123label | key_123label",
    "_label_starting_with_underscore | key_label_starting_with_underscore",
    "__label_starting_with_2underscores | __label_starting_with_2underscores",
    "label__keeps__double | label__keeps__double",
    "a😀b | a_b",
    "le | le",
  })
  void sanitisesAsPrometheusDoes(String key, String expected) {
    assertEquals(expected, LabelNamer.build(key));
  }

  @ParameterizedTest(name = "[{0}] is no label name")
  @ValueSource(strings = {"__", "ようこそ", "..."})
  void refusesKeysThatLeaveOnlyUnderscores(String key) {
    assertNull(LabelNamer.build(key));
  }

  @Test
  void aSingleLeadingUnderscoreLeftBySanitisingGetsKey() {
    assertEquals("key_", LabelNamer.build(" "));
    assertEquals("key_", LabelNamer.build("_"));
  }

  @Test
  void refusesTheEmptyKey() {
    assertNull(LabelNamer.build(""));
  }
}
