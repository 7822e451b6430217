package io.pipescope.aggregator.metrics;

import java.util.Arrays;

/** Classic histogram bucket bounds in seconds. */
public final class BucketBounds {
  /**
   * The OpenTelemetry Collector spanmetrics defaults (2 ms to 15 s), extended to 30 min because
   * factory stages (builds, scans, deploys) routinely run for minutes.
   */
  public static final double[] DEFAULT_DURATION_SECONDS = {
    0.002, 0.004, 0.006, 0.008, 0.01, 0.05, 0.1, 0.2, 0.4, 0.8, 1, 1.4, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800
  };

  private BucketBounds() {}

  /** Checks that bounds are finite and strictly increasing; returns a copy. */
  public static double[] validated(double[] bounds) {
    if (bounds.length == 0) {
      throw new IllegalArgumentException("a histogram needs at least one bucket bound");
    }
    for (int i = 0; i < bounds.length; i++) {
      if (!Double.isFinite(bounds[i])) {
        throw new IllegalArgumentException("bucket bounds must be finite, got " + bounds[i]);
      }
      if (i > 0 && bounds[i] <= bounds[i - 1]) {
        throw new IllegalArgumentException("bucket bounds must increase strictly: " + Arrays.toString(bounds));
      }
    }
    return bounds.clone();
  }
}
