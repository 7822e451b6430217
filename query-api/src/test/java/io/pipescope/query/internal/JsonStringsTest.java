package io.pipescope.query.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonStringsTest {
  @Test
  void escapesAsGoEncodingJsonDoes() {
    assertEquals("\"a\\\"b\\\\c\\n\\r\\t\"", JsonStrings.quote("a\"b\\c\n\r\t"));
    assertEquals("\"\\u003ch1\\u003e \\u0026 \\u2028\"", JsonStrings.quote("<h1> & \u2028"));
    assertEquals("\"\\u0001ü\"", JsonStrings.quote("\u0001ü"));
  }
}
