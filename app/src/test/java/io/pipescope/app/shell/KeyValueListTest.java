package io.pipescope.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code key=value,...} lists of OTEL_RESOURCE_ATTRIBUTES and OTEL_EXPORTER_OTLP_HEADERS. */
class KeyValueListTest {
  @Test
  void formatThenParseGivesBackAnyTextInOrder() {
    Map<String, String> pairs = new LinkedHashMap<>();
    pairs.put("factory.feature.name", "Add profile, v2 = \"100%\"; it's done");
    pairs.put("emoji", "déploiement ✓ 🚀");
    pairs.put("empty", "");
    pairs.put("key with, comma=", "v");
    String list = KeyValueList.format(pairs);
    assertEquals(pairs, KeyValueList.parse(list));
    assertEquals(List.copyOf(pairs.keySet()), List.copyOf(KeyValueList.parse(list).keySet()));
  }

  @Test
  void parseTrimsDecodesPercentKeepsPlusAndLetsALaterKeyWin() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("a", "x+y z");
    expected.put("b", "100%");
    expected.put("c", "%zz");
    assertEquals(expected, KeyValueList.parse(" a = x+y%20z ,b=100%25,,c=%zz, a=x+y%20z"));
  }

  @Test
  void nothingSetIsNoPairs() {
    assertEquals(Map.of(), KeyValueList.parse(null));
    assertEquals(Map.of(), KeyValueList.parse("  "));
  }
}
