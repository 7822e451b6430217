package io.pipescope.app.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipescope.app.simulation.SimulatedFeature;
import io.pipescope.app.testing.MetricsPage;
import io.pipescope.app.testing.PrometheusProcess;
import io.pipescope.app.testing.RunningPipescope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/scale-out.md on one machine: two pipescope instances each get the features whose trace id
 * routes to them, and remote-write to one real Prometheus with their own {@code pipescope_instance}
 * external label; summed without that label, Prometheus holds exactly what a single pipescope that
 * saw every feature computes.
 */
class ScaleOutTest {
  /** Factory metrics whose sum over instances must equal the single instance's. */
  private static final List<String> METRICS = List.of("checker_runs_total", "checker_failures_total",
      "checker_rework_total", "features_completed_total", "feature_lead_time_seconds_count",
      "feature_lead_time_seconds_sum", "code_generation_tokens_total", "deployments_total", "change_failures_total",
      "time_to_restore_seconds_count");

  @TempDir Path dir;

  @Test
  void twoInstancesSplitByTraceIdSumToWhatOneInstanceComputesFromAllFeatures() throws Exception {
    List<SimulatedFeature> features = Factory.day(11);
    List<List<SimulatedFeature>> routed = List.of(new ArrayList<>(), new ArrayList<>());
    features.forEach(f -> routed.get(Factory.route(f, 2)).add(f));
    assertTrue(routed.get(0).size() > 10 && routed.get(1).size() > 10, "both instances get features: "
        + routed.get(0).size() + " and " + routed.get(1).size());

    try (PrometheusProcess prometheus = PrometheusProcess.receiver(dir.resolve("prometheus"));
        RunningPipescope a = RunningPipescope.start(Factory.instance("a", prometheus.remoteWriteUrl())
            .toArray(String[]::new));
        RunningPipescope b = RunningPipescope.start(Factory.instance("b", prometheus.remoteWriteUrl())
            .toArray(String[]::new));
        RunningPipescope single = RunningPipescope.start()) {
      Factory.send(a, routed.get(0));
      Factory.send(b, routed.get(1));
      Factory.send(single, features);

      MetricsPage reference = single.scrape();
      assertEquals(features.size(), reference.value("pipescope_factory_features_closed_total", "reason", "complete"));
      for (String metric : METRICS) {
        Map<String, Double> expected = new TreeMap<>();
        for (MetricsPage.Sample s : reference.select(metric)) {
          expected.put(new TreeMap<>(s.labels()).toString(), s.value());
        }
        assertTrue(!expected.isEmpty(), metric + " has series");
        Map<String, Double> summed = awaitEqual(prometheus, "sum without (pipescope_instance) (" + metric + ")",
            expected, metric.endsWith("_sum"));
        assertEquals(expected.keySet(), summed.keySet(), metric);
      }
      JsonNode perInstance = prometheus.query("count by (pipescope_instance) (checker_runs_total)");
      assertEquals(2, perInstance.size(), "both instances' series are there, told apart by their label: "
          + perInstance);
      assertEquals(features.size(), prometheus.value(
          "sum(pipescope_factory_features_closed_total{reason=\"complete\"})").orElseThrow(),
          "between them the two instances completed every feature once");
    }
  }

  /**
   * Polls Prometheus until the query's series equal {@code expected} (flushes and sends arrive
   * within a second or two; the limit is only against hanging), and returns them.
   */
  private static Map<String, Double> awaitEqual(PrometheusProcess prometheus, String query,
      Map<String, Double> expected, boolean floats) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    Map<String, Double> got;
    while (true) {
      got = new TreeMap<>();
      for (JsonNode series : prometheus.query(query)) {
        Map<String, String> labels = new TreeMap<>();
        series.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        got.put(labels.toString(), Double.parseDouble(series.path("value").path(1).asText()));
      }
      if (matches(expected, got, floats)) {
        return got;
      }
      if (System.nanoTime() > deadline) {
        assertEquals(expected, got, query + " in Prometheus did not come to equal the single instance's values;"
            + " Prometheus log:\n" + prometheus.log());
      }
      Thread.sleep(200);
    }
  }

  private static boolean matches(Map<String, Double> expected, Map<String, Double> got, boolean floats) {
    if (!expected.keySet().equals(got.keySet())) {
      return false;
    }
    for (Map.Entry<String, Double> e : expected.entrySet()) {
      double tolerance = floats ? 1e-9 * Math.max(1, Math.abs(e.getValue())) : 0;
      if (Math.abs(e.getValue() - got.get(e.getKey())) > tolerance) {
        return false;
      }
    }
    return true;
  }
}
