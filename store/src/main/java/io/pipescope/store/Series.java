package io.pipescope.store;

import io.pipescope.aggregator.metrics.Labels;

/** One series of a select: its labels and its samples in the querier's time range. */
public interface Series {
  Labels labels();

  SampleIterator iterator();
}
