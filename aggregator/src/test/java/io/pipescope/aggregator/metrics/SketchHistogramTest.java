package io.pipescope.aggregator.metrics;

import static io.pipescope.aggregator.testing.RecordingCollector.bucket;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import io.pipescope.aggregator.testing.RecordingCollector;

class SketchHistogramTest {
  private static final double[] BOUNDS = {0.01, 0.1, 1, 10};
  private static final long MILLI = 1_000_000L;

  @Test
  void eachBucketKeepsItsLatestExemplarAtMostOncePerSecond() {
    double[] bounds = {0.1, 1, 10};
    SketchHistogram h = new SketchHistogram(2, SketchHistogram.MICROS_PER_SECOND, bounds);
    com.google.protobuf.ByteString fast = com.google.protobuf.ByteString.copyFromUtf8("fast-trace-id-16");
    com.google.protobuf.ByteString slow = com.google.protobuf.ByteString.copyFromUtf8("slow-trace-id-16");
    com.google.protobuf.ByteString other = com.google.protobuf.ByteString.copyFromUtf8("othr-trace-id-16");
    h.record(0.5, fast, com.google.protobuf.ByteString.EMPTY, 1_000);
    h.record(42, slow, com.google.protobuf.ByteString.EMPTY, 1_000);
    h.record(0.6, other, com.google.protobuf.ByteString.EMPTY, 1_500);
    HistogramSnapshot s = h.snapshot(bounds);
    assertEquals(null, s.exemplar(0));
    assertEquals(fast, s.exemplar(1).traceId(), "replaced at most once a second");
    assertEquals(0.5, s.exemplar(1).value());
    assertEquals(null, s.exemplar(2));
    assertEquals(slow, s.exemplar(3).traceId(), "above the last bound: the +Inf bucket");
    h.record(0.7, other, com.google.protobuf.ByteString.EMPTY, 2_000);
    assertEquals(other, h.snapshot(bounds).exemplar(1).traceId());
    assertEquals(null, SketchHistogram.ofSeconds(2).snapshot(bounds).exemplars(), "histograms without exemplars");
  }

  @Test
  void idleHistogramReusesItsSnapshotUntilSomethingIsRecordedOrRestored() {
    double[] bounds = {0.1, 1, 10};
    SketchHistogram h = SketchHistogram.ofSeconds(2);
    h.record(0.5);
    HistogramSnapshot first = h.snapshot(bounds);
    assertTrue(first == h.snapshot(bounds), "nothing recorded: the same snapshot");
    h.record(0.05);
    HistogramSnapshot second = h.snapshot(bounds);
    assertArrayEquals(new long[] {1, 2, 2, 2}, second.cumulativeCounts());
    h.restoreBucket(bounds, Double.POSITIVE_INFINITY, 10);
    assertEquals(12, h.snapshot(bounds).count(), "a restore changes the snapshot");
  }

  @Test
  void bucketCountsMatchCountingFromZeroForEveryBound() {
    double[] bounds = {0.001, 0.0025, 0.1, 0.25, 1, 2.5, 60, 3600};
    SketchHistogram h = SketchHistogram.ofSeconds(2);
    java.util.Random random = new java.util.Random(3);
    org.HdrHistogram.Histogram reference = new org.HdrHistogram.Histogram(2);
    for (int i = 0; i < 20_000; i++) {
      double v = Math.exp(random.nextGaussian() * 3 - 2);
      h.record(v);
      reference.recordValue(Math.round(v * SketchHistogram.MICROS_PER_SECOND));
    }
    HistogramSnapshot s = h.snapshot(bounds);
    for (int i = 0; i < bounds.length; i++) {
      assertEquals(reference.getCountBetweenValues(0, Math.round(bounds[i] * SketchHistogram.MICROS_PER_SECOND)),
          s.cumulativeCounts()[i], "bound " + bounds[i]);
    }
    assertEquals(20_000, s.count());
  }

  @Test
  void countsOnlyGrowAcrossSnapshots() {
    SketchHistogram histogram = SketchHistogram.ofSeconds(2);
    histogram.recordNanos(5 * MILLI);
    histogram.recordNanos(500 * MILLI);

    HistogramSnapshot first = histogram.snapshot(BOUNDS);
    histogram.recordNanos(5 * MILLI);
    histogram.recordNanos(50 * MILLI);
    histogram.recordNanos(20_000 * MILLI);
    HistogramSnapshot second = histogram.snapshot(BOUNDS);
    HistogramSnapshot third = histogram.snapshot(BOUNDS);

    assertArrayEquals(new long[] {1, 1, 2, 2, 2}, first.cumulativeCounts());
    assertEquals(2, first.count());
    assertEquals(0.505, first.sum(), 1e-12);
    assertArrayEquals(new long[] {2, 3, 4, 4, 5}, second.cumulativeCounts());
    assertEquals(5, second.count());
    assertEquals(20.56, second.sum(), 1e-9);
    for (int i = 0; i < first.cumulativeCounts().length; i++) {
      assertTrue(second.cumulativeCounts()[i] >= first.cumulativeCounts()[i], "bucket " + i + " shrank");
    }
    // A snapshot with nothing new recorded must not count the last interval twice.
    assertArrayEquals(second.cumulativeCounts(), third.cumulativeCounts());
    assertEquals(second.sum(), third.sum());
  }

  @Test
  void snapshotsGiveTheBoundsTheyWereAskedFor() {
    SketchHistogram histogram = SketchHistogram.ofSeconds(2);
    histogram.record(0.3);

    HistogramSnapshot coarse = histogram.snapshot(new double[] {1});
    HistogramSnapshot fine = histogram.snapshot(new double[] {0.25, 0.5});

    assertArrayEquals(new long[] {1, 1}, coarse.cumulativeCounts());
    assertArrayEquals(new long[] {0, 1, 1}, fine.cumulativeCounts());
    assertArrayEquals(new double[] {0.25, 0.5}, fine.upperBounds());
  }

  @Test
  void negativeDurationsAreRecordedAsZero() {
    SketchHistogram histogram = SketchHistogram.ofSeconds(2);
    histogram.recordNanos(-5 * MILLI);
    histogram.record(-1);

    HistogramSnapshot snapshot = histogram.snapshot(BOUNDS);

    assertArrayEquals(new long[] {2, 2, 2, 2, 2}, snapshot.cumulativeCounts());
    assertEquals(0, snapshot.sum());
  }

  static DoubleStream boundsToHitExactly() {
    return DoubleStream.concat(
        DoubleStream.of(BucketBounds.DEFAULT_DURATION_SECONDS),
        // Bounds whose product with 1e6 lands just below the whole number of microseconds.
        DoubleStream.of(0.000249, 0.000489, 0.001001, 1.001));
  }

  @ParameterizedTest(name = "le={0}")
  @MethodSource("boundsToHitExactly")
  void anObservationExactlyOnABoundCountsInThatBucket(double bound) {
    for (int digits = 2; digits <= 5; digits++) {
      SketchHistogram fromSeconds = SketchHistogram.ofSeconds(digits);
      fromSeconds.record(bound);
      SketchHistogram fromNanos = SketchHistogram.ofSeconds(digits);
      fromNanos.recordNanos(Math.round(bound * 1e9));

      double[] bounds = {bound};
      assertEquals(1, bucket(fromSeconds.snapshot(bounds), bound), "record, " + digits + " digits");
      assertEquals(1, bucket(fromNanos.snapshot(bounds), bound), "recordNanos, " + digits + " digits");
    }
  }

  @ParameterizedTest(name = "p{0}")
  @CsvSource({"50, 5.0", "90, 9.0", "99, 9.9", "99.9, 9.99", "100, 10.0"})
  void valueAtPercentileIsWithinOnePercent(double percentile, double expectedSeconds) {
    SketchHistogram histogram = SketchHistogram.ofSeconds(2);
    // 1 ms, 2 ms, ... 10 s: the p-th percentile is p% of 10 s.
    for (long ms = 1; ms <= 10_000; ms++) {
      histogram.recordNanos(ms * MILLI);
    }

    double actual = histogram.valueAtPercentile(percentile);

    assertEquals(expectedSeconds, actual, expectedSeconds * 0.01, "p" + percentile);
  }

  @Test
  void valueAtPercentileSeesLaterRecordings() {
    SketchHistogram histogram = SketchHistogram.ofSeconds(2);
    histogram.record(1);
    assertEquals(1, histogram.valueAtPercentile(100), 0.01);

    histogram.record(4);
    histogram.snapshot(BOUNDS);
    histogram.record(8);

    assertEquals(8, histogram.valueAtPercentile(100), 0.08);
    assertEquals(3, histogram.snapshot(BOUNDS).count());
  }
}
