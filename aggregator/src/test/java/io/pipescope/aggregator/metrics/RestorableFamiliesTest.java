package io.pipescope.aggregator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pipescope.aggregator.testing.RecordingCollector;
import org.junit.jupiter.api.Test;

class RestorableFamiliesTest {
  @Test
  void aCounterContinuesFromItsStoredValueAndIgnoresOtherSeries() {
    CounterFamily runs = new CounterFamily("runs", "", new CardinalityLimit(10), "checker", "status");
    runs.restore("runs_total", Labels.of("checker", "build", "status", "success"), 41);
    runs.restore("other_total", Labels.of("checker", "build", "status", "success"), 5);
    runs.restore("runs_total", Labels.of("checker", "build", "status", "success", "extra", "x"), 7);
    runs.labels("build", "success").inc();
    RecordingCollector c = RecordingCollector.collect(runs);
    assertEquals(42, c.value("runs", "checker", "build", "status", "success"));
    assertEquals(1, c.series("runs").size(), "a series with foreign labels is not this family's");
  }

  @Test
  void aCounterWithAnAbsentLabelIsRestoredToTheSeriesWithoutIt() {
    CounterFamily runs = new CounterFamily("runs", "", new CardinalityLimit(10), "checker", "pipeline");
    runs.restore("runs_total", Labels.of("checker", "build"), 3);
    runs.labels("build", "").inc();
    assertEquals(4, RecordingCollector.collect(runs).value("runs", "checker", "build"));
  }

  @Test
  void aHistogramContinuesBucketsSumAndCount() {
    HistogramFamily h = new HistogramFamily("d_seconds", "", new double[] {1, 5}, 2,
        SketchHistogram.MICROS_PER_SECOND, new CardinalityLimit(10), "checker");
    Labels build = Labels.of("checker", "build");
    h.restore("d_seconds_bucket", build.with("le", "1"), 2);
    h.restore("d_seconds_bucket", build.with("le", "5"), 3);
    h.restore("d_seconds_bucket", build.with("le", "+Inf"), 4);
    h.restore("d_seconds_bucket", build.with("le", "2.5"), 99); // a bound this histogram no longer has
    h.restore("d_seconds_sum", build, 20.5);
    h.labels("build").record(3);
    HistogramSnapshot s = RecordingCollector.collect(h).histogram("d_seconds", build);
    assertEquals(2, RecordingCollector.bucket(s, 1));
    assertEquals(4, RecordingCollector.bucket(s, 5));
    assertEquals(5, RecordingCollector.bucket(s, Double.POSITIVE_INFINITY));
    assertEquals(5, s.count());
    assertEquals(23.5, s.sum(), 1e-9);
  }
}
