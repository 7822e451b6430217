package io.pipescope.aggregator.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.Recorder;

/**
 * A distribution recorded into an HdrHistogram {@link Recorder} (writers never block), with the
 * exact sum kept beside it. Values are stored as whole units of {@code 1 / unitsPerValue}
 * (microseconds for seconds, whole tokens for token counts). The reader swaps out interval
 * histograms and folds them into a cumulative one, so the exported counts only ever grow.
 *
 * <p>Classic bucket counts are read from the HdrHistogram, so a bucket boundary is resolved to the
 * sketch's precision (2 significant digits: within 1%); an observation exactly on a boundary is
 * always counted in that boundary's bucket.
 */
public final class SketchHistogram {
  /** Seconds are kept as microseconds. */
  public static final double MICROS_PER_SECOND = 1_000_000d;

  private final Recorder recorder;
  private final double unitsPerValue;
  private final DoubleAdder sum = new DoubleAdder();
  /** Values recorded, counted after each is in the recorder: an unchanged count means an unchanged snapshot. */
  private final LongAdder recorded = new LongAdder();
  /** The last snapshot and the count it saw: a flush of an idle histogram reuses it. */
  private HistogramSnapshot cached;
  private double[] cachedBounds;
  private long cachedRecorded = -1;
  private final Histogram cumulative;
  private Histogram recycledInterval;
  /** Counts and sum carried over from before a restart, added to every snapshot. */
  private long[] baseCumulative;
  private double baseSum;

  public SketchHistogram(int significantDigits, double unitsPerValue) {
    this.recorder = new Recorder(significantDigits);
    this.cumulative = new Histogram(significantDigits);
    this.unitsPerValue = unitsPerValue;
  }

  /** A histogram of seconds at microsecond resolution. */
  public static SketchHistogram ofSeconds(int significantDigits) {
    return new SketchHistogram(significantDigits, MICROS_PER_SECOND);
  }

  /** A histogram of whole counts (tokens, stages). */
  public static SketchHistogram ofCounts(int significantDigits) {
    return new SketchHistogram(significantDigits, 1);
  }

  /** Records a duration given in nanoseconds into a histogram of seconds. */
  public void recordNanos(long nanos) {
    record(Math.max(0, nanos) / 1e9);
  }

  /** Records a value; negative values are recorded as zero. */
  public void record(double value) {
    double clamped = value > 0 ? value : 0;
    recorder.recordValue(Math.round(clamped * unitsPerValue));
    sum.add(clamped);
    recorded.increment();
  }

  /** Folds everything recorded so far into the cumulative sketch and reads it against {@code bounds}. */
  public synchronized HistogramSnapshot snapshot(double[] bounds) {
    // Read before folding: a value recorded meanwhile is either in this snapshot or makes the
    // next one differ from it.
    long seen = recorded.sum();
    if (cached != null && seen == cachedRecorded && bounds == cachedBounds) {
      return cached;
    }
    Histogram total = accumulate();
    long count = total.getTotalCount();
    // One pass over the recorded buckets: a bucket counts towards a bound when it lies at or below
    // the bound's own bucket, as getCountBetweenValues(0, bound) counts it.
    long[] highest = new long[bounds.length];
    for (int i = 0; i < bounds.length; i++) {
      // Rounded, as record() rounds: 0.000249 * 1e6 is 248.99999999999997, and flooring it
      // would leave an observation of exactly 0.000249 outside its own bucket.
      long boundUnits = Math.round(bounds[i] * unitsPerValue);
      highest[i] = boundUnits < 0 ? -1 : total.highestEquivalentValue(boundUnits);
    }
    long[] perBound = new long[bounds.length + 1];
    int b = 0;
    for (HistogramIterationValue v : total.recordedValues()) {
      while (b < bounds.length && highest[b] < v.getValueIteratedTo()) {
        b++;
      }
      perBound[b] += v.getCountAtValueIteratedTo();
    }
    long[] cumulativeCounts = new long[bounds.length + 1];
    long running = 0;
    for (int i = 0; i < bounds.length; i++) {
      running += perBound[i];
      cumulativeCounts[i] = Math.min(count, running);
    }
    cumulativeCounts[bounds.length] = count;
    if (baseCumulative != null && baseCumulative.length == cumulativeCounts.length) {
      for (int i = 0; i < cumulativeCounts.length; i++) {
        cumulativeCounts[i] += baseCumulative[i];
      }
    }
    cached = new HistogramSnapshot(bounds.clone(), cumulativeCounts, sum.sum() + baseSum,
        cumulativeCounts[bounds.length]);
    cachedBounds = bounds;
    cachedRecorded = seen;
    return cached;
  }

  /**
   * Carries over the stored cumulative count of the bucket {@code le} of {@code bounds} (+Inf: the
   * count). A bound the histogram no longer has (the configuration changed) is ignored.
   */
  public synchronized void restoreBucket(double[] bounds, double le, long cumulativeCount) {
    cached = null;
    if (baseCumulative == null) {
      baseCumulative = new long[bounds.length + 1];
    }
    if (le == Double.POSITIVE_INFINITY) {
      baseCumulative[bounds.length] = cumulativeCount;
      return;
    }
    int i = java.util.Arrays.binarySearch(bounds, le);
    if (i >= 0 && i < baseCumulative.length - 1) {
      baseCumulative[i] = cumulativeCount;
    }
  }

  public synchronized void restoreSum(double storedSum) {
    cached = null;
    baseSum = storedSum;
  }

  /** The value at {@code percentile} (0..100) over everything recorded so far. */
  public synchronized double valueAtPercentile(double percentile) {
    return accumulate().getValueAtPercentile(percentile) / unitsPerValue;
  }

  private Histogram accumulate() {
    recycledInterval = recorder.getIntervalHistogram(recycledInterval);
    cumulative.add(recycledInterval);
    return cumulative;
  }
}
