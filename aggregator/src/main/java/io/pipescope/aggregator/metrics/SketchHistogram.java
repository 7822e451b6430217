package io.pipescope.aggregator.metrics;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
  /**
   * A bucket's exemplar is replaced at most this often: the hot path allocates an exemplar about
   * once a second per bucket, not per observation.
   */
  static final long EXEMPLAR_MIN_INTERVAL_MILLIS = 1000;

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
  /** The bounds exemplars are kept per bucket for, or null when this histogram keeps none. */
  private final double[] exemplarBounds;
  private final AtomicReferenceArray<Exemplar> exemplars;

  public SketchHistogram(int significantDigits, double unitsPerValue) {
    this(significantDigits, unitsPerValue, null);
  }

  /** Keeping the latest exemplar per bucket of {@code exemplarBounds} (null: none). */
  public SketchHistogram(int significantDigits, double unitsPerValue, double[] exemplarBounds) {
    this.recorder = new Recorder(significantDigits);
    this.cumulative = new Histogram(significantDigits);
    this.unitsPerValue = unitsPerValue;
    this.exemplarBounds = exemplarBounds == null ? null : exemplarBounds.clone();
    this.exemplars = exemplarBounds == null ? null : new AtomicReferenceArray<>(exemplarBounds.length + 1);
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

  /** As {@link #recordNanos(long)}, keeping the span as its bucket's exemplar (if this histogram keeps any). */
  public void recordNanos(long nanos, ByteString traceId, ByteString spanId, long endMillis) {
    record(Math.max(0, nanos) / 1e9, traceId, spanId, endMillis);
  }

  /**
   * As {@link #record(double)}, with the trace that observed it: it becomes its bucket's exemplar
   * unless that bucket's was replaced less than a second before.
   */
  public void record(double value, ByteString traceId, ByteString spanId, long endMillis) {
    if (exemplars != null && traceId != null && !traceId.isEmpty()) {
      double clamped = value > 0 ? value : 0;
      int slot = Arrays.binarySearch(exemplarBounds, clamped);
      slot = slot >= 0 ? slot : -slot - 1;
      Exemplar current = exemplars.get(slot);
      // Before the value is recorded: a snapshot that sees the value also sees its exemplar.
      if (current == null || endMillis - current.timestampMillis() >= EXEMPLAR_MIN_INTERVAL_MILLIS) {
        exemplars.set(slot, new Exemplar(traceId, spanId, clamped, endMillis));
      }
    }
    record(value);
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
    Exemplar[] kept = null;
    if (exemplars != null && Arrays.equals(bounds, exemplarBounds)) {
      kept = new Exemplar[bounds.length + 1];
      for (int i = 0; i < kept.length; i++) {
        kept[i] = exemplars.get(i);
      }
    }
    cached = new HistogramSnapshot(bounds.clone(), cumulativeCounts, sum.sum() + baseSum,
        cumulativeCounts[bounds.length], kept);
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
