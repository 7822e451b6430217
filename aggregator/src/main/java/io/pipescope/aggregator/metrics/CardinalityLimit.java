package io.pipescope.aggregator.metrics;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps how many series one metric may create. Past the cap, new label sets go to a single overflow
 * series labelled {@code otel_metric_overflow="true"}, as the OpenTelemetry SDK and the Collector's
 * spanmetrics connector do, and every sample sent there is counted.
 */
public final class CardinalityLimit {
  public static final Labels OVERFLOW_LABELS = Labels.of("otel_metric_overflow", "true");

  private final int maxSeries;
  private final AtomicInteger series = new AtomicInteger();
  private final Counter overflowSamples = new Counter();

  public CardinalityLimit(int maxSeries) {
    if (maxSeries < 1) {
      throw new IllegalArgumentException("max series must be at least 1, got " + maxSeries);
    }
    this.maxSeries = maxSeries;
  }

  /** Reserves room for one more series; false means the caller must use the overflow series. */
  public boolean tryAdmit() {
    while (true) {
      int current = series.get();
      if (current >= maxSeries) {
        return false;
      }
      if (series.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /** Gives back a reservation that lost a race to create the same series. */
  public void release() {
    series.decrementAndGet();
  }

  public int series() {
    return series.get();
  }

  public void countOverflowSample() {
    overflowSamples.inc();
  }

  public long overflowSamples() {
    return overflowSamples.get();
  }

  public int maxSeries() {
    return maxSeries;
  }
}
