package io.pipescope.aggregator.internal.otlpmetrics;

import static io.pipescope.aggregator.internal.otlpmetrics.OtlpMetrics.histogramPoint;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.pipescope.aggregator.OtlpMetricsTranslator.DropReason;
import io.pipescope.aggregator.OtlpMetricsTranslator.Result;
import io.pipescope.aggregator.metrics.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

class DeltaToCumulativeTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long T0 = 1_700_000_000L * SECOND;
  private static final Labels A = Labels.of("__name__", "requests_total", "route", "/a");
  private static final Labels B = Labels.of("__name__", "requests_total", "route", "/b");

  private final AtomicLong clock = new AtomicLong(42 * SECOND);
  private final RequestCounts counts = new RequestCounts();

  private DeltaToCumulative deltas(int maxSeries, long idleSeconds) {
    return new DeltaToCumulative(maxSeries, idleSeconds * SECOND, clock::get);
  }

  private Map<DropReason, Long> dropped() {
    Result result = counts.result(0, 0, Map.of());
    return result.pointsDropped();
  }

  @Test
  void addsEachDeltaToItsSeriesTotal() {
    DeltaToCumulative deltas = deltas(10, 600);
    assertEquals(3, deltas.addSum(A, T0 + SECOND, 3, counts).total());
    assertEquals(1, deltas.addSum(B, T0 + SECOND, 1, counts).total());
    assertEquals(7, deltas.addSum(A, T0 + 2 * SECOND, 4, counts).total());
    assertEquals(7.5, deltas.addSum(A, T0 + 3 * SECOND, 0.5, counts).total());
    assertEquals(2, deltas.size());
  }

  @Test
  void aPointNotAfterTheLastIsDroppedAndCountedOnce() {
    DeltaToCumulative deltas = deltas(10, 600);
    deltas.addSum(A, T0 + 2 * SECOND, 3, counts);
    assertNull(deltas.addSum(A, T0 + 2 * SECOND, 3, counts), "a retried point");
    assertNull(deltas.addSum(A, T0 + SECOND, 5, counts), "an older point");
    assertEquals(4, deltas.addSum(A, T0 + 3 * SECOND, 1, counts).total());
    assertEquals(Map.of(DropReason.DELTA_OUT_OF_ORDER, 2L), dropped());
  }

  @Test
  void aLongGapOnlyAdds() {
    // The table goes by point time alone: whatever a point's start time (a gap, a restarted SDK),
    // a point after the last one adds its delta.
    DeltaToCumulative deltas = deltas(10, 600);
    deltas.addSum(A, T0 + SECOND, 10, counts);
    assertEquals(12, deltas.addSum(A, T0 + 3600 * SECOND, 2, counts).total());
  }

  @Test
  void aNewSeriesBeyondTheLimitIsDroppedWhileKnownOnesGoOn() {
    DeltaToCumulative deltas = deltas(1, 600);
    deltas.addSum(A, T0 + SECOND, 1, counts);
    assertNull(deltas.addSum(B, T0 + SECOND, 1, counts));
    assertEquals(2, deltas.addSum(A, T0 + 2 * SECOND, 1, counts).total());
    assertEquals(Map.of(DropReason.DELTA_SERIES_LIMIT, 1L), dropped());
    assertEquals(1, deltas.size());
  }

  @Test
  void aZeroLimitDropsEveryDeltaAsPrometheusDoes() {
    DeltaToCumulative deltas = deltas(0, 600);
    assertNull(deltas.addSum(A, T0 + SECOND, 1, counts));
    assertEquals(0, deltas.size());
  }

  @Test
  void whenFullAnIdleSeriesMakesRoomAndStartsOverIfItReturns() {
    DeltaToCumulative deltas = deltas(1, 600);
    deltas.addSum(A, T0 + SECOND, 5, counts);
    clock.addAndGet(599 * SECOND);
    assertNull(deltas.addSum(B, T0 + 2 * SECOND, 1, counts), "A is not idle long enough yet");
    clock.addAndGet(2 * SECOND);
    assertEquals(1, deltas.addSum(B, T0 + 3 * SECOND, 1, counts).total());
    assertEquals(1, deltas.size());
    clock.addAndGet(601 * SECOND);
    assertEquals(2, deltas.addSum(A, T0 + 4 * SECOND, 2, counts).total(), "A was forgotten");
  }

  @Test
  void histogramCountsSumsAndBucketsAddUp() {
    DeltaToCumulative deltas = deltas(10, 600);
    double[] bounds = {1, 5};
    deltas.addHistogram(A, histogramPoint(T0 + SECOND, 4, bounds, new long[] {1, 1, 0}), counts);
    DeltaToCumulative.RunningHistogram running =
        deltas.addHistogram(A, histogramPoint(T0 + 2 * SECOND, 20, bounds, new long[] {0, 2, 1}), counts);
    assertEquals(5, running.count());
    assertEquals(24, running.sum());
    assertArrayEquals(new long[] {1, 3, 1}, running.bucketCounts());
  }

  @Test
  void histogramWhoseBoundsChangeStartsOver() {
    DeltaToCumulative deltas = deltas(10, 600);
    deltas.addHistogram(A, histogramPoint(T0 + SECOND, 4, new double[] {1, 5}, new long[] {1, 1, 0}), counts);
    DeltaToCumulative.RunningHistogram running = deltas.addHistogram(
        A, histogramPoint(T0 + 2 * SECOND, 3, new double[] {1, 10}, new long[] {0, 1, 0}), counts);
    assertEquals(1, running.count());
    assertArrayEquals(new double[] {1, 10}, running.bounds());
  }

  @Test
  void histogramSumIsKeptOnlyWhileEveryDeltaHasOne() {
    DeltaToCumulative deltas = deltas(10, 600);
    double[] bounds = {1};
    deltas.addHistogram(A, histogramPoint(T0 + SECOND, 4, bounds, new long[] {1, 1}), counts);
    HistogramDataPoint noSum = histogramPoint(T0 + 2 * SECOND, 0, bounds, new long[] {1, 0}).toBuilder()
        .clearSum().build();
    assertFalse(deltas.addHistogram(A, noSum, counts).hasSum());
  }

  @Test
  void concurrentDeltasOfOneSeriesAddUpToExactlyTheAcceptedOnes() throws Exception {
    DeltaToCumulative deltas = deltas(10, 600);
    AtomicLong time = new AtomicLong(T0);
    AtomicLong accepted = new AtomicLong();
    runConcurrently(4, thread -> {
      for (int i = 0; i < 2000; i++) {
        // Times race to the table, so some points arrive late and are dropped; none may be lost.
        if (deltas.addSum(A, time.incrementAndGet(), 1, new RequestCounts()) != null) {
          accepted.incrementAndGet();
        }
      }
    });
    assertEquals(accepted.get() + 1, deltas.addSum(A, time.incrementAndGet(), 1, counts).total());
  }

  @Test
  void theSeriesLimitHoldsUnderConcurrentNewSeries() throws Exception {
    DeltaToCumulative deltas = deltas(250, 600);
    AtomicLong tracked = new AtomicLong();
    runConcurrently(8, thread -> {
      for (int i = 0; i < 100; i++) {
        Labels series = Labels.of("__name__", "x_total", "thread", "t" + thread, "i", Integer.toString(i));
        if (deltas.addSum(series, T0 + SECOND, 1, new RequestCounts()) != null) {
          tracked.incrementAndGet();
        }
      }
    });
    assertEquals(250, tracked.get());
    assertEquals(250, deltas.size());
  }

  private static void runConcurrently(int threads, IntConsumer work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> work.accept(thread)));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
