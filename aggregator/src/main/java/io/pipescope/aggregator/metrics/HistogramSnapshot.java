package io.pipescope.aggregator.metrics;

/**
 * A classic histogram at one instant: cumulative counts per upper bound (the last entry is +Inf and
 * equals {@code count}), and the sum of observed values.
 */
public record HistogramSnapshot(double[] upperBounds, long[] cumulativeCounts, double sum, long count) {
  public HistogramSnapshot {
    if (cumulativeCounts.length != upperBounds.length + 1) {
      throw new IllegalArgumentException("need one cumulative count per bound plus +Inf");
    }
  }
}
