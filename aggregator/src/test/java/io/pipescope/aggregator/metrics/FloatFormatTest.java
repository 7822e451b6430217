package io.pipescope.aggregator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FloatFormatTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0, 0",
    "1, 1",
    "-3, -3",
    "0.002, 0.002",
    "1.4, 1.4",
    "1800, 1800",
    "0.1, 0.1",
    "123456.789, 123456.789",
    "0.00001, 1e-05",
    "1.5e-7, 1.5e-07",
    "1e21, 1e+21",
    "2.5e300, 2.5e+300",
    "Infinity, +Inf",
    "-Infinity, -Inf",
    "NaN, NaN",
  })
  void formatsAsPrometheusDoes(double value, String expected) {
    assertEquals(expected, FloatFormat.format(value));
  }
}
