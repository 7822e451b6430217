package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.app.testing.FactoryScenario;
import io.pipescope.app.testing.FactoryScenario.Naming;
import io.pipescope.app.testing.MetricsPage;
import io.pipescope.app.testing.RunningPipescope;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.Querier;
import io.pipescope.store.SampleIterator;
import io.pipescope.store.SeriesSet;
import io.pipescope.store.TimeSeriesStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With storage on, the factory's metrics are written to disk and are there after a restart. */
class StorageRestartTest {
  @TempDir Path data;

  @Test
  void countersAndHistogramsContinueAfterARestart() throws Exception {
    String[] storage = {"storage.enabled=true", "storage.path=" + data, "storage.flush_interval=1h"};
    String[] coverage = {"checker_name", "test_coverage", "feature_type", "crud", "pipeline", "factory-main"};
    double callsBefore;
    try (RunningPipescope server = RunningPipescope.start(storage);
        FactoryScenario factory = new FactoryScenario(server.grpcEndpoint(), Naming.SEMCONV, "factory")) {
      FactoryWalkthroughTest.walkThrough(factory);
      callsBefore = server.scrape().sum("calls_total");
    }
    try (RunningPipescope restarted = RunningPipescope.start(storage)) {
      MetricsPage before = restarted.scrape();
      assertEquals(2, before.sum("checker_runs_total", coverage), "continues from the stored value");
      assertEquals(1, before.value("feature_lead_time_seconds_count", "feature_type", "crud", "rework", "true"));
      assertEquals(27.8, before.value("feature_lead_time_seconds_sum", "feature_type", "crud", "rework", "true"), 1e-6);
      assertEquals(callsBefore, before.sum("calls_total"));
      try (FactoryScenario factory = new FactoryScenario(restarted.grpcEndpoint(), Naming.SEMCONV, "factory")) {
        FactoryWalkthroughTest.walkThrough(factory);
      }
      MetricsPage after = restarted.scrape();
      assertEquals(4, after.sum("checker_runs_total", coverage), "and counts on from there");
      assertEquals(2, after.value("feature_lead_time_seconds_count", "feature_type", "crud", "rework", "true"));
      assertEquals(2, after.value("feature_lead_time_seconds_bucket", "feature_type", "crud", "rework", "true",
          "le", "30"));
      assertEquals(2 * callsBefore, after.sum("calls_total"));
    }
  }

  @Test
  void flushedFactoryMetricsSurviveARestart() throws Exception {
    String[] storage = {"storage.enabled=true", "storage.path=" + data, "storage.flush_interval=1h"};
    try (RunningPipescope server = RunningPipescope.start(storage);
        FactoryScenario factory = new FactoryScenario(server.grpcEndpoint(), Naming.SEMCONV, "factory")) {
      FactoryWalkthroughTest.walkThrough(factory);
    } // close: a last flush writes what was accepted
    try (RunningPipescope restarted = RunningPipescope.start(storage)) {
      TimeSeriesStore store = restarted.pipescope().store();
      assertEquals(store.numSeries(), restarted.scrape().value("pipescope_store_head_series"));
      assertTrue(store.replayed().series() > 100, "series replayed: " + store.replayed().series());
      assertEquals(0, store.replayed().orphanSamples());
      try (Querier q = store.querier(0, Long.MAX_VALUE)) {
        SeriesSet set = q.select(false, LabelMatcher.equal("__name__", "checker_rework_total"),
            LabelMatcher.equal("checker_name", "test_coverage"));
        assertTrue(set.next(), "checker_rework_total{checker_name=\"test_coverage\"} is stored");
        SampleIterator it = set.at().iterator();
        assertTrue(it.next());
        assertEquals(1, it.value());
      }
    }
  }
}
