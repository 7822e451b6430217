package io.pipescope.store.internal.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.Querier;
import io.pipescope.store.SampleIterator;
import io.pipescope.store.SeriesSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a select returns, in order, samples as {time, raw value bits} so NaN payloads count. */
final class QuerierReads {
  private QuerierReads() {}

  static LinkedHashMap<Labels, List<long[]>> selectAll(Querier querier, LabelMatcher... matchers) {
    LinkedHashMap<Labels, List<long[]>> read = new LinkedHashMap<>();
    SeriesSet set = querier.select(true, matchers);
    while (set.next()) {
      List<long[]> samples = new ArrayList<>();
      SampleIterator it = set.at().iterator();
      while (it.next()) {
        samples.add(new long[] {it.timestamp(), Double.doubleToRawLongBits(it.value())});
      }
      List<long[]> previous = read.put(set.at().labels(), samples);
      assertNull(previous, "series " + set.at().labels() + " returned twice");
    }
    assertNull(set.error());
    return read;
  }

  /** Asserts both maps hold the same series in the same order with bit-identical samples. */
  static void assertSameSeries(Map<Labels, List<long[]>> expected, Map<Labels, List<long[]>> actual, String what) {
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), what + ": series");
    for (Map.Entry<Labels, List<long[]>> e : expected.entrySet()) {
      assertSameSamples(e.getValue(), actual.get(e.getKey()), what + ": " + e.getKey());
    }
  }

  static void assertSameSamples(List<long[]> expected, List<long[]> actual, String what) {
    assertEquals(expected.size(), actual.size(), what + ": sample count");
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i)[0], actual.get(i)[0], what + ": time of sample " + i);
      assertEquals(expected.get(i)[1], actual.get(i)[1], what + ": value bits of sample " + i);
    }
  }
}
