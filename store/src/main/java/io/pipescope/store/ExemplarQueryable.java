package io.pipescope.store;

import io.pipescope.aggregator.metrics.Labels;
import java.util.List;

/** Exemplars kept beside the samples, selected as Prometheus's exemplar querier selects them. */
public interface ExemplarQueryable {
  /** One exemplar: its own labels ({@code trace_id}, ...), value and time. */
  record StoredExemplar(Labels labels, double value, long timestampMillis) {}

  /** The exemplars of one series, oldest first. */
  record SeriesExemplars(Labels seriesLabels, List<StoredExemplar> exemplars) {}

  /**
   * The exemplars in {@code [minTimeMillis, maxTimeMillis]} of every series that matches all
   * matchers of at least one of {@code matcherSets}.
   */
  List<SeriesExemplars> exemplars(long minTimeMillis, long maxTimeMillis, List<List<LabelMatcher>> matcherSets);
}
