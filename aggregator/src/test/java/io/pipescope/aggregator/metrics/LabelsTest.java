package io.pipescope.aggregator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LabelsTest {

  @Test
  void labelsAreSortedByName() {
    Labels labels = Labels.of("span_name", "GET /", "service_name", "cart", "le", "0.1");

    assertEquals(3, labels.size());
    assertEquals("le", labels.name(0));
    assertEquals("0.1", labels.value(0));
    assertEquals("service_name", labels.name(1));
    assertEquals("cart", labels.value(1));
    assertEquals("span_name", labels.name(2));
    assertEquals("GET /", labels.value(2));
    assertEquals("{le=\"0.1\", service_name=\"cart\", span_name=\"GET /\"}", labels.toString());
  }

  @Test
  void equalityAndHashDoNotDependOnInputOrder() {
    Labels fromPairs = Labels.of("b", "2", "a", "1");
    Labels fromArrays = Labels.of(new String[] {"a", "b"}, new String[] {"1", "2"});
    Map<String, String> hashMap = new HashMap<>();
    hashMap.put("b", "2");
    hashMap.put("a", "1");
    Labels fromMap = Labels.from(hashMap);

    assertEquals(fromPairs, fromArrays);
    assertEquals(fromPairs, fromMap);
    assertEquals(fromPairs.hashCode(), fromArrays.hashCode());
    assertEquals(fromPairs.hashCode(), fromMap.hashCode());
  }

  @Test
  void labelSetsDifferingInOneValueOrNameAreNotEqual() {
    Labels base = Labels.of("a", "1", "b", "2");

    assertNotEquals(base, Labels.of("a", "1", "b", "3"));
    assertNotEquals(base, Labels.of("a", "1", "c", "2"));
    assertNotEquals(base, Labels.of("a", "1"));
    // Names and values are compared as pairs, not as two concatenated strings.
    assertNotEquals(Labels.of("ab", "c"), Labels.of("a", "bc"));
  }

  @Test
  void fromATreeMapWithItsOwnOrderStillSortsByName() {
    TreeMap<String, String> reversed = new TreeMap<>(Comparator.reverseOrder());
    reversed.put("a", "1");
    reversed.put("b", "2");
    reversed.put("c", "3");

    Labels labels = Labels.from(reversed);

    assertEquals("a", labels.name(0));
    assertEquals("c", labels.name(2));
    assertEquals("1", labels.get("a"));
    assertEquals("3", labels.get("c"));
    assertEquals(Labels.of("a", "1", "b", "2", "c", "3"), labels);
  }

  @Test
  void getFindsEveryNameAndReturnsNullForAnAbsentOne() {
    Labels labels = Labels.of("service_name", "cart", "span_kind", "SPAN_KIND_SERVER", "status_code", "STATUS_CODE_OK");

    assertEquals("cart", labels.get("service_name"));
    assertEquals("SPAN_KIND_SERVER", labels.get("span_kind"));
    assertEquals("STATUS_CODE_OK", labels.get("status_code"));
    assertNull(labels.get("span_name"));
    assertNull(Labels.empty().get("anything"));
  }

  @Test
  void withAddsALabelInSortedPlaceAndLeavesTheOriginalUnchanged() {
    Labels original = Labels.of("service_name", "cart");

    Labels added = original.with("le", "0.5");

    assertEquals(Labels.of("le", "0.5", "service_name", "cart"), added);
    assertEquals("le", added.name(0));
    assertEquals(Labels.of("service_name", "cart"), original);
  }

  @Test
  void withReplacesTheValueOfAnExistingName() {
    Labels replaced = Labels.of("a", "1", "b", "2").with("a", "9");

    assertEquals(Labels.of("a", "9", "b", "2"), replaced);
    assertEquals(2, replaced.size());
  }

  @Test
  void anOddNumberOfStringsOrMismatchedArraysIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Labels.of("a", "1", "b"));
    assertThrows(IllegalArgumentException.class, () -> Labels.of(new String[] {"a", "b"}, new String[] {"1"}));
  }
}
