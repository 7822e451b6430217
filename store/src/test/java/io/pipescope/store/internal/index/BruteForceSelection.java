package io.pipescope.store.internal.index;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.LabelMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The reference answer: every matcher applied to every series, an absent label read as "". */
final class BruteForceSelection {
  private BruteForceSelection() {}

  static List<Long> select(Map<Long, Labels> series, LabelMatcher... matchers) {
    List<Long> selected = new ArrayList<>();
    for (Map.Entry<Long, Labels> e : new TreeMap<>(series).entrySet()) {
      if (matchesAll(e.getValue(), matchers)) {
        selected.add(e.getKey());
      }
    }
    return selected;
  }

  static boolean matchesAll(Labels labels, LabelMatcher... matchers) {
    for (LabelMatcher m : matchers) {
      if (!m.matches(labels.get(m.name()))) {
        return false;
      }
    }
    return true;
  }
}
