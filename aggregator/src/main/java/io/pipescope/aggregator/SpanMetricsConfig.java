package io.pipescope.aggregator;

import io.pipescope.aggregator.metrics.BucketBounds;

/**
 * Settings of the generic span metrics.
 *
 * @param durationBuckets classic bucket bounds of {@code duration_seconds}, in seconds
 * @param significantDigits HdrHistogram precision of the duration sketches (2 = within 1%)
 * @param maxSeries series per metric before samples go to the overflow series
 * @param maxLabelValueLength label values longer than this are cut to it
 */
public record SpanMetricsConfig(
    double[] durationBuckets, int significantDigits, int maxSeries, int maxLabelValueLength) {

  public static final SpanMetricsConfig DEFAULTS =
      new SpanMetricsConfig(BucketBounds.DEFAULT_DURATION_SECONDS, 2, 5000, 256);

  public SpanMetricsConfig {
    durationBuckets = BucketBounds.validated(durationBuckets);
    if (significantDigits < 1 || significantDigits > 5) {
      throw new IllegalArgumentException("significant digits must be 1..5, got " + significantDigits);
    }
    if (maxSeries < 1) {
      throw new IllegalArgumentException("max series must be at least 1, got " + maxSeries);
    }
    if (maxLabelValueLength < 1) {
      throw new IllegalArgumentException("max label value length must be at least 1, got " + maxLabelValueLength);
    }
  }
}
