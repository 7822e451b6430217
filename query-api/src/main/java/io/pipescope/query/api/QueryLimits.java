package io.pipescope.query.api;

import java.time.Duration;

/**
 * The protections of the query endpoints, as Prometheus's {@code --query.*} flags.
 *
 * @param timeout longest a query may wait for a slot and run ({@code --query.timeout}, 2m); the
 *     {@code timeout} parameter may lower it, never raise it
 * @param maxConcurrentQueries queries evaluated at once ({@code --query.max-concurrency}, 20); more
 *     wait for a slot until their timeout, then fail with 503
 * @param maxPointsPerSeries steps a range query may have (Prometheus's fixed 11,000)
 * @param maxSamples samples one query may load from storage ({@code --query.max-samples}, 50
 *     million); pipescope's engine keeps every sample it loads for the whole query, so this bounds
 *     its memory as Prometheus's peak-samples limit does
 * @param lookback the lookback delta of instant selectors ({@code --query.lookback-delta}, 5m)
 * @param maxSeries series one query may return (500,000); past it the query fails rather than
 *     sending a response no client can use
 */
public record QueryLimits(
    Duration timeout, int maxConcurrentQueries, int maxPointsPerSeries, long maxSamples, Duration lookback,
    int maxSeries) {

  public static QueryLimits defaults() {
    return new QueryLimits(Duration.ofMinutes(2), 20, 11_000, 50_000_000L, Duration.ofMinutes(5), 500_000);
  }

  public QueryLimits {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("query timeout must be positive, got " + timeout);
    }
    if (maxConcurrentQueries < 1) {
      throw new IllegalArgumentException("max concurrent queries must be at least 1, got " + maxConcurrentQueries);
    }
    if (maxPointsPerSeries < 1) {
      throw new IllegalArgumentException("max points per series must be at least 1, got " + maxPointsPerSeries);
    }
    if (maxSamples < 1) {
      throw new IllegalArgumentException("max samples must be at least 1, got " + maxSamples);
    }
    if (maxSeries < 1) {
      throw new IllegalArgumentException("max series must be at least 1, got " + maxSeries);
    }
    if (lookback == null || lookback.isNegative() || lookback.isZero()) {
      throw new IllegalArgumentException("lookback delta must be positive, got " + lookback);
    }
  }
}
