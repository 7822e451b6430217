package io.pipescope.query.promql.engine;

import io.pipescope.aggregator.metrics.Labels;

/**
 * One element of an instant vector: a series' labels and its value at time {@code t}.
 *
 * @param dropName set when an operation removed the metric name lazily: {@code __name__} is
 *     dropped when the result leaves the engine, as Prometheus 3 does (so that label_replace can
 *     still read it)
 */
public record Sample(Labels labels, long t, double v, boolean dropName) {
  public Sample(Labels labels, long t, double v) {
    this(labels, t, v, false);
  }
}
