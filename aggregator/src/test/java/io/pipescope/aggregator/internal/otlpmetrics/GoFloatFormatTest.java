package io.pipescope.aggregator.internal.otlpmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pipescope.aggregator.metrics.FloatFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFloatFormatTest {
  /** strconv.FormatFloat(v, 'f', -1, 64): what Prometheus's OTLP translation writes in le and quantile. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0, 0",
    "-0.0, -0",
    "1, 1",
    "0.005, 0.005",
    "0.25, 0.25",
    "2.5, 2.5",
    "1000, 1000",
    "0.99, 0.99",
    "0.00001, 0.00001",
    "1.5e-7, 0.00000015",
    "1e21, 1000000000000000000000",
    "123456789.125, 123456789.125",
    "Infinity, +Inf",
    "-Infinity, -Inf",
    "NaN, NaN",
  })
  void plainIsGoFormatFloatWithoutExponent(double value, String expected) {
    assertEquals(expected, GoFloatFormat.plain(value));
  }

  @Test
  void plainMatchesPipescopesFloatFormatWhereNeitherUsesAnExponent() {
    double[] values = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 100, 1e6, 3.14159};
    for (double v : values) {
      assertEquals(FloatFormat.format(v), GoFloatFormat.plain(v), "bound " + v);
    }
  }
}
