package io.pipescope.query.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;

class ExpositionFormatTest {

  @Test
  void prometheus2AcceptHeaderGetsOpenMetrics() {
    String accept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    assertEquals(ExpositionFormat.OPENMETRICS, ExpositionFormat.negotiate(accept));
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
    "text/plain | PROMETHEUS_TEXT",
    "text/plain;version=0.0.4 | PROMETHEUS_TEXT",
    "*/* | PROMETHEUS_TEXT",
    "'' | PROMETHEUS_TEXT",
    "application/json | PROMETHEUS_TEXT",
    "application/openmetrics-text | OPENMETRICS",
    "Application/OpenMetrics-Text; version=1.0.0 | OPENMETRICS",
    "text/plain;q=0.5, application/openmetrics-text;version=1.0.0;q=0.2 | OPENMETRICS",
    "application/openmetrics-text;q=0 | PROMETHEUS_TEXT",
    "application/openmetrics-text; version=1.0.0; q=0.0, text/plain;q=0.5 | PROMETHEUS_TEXT",
    "application/openmetrics-text;q=0, application/openmetrics-text;version=0.0.1;q=0.3 | OPENMETRICS",
    "application/openmetrics-text;q=abc | PROMETHEUS_TEXT",
    "application/openmetrics-text;Q=0 | PROMETHEUS_TEXT",
  })
  void formatFollowsTheAcceptHeader(String accept, ExpositionFormat expected) {
    assertEquals(expected, ExpositionFormat.negotiate(accept));
  }

  @ParameterizedTest
  @NullSource
  void noAcceptHeaderGetsTheTextFormat(String accept) {
    assertEquals(ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.negotiate(accept));
  }

  @Test
  void eachFormatNamesItsContentType() {
    assertEquals("text/plain; version=0.0.4; charset=utf-8", ExpositionFormat.PROMETHEUS_TEXT.contentType());
    assertEquals(
        "application/openmetrics-text; version=1.0.0; charset=utf-8", ExpositionFormat.OPENMETRICS.contentType());
  }
}
