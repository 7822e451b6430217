package io.pipescope.query.promql.engine;

import io.pipescope.aggregator.metrics.Labels;
import java.util.List;

/** A series of a range vector: its labels and points in time order. */
public record Series(Labels labels, List<FPoint> points, boolean dropName) {
  public Series(Labels labels, List<FPoint> points) {
    this(labels, points, false);
  }
}
