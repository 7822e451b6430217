package io.pipescope.aggregator.internal.otlpmetrics;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.pipescope.aggregator.OtlpMetricsTranslator.DropReason;
import io.pipescope.aggregator.metrics.Labels;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * Running totals that turn DELTA sums and histograms into the cumulative series Prometheus
 * expects. Prometheus 3 refuses delta temporality unless a feature flag is on; pipescope keeps, per
 * series (its labels), the sum of every delta so far, so SDKs exporting deltas still work.
 *
 * <p>Start times: a point is added whenever its time is after the series' last point. A point
 * whose start time is after that last time (a gap: an idle interval, or the SDK restarted) resets
 * nothing; its delta is simply added, so the counter stays monotonic across SDK restarts. A point
 * whose time is not after the last one is a duplicate or out of order (say, a retry of a batch whose
 * deltas were already added) and is dropped, so no delta is counted twice.
 *
 * <p>A histogram whose bucket bounds change starts again from that point (Prometheus's rate() reads
 * the drop as a counter reset). At most {@code maxSeries} series are tracked; when full, series
 * not updated for {@code idleTimeout} are evicted (at most once a second), and a new series that
 * still finds no room is dropped. Thread-safe: each series is updated atomically.
 */
final class DeltaToCumulative {
  private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

  private final ConcurrentHashMap<Labels, Running> states = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int maxSeries;
  private final long idleTimeoutNanos;
  private final LongSupplier nanoClock;
  private final AtomicLong lastSweep;

  DeltaToCumulative(int maxSeries, long idleTimeoutNanos, LongSupplier nanoClock) {
    this.maxSeries = maxSeries;
    this.idleTimeoutNanos = idleTimeoutNanos;
    this.nanoClock = nanoClock;
    this.lastSweep = new AtomicLong(nanoClock.getAsLong() - SWEEP_INTERVAL_NANOS);
  }

  /** One series' state; {@code touchedNanos} is the clock when it was last updated. */
  sealed interface Running permits RunningSum, RunningHistogram {
    long timeNanos();

    long touchedNanos();
  }

  /** The total of a sum's deltas up to the point at {@code timeNanos}. */
  record RunningSum(double total, long timeNanos, long touchedNanos) implements Running {}

  /** A histogram's counts and sum added up over its deltas. */
  record RunningHistogram(
      double[] bounds, long[] bucketCounts, long count, double sum, boolean hasSum, long timeNanos, long touchedNanos)
      implements Running {}

  /** Series tracked now. */
  int size() {
    return size.get();
  }

  /** The running total with this delta added, or null when the point is dropped (counted in {@code counts}). */
  RunningSum addSum(Labels series, long timeNanos, double delta, RequestCounts counts) {
    long now = nanoClock.getAsLong();
    return accumulate(series, timeNanos, RunningSum.class, counts, previous -> new RunningSum(
        previous == null ? delta : previous.total() + delta, timeNanos, now));
  }

  /** The histogram with this delta point added, or null when the point is dropped (counted in {@code counts}). */
  RunningHistogram addHistogram(Labels series, HistogramDataPoint point, RequestCounts counts) {
    long now = nanoClock.getAsLong();
    double[] bounds = point.getExplicitBoundsList().stream().mapToDouble(Double::doubleValue).toArray();
    long[] buckets = point.getBucketCountsList().stream().mapToLong(Long::longValue).toArray();
    return accumulate(series, point.getTimeUnixNano(), RunningHistogram.class, counts, previous -> {
      if (previous == null
          || !Arrays.equals(previous.bounds(), bounds)
          || previous.bucketCounts().length != buckets.length) {
        return new RunningHistogram(bounds, buckets, point.getCount(), point.getSum(), point.hasSum(),
            point.getTimeUnixNano(), now);
      }
      long[] added = previous.bucketCounts().clone();
      for (int i = 0; i < added.length; i++) {
        added[i] += buckets[i];
      }
      // The sum is exported only while every delta carried one; a partial sum would mislead.
      return new RunningHistogram(bounds, added, previous.count() + point.getCount(), previous.sum() + point.getSum(),
          previous.hasSum() && point.hasSum(), point.getTimeUnixNano(), now);
    });
  }

  private <S extends Running> S accumulate(
      Labels series, long timeNanos, Class<S> type, RequestCounts counts, UnaryOperator<S> add) {
    evictIdleIfFull();
    DropReason[] dropped = new DropReason[1];
    Running updated = states.compute(series, (key, previous) -> {
      if (previous == null) {
        if (!reserveSlot()) {
          dropped[0] = DropReason.DELTA_SERIES_LIMIT;
          return null;
        }
        return add.apply(null);
      }
      if (!type.isInstance(previous)) {
        return add.apply(null); // the same labels now carry another kind of metric: start over
      }
      if (Long.compareUnsigned(timeNanos, previous.timeNanos()) <= 0) {
        dropped[0] = DropReason.DELTA_OUT_OF_ORDER;
        return previous;
      }
      return add.apply(type.cast(previous));
    });
    if (dropped[0] != null) {
      counts.dropped(dropped[0], 1);
      return null;
    }
    return type.cast(updated);
  }

  private boolean reserveSlot() {
    if (size.incrementAndGet() <= maxSeries) {
      return true;
    }
    size.decrementAndGet();
    return false;
  }

  private void evictIdleIfFull() {
    if (size.get() < maxSeries) {
      return;
    }
    long now = nanoClock.getAsLong();
    long last = lastSweep.get();
    if (now - last < SWEEP_INTERVAL_NANOS || !lastSweep.compareAndSet(last, now)) {
      return;
    }
    for (var entry : states.entrySet()) {
      if (now - entry.getValue().touchedNanos() > idleTimeoutNanos && states.remove(entry.getKey(), entry.getValue())) {
        size.decrementAndGet();
      }
    }
  }
}
