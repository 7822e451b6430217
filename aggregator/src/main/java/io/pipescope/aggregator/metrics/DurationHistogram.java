package io.pipescope.aggregator.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A duration distribution recorded into an HdrHistogram {@link Recorder} (writers never block) at
 * microsecond resolution, with the exact sum kept beside it. The reader swaps out interval
 * histograms and folds them into a cumulative one, so the exported counts only ever grow.
 *
 * <p>Classic bucket counts are read from the HdrHistogram, so a bucket boundary is resolved to the
 * sketch's precision (2 significant digits: within 1%); an observation exactly on a boundary is
 * always counted in that boundary's bucket.
 */
public final class DurationHistogram {
  private static final double MICROS_PER_SECOND = 1_000_000d;

  private final Recorder recorder;
  private final DoubleAdder sumSeconds = new DoubleAdder();
  private final Histogram cumulative;
  private Histogram recycledInterval;

  public DurationHistogram(int significantDigits) {
    this.recorder = new Recorder(significantDigits);
    this.cumulative = new Histogram(significantDigits);
  }

  public void recordNanos(long nanos) {
    long clamped = Math.max(0, nanos);
    recorder.recordValue(TimeUnit.NANOSECONDS.toMicros(clamped));
    sumSeconds.add(clamped / 1e9);
  }

  public void recordSeconds(double seconds) {
    double clamped = seconds > 0 ? seconds : 0;
    recorder.recordValue(Math.round(clamped * MICROS_PER_SECOND));
    sumSeconds.add(clamped);
  }

  /** Folds everything recorded so far into the cumulative sketch and reads it against {@code bounds}. */
  public synchronized HistogramSnapshot snapshot(double[] bounds) {
    Histogram total = accumulate();
    long[] cumulativeCounts = new long[bounds.length + 1];
    long count = total.getTotalCount();
    for (int i = 0; i < bounds.length; i++) {
      // Rounded, as recordSeconds rounds: 0.000249 * 1e6 is 248.99999999999997, and flooring it
      // would leave an observation of exactly 249 µs outside the le=0.000249 bucket.
      long boundMicros = Math.round(bounds[i] * MICROS_PER_SECOND);
      cumulativeCounts[i] = boundMicros < 0 ? 0 : Math.min(count, total.getCountBetweenValues(0, boundMicros));
    }
    cumulativeCounts[bounds.length] = count;
    return new HistogramSnapshot(bounds.clone(), cumulativeCounts, sumSeconds.sum(), count);
  }

  /** The value at {@code percentile} (0..100) in seconds over everything recorded so far. */
  public synchronized double valueAtPercentile(double percentile) {
    return accumulate().getValueAtPercentile(percentile) / MICROS_PER_SECOND;
  }

  private Histogram accumulate() {
    recycledInterval = recorder.getIntervalHistogram(recycledInterval);
    cumulative.add(recycledInterval);
    return cumulative;
  }
}
