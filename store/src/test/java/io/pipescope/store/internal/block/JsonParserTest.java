package io.pipescope.store.internal.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonParserTest {
  @Test
  void valuesParseToMapsListsStringsLongsBooleansAndNull() throws Exception {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", List.of(1L, -2L, 0L));
    expected.put("s", "x\"y\\z/\n\t\u00e9\u20ac");
    expected.put("t", true);
    expected.put("f", false);
    expected.put("n", null);
    expected.put("o", Map.of());
    expected.put("e", List.of());
    assertEquals(expected, JsonParser.parse(
        " { \"a\" : [1,-2, 0], \"s\": \"x\\\"y\\\\z\\/\\n\\t\\u00e9\u20ac\", \"t\":true,\"f\":false,"
        + "\"n\":null, \"o\":{}, \"e\":[] }\n"));
  }

  @Test
  void malformedTextFailsAtTheOffsetOfTheProblem() {
    Object[][] cases = {
      {"{\"a\": 1", 7},            // ends where ',' or '}' should be
      {"{\"a\": 1,}", 8},          // a trailing comma leaves no member name
      {"{\"a\" 1}", 5},            // missing colon
      {"[1 2]", 3},
      {"\"abc", 4},                // unterminated string
      {"{\"a\": 1.5}", 7},         // fractions are refused
      {"{\"a\": 99999999999999999999}", 6},
      {"{\"a\": 1, \"a\": 2}", 9}, // a repeated member
      {"{} x", 3},
      {"", 0},
      {"tru", 0},
      {"\"\\q\"", 2},
    };
    for (Object[] c : cases) {
      JsonParser.MalformedJsonException e =
          assertThrows(JsonParser.MalformedJsonException.class, () -> JsonParser.parse((String) c[0]), (String) c[0]);
      assertEquals(c[1], e.offset(), c[0] + ": " + e.getMessage());
    }
  }

  @Test
  void deeplyNestedArraysParse() throws Exception {
    String json = "[".repeat(50) + "]".repeat(50);
    Object value = JsonParser.parse(json);
    for (int depth = 0; depth < 49; depth++) {
      value = ((List<?>) value).get(0);
    }
    assertEquals(List.of(), value);
  }
}
