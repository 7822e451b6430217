package io.pipescope.store;

import java.util.List;

/** Reads series over one time range (Prometheus's storage.Querier). Close it when done. */
public interface Querier extends AutoCloseable {
  /** Series matching all matchers, sorted by labels when {@code sorted}. */
  SeriesSet select(boolean sorted, LabelMatcher... matchers);

  /** Values of the label across series matching the matchers (all series when none), sorted. */
  List<String> labelValues(String name, LabelMatcher... matchers);

  /** Label names across series matching the matchers (all series when none), sorted. */
  List<String> labelNames(LabelMatcher... matchers);

  @Override
  void close();
}
