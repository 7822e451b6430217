package io.pipescope.aggregator.metrics;

/**
 * A classic histogram at one instant: cumulative counts per upper bound (the last entry is +Inf and
 * equals {@code count}), the sum of observed values, and per bucket the latest exemplar kept (null
 * entries where none; a null array for a histogram that keeps none).
 */
public record HistogramSnapshot(double[] upperBounds, long[] cumulativeCounts, double sum, long count,
    Exemplar[] exemplars) {
  public HistogramSnapshot {
    if (cumulativeCounts.length != upperBounds.length + 1) {
      throw new IllegalArgumentException("need one cumulative count per bound plus +Inf");
    }
    if (exemplars != null && exemplars.length != cumulativeCounts.length) {
      throw new IllegalArgumentException("need one exemplar slot per bucket");
    }
  }

  /** Without exemplars. */
  public HistogramSnapshot(double[] upperBounds, long[] cumulativeCounts, double sum, long count) {
    this(upperBounds, cumulativeCounts, sum, count, null);
  }

  /** The exemplar of bucket {@code i} (the last is +Inf), or null. */
  public Exemplar exemplar(int i) {
    return exemplars == null ? null : exemplars[i];
  }
}
