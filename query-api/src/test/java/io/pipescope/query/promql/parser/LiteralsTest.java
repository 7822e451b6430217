package io.pipescope.query.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Go's rules for numbers, durations and quoted strings, which PromQL's literals follow. */
class LiteralsTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', value = {
    "1 | 1.0", "0x1f | 31.0", "0X_1F | 31.0", "0755 | 493.0", "08 | 8.0", "09.5 | 9.5", "1_000 | 1000.0",
    "1e3 | 1000.0", ".5 | 0.5", "5. | 5.0", "Inf | Infinity", "nAn | NaN", "1e-400 | 0.0",
    "9223372036854775807 | 9.223372036854775807E18", "9223372036854775808 | 9.223372036854775808E18",
  })
  void numbersParseAsInGo(String text, double value) {
    assertEquals(value, NumberLiterals.parse(text));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "1e400 | strconv.ParseFloat: parsing \"1e400\": value out of range",
    "0xffffffffffffffffff | strconv.ParseFloat: parsing \"0xffffffffffffffffff\": invalid syntax",
  })
  void numbersOutOfRangeFailAsInGo(String text, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, () -> NumberLiterals.parse(text)).getMessage());
  }

  @ParameterizedTest(name = "{0} prints as {1}")
  @CsvSource(delimiter = '|', value = {
    "1 | 1", "0.1 | 0.1", "1e21 | 1000000000000000000000", "1e-7 | 0.0000001", "-0.0 | -0", "0 | 0",
    "123.4567 | 123.4567", "Infinity | +Inf", "-Infinity | -Inf", "NaN | NaN", "0.30000000000000004 | 0.30000000000000004",
  })
  void numbersPrintAsGoFormatsThem(double value, String text) {
    assertEquals(text, NumberLiterals.format(value));
  }

  @org.junit.jupiter.api.Test
  void tinyAndHugeNumbersPrintWithoutExponent() {
    assertEquals("0." + "0".repeat(299) + "5", NumberLiterals.format(5e-300));
    assertEquals("0." + "0".repeat(323) + "5", NumberLiterals.format(Double.MIN_VALUE));
    assertEquals("17976931348623157" + "0".repeat(292), NumberLiterals.format(Double.MAX_VALUE));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "0 | 0", "5s | 5000", "1h30m | 5400000", "1m30ms | 60030", "1y | 31536000000", "2w | 1209600000", "7d | 604800000",
  })
  void durationsParse(String text, long millis) {
    assertEquals(Duration.ofMillis(millis), Durations.parse(text));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "'' | empty duration string",
    "5m1h | not a valid duration string: \"5m1h\"",
    "5m5m | not a valid duration string: \"5m5m\"",
    "5 | not a valid duration string: \"5\"",
    "m | not a valid duration string: \"m\"",
    "5hs | unknown unit \"hs\" in duration \"5hs\"",
    "300y | duration out of range",
    "106751d23h47m17s | duration out of range",
  })
  void badDurationsFailWithPrometheusMessages(String text, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Durations.parse(text)).getMessage());
  }

  @ParameterizedTest(name = "{0} ms prints as {1}")
  @CsvSource(delimiter = '|', value = {
    "0 | 0s", "1 | 1ms", "1500 | 1s500ms", "5400000 | 1h30m", "604800000 | 1w", "691200000 | 8d",
    "31536000000 | 1y", "31622400000 | 366d", "32745600000 | 379d", "90061001 | 1d1h1m1s1ms",
  })
  void durationsPrintInTheirShortestForm(long millis, String text) {
    assertEquals(text, Durations.format(Duration.ofMillis(millis)));
  }

  static Stream<Arguments> unquoted() {
    return Stream.of(
        arguments("\"a\"", "a"),
        arguments("'a'", "a"),
        arguments("`a\\b`", "a\\b"),
        arguments("\"a\\\"b\"", "a\"b"),
        arguments("'a\\'b'", "a'b"),
        arguments("'\"'", "\""),
        arguments("\"\\u00e9\"", "é"),
        arguments("\"\\x41\\102\"", "AB"),
        arguments("\"\\U0001F600\"", "\uD83D\uDE00"),
        arguments("\"\\a\\b\\f\\n\\r\\t\\v\\\\\"", "\u0007\b\f\n\r\t\u000B\\"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unquoted")
  void stringsUnquoteAsInGo(String literal, String value) {
    assertEquals(value, GoStrings.unquote(literal));
  }

  static Stream<Arguments> quoted() {
    return Stream.of(
        arguments("a\"b", "\"a\\\"b\""),
        arguments("a\\b", "\"a\\\\b\""),
        arguments("\u0007\b\f\n\r\t\u000B", "\"\\a\\b\\f\\n\\r\\t\\v\""),
        arguments("\u0000\u007f", "\"\\x00\\x7f\""),
        arguments("é☺\uD83D\uDE00", "\"é☺\uD83D\uDE00\""),
        arguments("\u200b\u00a0", "\"\\u200b\\u00a0\""),
        arguments("\uE000", "\"\\ue000\""),
        arguments("\uDBFF\uDFFF", "\"\\U0010ffff\""),
        arguments("a\uDCC5z", "\"a\\xc5z\""));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("quoted")
  void stringsQuoteAsGo(String value, String quoted) {
    assertEquals(quoted, GoStrings.quote(value));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
    "\"\\xc5\" | \uDCC5", "\"\\xc3\\xa9\" | é", "\"\\xed\\xa0\\x80\" | \uDCED\uDCA0\uDC80", "\"\\xf4\\x90\\x80\\x80\" | \uDCF4\uDC90\uDC80\uDC80",
  })
  void bytesThatAreNotUtf8AreKeptOneByOne(String literal, String value) {
    String s = GoStrings.unquote(literal);
    assertEquals(value, s);
    assertEquals(!value.equals("é"), !GoStrings.isValidUtf8(s));
  }
}
