package io.pipescope.store.internal.exemplar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.ExemplarQueryable.SeriesExemplars;
import io.pipescope.store.ExemplarQueryable.StoredExemplar;
import io.pipescope.store.LabelMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

class CircularExemplarStorageTest {
  private static final Labels FAST = Labels.of("__name__", "d_bucket", "le", "1");
  private static final Labels SLOW = Labels.of("__name__", "d_bucket", "le", "+Inf");
  private static final List<List<LabelMatcher>> ALL = List.of(List.of(LabelMatcher.equal("__name__", "d_bucket")));

  private static Labels trace(String id) {
    return Labels.of("trace_id", id);
  }

  @Test
  void exemplarsAreKeptPerSeriesOldestFirstAndSelectedByMatchersAndTime() {
    CircularExemplarStorage s = new CircularExemplarStorage(10);
    assertTrue(s.add(FAST, trace("a"), 0.5, 1000));
    assertTrue(s.add(SLOW, trace("b"), 600, 1500));
    assertTrue(s.add(FAST, trace("c"), 0.7, 2000));
    List<SeriesExemplars> all = s.exemplars(0, 5000, ALL);
    assertEquals(2, all.size());
    SeriesExemplars fast = all.stream().filter(e -> e.seriesLabels().equals(FAST)).findFirst().orElseThrow();
    assertEquals(List.of(new StoredExemplar(trace("a"), 0.5, 1000), new StoredExemplar(trace("c"), 0.7, 2000)),
        fast.exemplars());
    List<SeriesExemplars> slowOnly = s.exemplars(0, 5000, List.of(List.of(LabelMatcher.equal("le", "+Inf"))));
    assertEquals(List.of(new SeriesExemplars(SLOW, List.of(new StoredExemplar(trace("b"), 600, 1500)))), slowOnly);
    assertEquals(1, s.exemplars(1800, 5000, ALL).size(), "only c lies in the window");
  }

  @Test
  void sameExemplarAgainIsIgnoredAndAnOlderOneRefused() {
    CircularExemplarStorage s = new CircularExemplarStorage(10);
    s.add(FAST, trace("a"), 0.5, 1000);
    assertFalse(s.add(FAST, trace("a"), 0.5, 1000), "every flush resends the bucket's latest");
    assertFalse(s.add(FAST, trace("z"), 0.4, 900));
    assertEquals(1, s.outOfOrder());
    assertEquals(1, s.size());
  }

  @Test
  void oldestExemplarsAreOverwrittenAcrossSeries() {
    CircularExemplarStorage s = new CircularExemplarStorage(3);
    s.add(FAST, trace("a"), 0.1, 1);
    s.add(SLOW, trace("b"), 700, 2);
    s.add(FAST, trace("c"), 0.2, 3);
    s.add(FAST, trace("d"), 0.3, 4);
    s.add(FAST, trace("e"), 0.4, 5);
    assertEquals(3, s.size());
    List<SeriesExemplars> left = s.exemplars(0, 10, ALL);
    assertEquals(1, left.size(), "SLOW's only exemplar was overwritten: the series is gone");
    assertEquals(List.of("c", "d", "e"), left.get(0).exemplars().stream().map(e -> e.labels().get("trace_id")).toList());
  }
}
