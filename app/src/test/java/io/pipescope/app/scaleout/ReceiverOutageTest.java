package io.pipescope.app.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.app.simulation.SimulatedFeature;
import io.pipescope.app.testing.MetricsPage;
import io.pipescope.app.testing.PrometheusProcess;
import io.pipescope.app.testing.RunningPipescope;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.Querier;
import io.pipescope.store.SampleIterator;
import io.pipescope.store.SeriesSet;
import io.pipescope.store.StaleMarker;
import io.pipescope.store.StoreOptions;
import io.pipescope.store.TimeSeriesStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver that is down while pipescope stores samples, and stays down through a pipescope
 * restart, gets every one of them, once, when it comes back: sample for sample, Prometheus then
 * holds what pipescope's own store holds.
 */
class ReceiverOutageTest {
  @TempDir Path dir;

  @Test
  void aReceiverDownAcrossARestartGetsEverySampleExactlyOnceWhenItIsBack() throws Exception {
    List<SimulatedFeature> features = Factory.day(23);
    int half = features.size() / 2;
    int port = PrometheusProcess.freePort();
    String url = "http://127.0.0.1:" + port + "/api/v1/write";
    Path data = dir.resolve("pipescope");

    // First life: nothing listens at the URL; samples are stored and held for the receiver.
    try (RunningPipescope first = RunningPipescope.start(options(data, url, "shutdown_grace=1s"))) {
      Factory.send(first, features.subList(0, half));
      MetricsPage page = awaitPage(first, p -> p.value("pipescope_remote_storage_samples_retried_total") > 0
          && p.value("pipescope_remote_storage_samples_pending") > 0);
      assertEquals(0, page.value("pipescope_remote_storage_samples_total"), "nothing could be sent");
    }
    Map<String, List<double[]>> receivedByPrometheus;
    Map<String, List<double[]>> stored;
    PrometheusProcess prometheus = null;
    try {
      // Second life: still down at first, then the receiver starts on that port.
      try (RunningPipescope second = RunningPipescope.start(options(data, url, "shutdown_grace=30s"))) {
        Factory.send(second, features.subList(half, features.size()));
        awaitPage(second, p -> p.value("pipescope_factory_features_closed_total", "reason", "complete")
            == features.size() - half);
        prometheus = PrometheusProcess.receiver(dir.resolve("prometheus"), port);
        MetricsPage page = awaitPage(second, p -> p.value("pipescope_remote_storage_samples_total") > 0);
        assertEquals(0, page.value("pipescope_remote_storage_samples_failed_total"), "no batch was refused");
        // Closing sends the last flush too (within shutdown_grace).
      }
      stored = storedSamples(data);
      receivedByPrometheus = samplesIn(prometheus);
    } finally {
      if (prometheus != null) {
        prometheus.close();
      }
    }
    long total = stored.values().stream().mapToLong(List::size).sum();
    assertTrue(total > 1000, "a few flushes of every series were stored: " + total);
    assertTrue(stored.keySet().stream().anyMatch(k -> k.startsWith("checker_runs_total{")),
        "factory metrics are among them");
    assertEquals(stored.keySet(), receivedByPrometheus.keySet(), "every series reached Prometheus");
    for (Map.Entry<String, List<double[]>> e : stored.entrySet()) {
      List<double[]> got = receivedByPrometheus.get(e.getKey());
      assertEquals(e.getValue().size(), got.size(), e.getKey() + ": every sample, once");
      for (int i = 0; i < got.size(); i++) {
        assertEquals(e.getValue().get(i)[0], got.get(i)[0], e.getKey() + " sample " + i + " time");
        assertEquals(e.getValue().get(i)[1], got.get(i)[1], e.getKey() + " sample " + i + " value");
      }
    }
  }

  private static String[] options(Path data, String url, String grace) {
    List<String> all = new ArrayList<>(Factory.instance("a", url));
    all.add("storage.path=" + data);
    all.add(grace);
    return all.toArray(String[]::new);
  }

  private static MetricsPage awaitPage(RunningPipescope p, java.util.function.Predicate<MetricsPage> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      MetricsPage page = p.scrape();
      if (condition.test(page)) {
        return page;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 60 s; /metrics:\n" + page.text());
      }
      Thread.sleep(100);
    }
  }

  /** Every sample in pipescope's store but staleness markers (a query does not return those). */
  private static Map<String, List<double[]>> storedSamples(Path data) throws Exception {
    Map<String, List<double[]>> out = new TreeMap<>();
    try (TimeSeriesStore store = TimeSeriesStore.open(StoreOptions.at(data));
        Querier q = store.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(false, LabelMatcher.of(LabelMatcher.Type.REGEX, "__name__", ".+"));
      while (set.next()) {
        List<double[]> samples = new ArrayList<>();
        SampleIterator it = set.at().iterator();
        while (it.next()) {
          if (!StaleMarker.isStale(it.value())) {
            samples.add(new double[] {it.timestamp(), it.value()});
          }
        }
        if (!samples.isEmpty()) {
          out.put(key(set.at().labels()), samples);
        }
      }
    }
    return out;
  }

  /** Every raw sample Prometheus holds from instance a, its external label taken off. */
  private static Map<String, List<double[]>> samplesIn(PrometheusProcess prometheus) {
    Map<String, List<double[]>> out = new TreeMap<>();
    for (JsonNode series : prometheus.query("{pipescope_instance=\"a\"}[1h]")) {
      Map<String, String> labels = new TreeMap<>();
      series.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      assertEquals("a", labels.remove("pipescope_instance"));
      List<double[]> samples = new ArrayList<>();
      for (JsonNode pair : series.path("values")) {
        samples.add(new double[] {Math.round(pair.get(0).asDouble() * 1000), Double.parseDouble(pair.get(1).asText())});
      }
      out.put(key(Labels.from(labels)), samples);
    }
    return out;
  }

  private static String key(Labels labels) {
    StringBuilder b = new StringBuilder(labels.get("__name__")).append('{');
    for (int i = 0; i < labels.size(); i++) {
      if (!labels.name(i).equals("__name__")) {
        b.append(b.charAt(b.length() - 1) == '{' ? "" : ", ").append(labels.name(i)).append("=\"")
            .append(labels.value(i)).append('"');
      }
    }
    return b.append('}').toString();
  }
}
