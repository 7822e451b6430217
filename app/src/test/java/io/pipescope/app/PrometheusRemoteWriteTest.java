package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipescope.app.testing.PrometheusProcess;
import io.pipescope.app.testing.RunningPipescope;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.Querier;
import io.pipescope.store.SampleIterator;
import io.pipescope.store.SeriesSet;
import io.pipescope.store.TimeSeriesStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus scrapes pipescope and remote-writes what it scraped back into pipescope's
 * store: the samples pipescope stored are exactly the ones Prometheus holds.
 */
class PrometheusRemoteWriteTest {
  @TempDir Path dir;

  @Test
  void whatPrometheusScrapedIsWhatPipescopeStored() throws Exception {
    try (RunningPipescope server = RunningPipescope.start("storage.enabled=true",
        "storage.path=" + dir.resolve("pipescope"), "storage.flush_interval=1h");
        PrometheusProcess prometheus = PrometheusProcess.scrapeAndRemoteWrite(dir, "pipescope",
            server.pipescope().apiAddress(), server.otlpHttpBase() + "/api/v1/write")) {
      TimeSeriesStore store = server.pipescope().store();
      // Wait until several scrapes of `up` have arrived through remote write.
      long deadline = System.nanoTime() + 60_000_000_000L;
      Map<Long, Double> stored = Map.of();
      while (System.nanoTime() < deadline) {
        stored = samples(store, "up");
        if (stored.size() >= 4) {
          break;
        }
        Thread.sleep(250);
      }
      assertTrue(stored.size() >= 4, "remote write delivered " + stored.size() + " samples of up; Prometheus log:\n"
          + prometheus.log());

      // Prometheus's raw samples of `up` over the same span, with their timestamps.
      long first = stored.keySet().iterator().next();
      JsonNode result = prometheus.query("up{job=\"pipescope\"}[10m]");
      assertEquals(1, result.size(), result.toString());
      Map<Long, Double> scraped = new TreeMap<>();
      for (JsonNode pair : result.get(0).get("values")) {
        long t = Math.round(pair.get(0).asDouble() * 1000);
        if (t >= first && stored.containsKey(t)) {
          scraped.put(t, Double.parseDouble(pair.get(1).asText()));
        }
      }
      List<Long> common = new ArrayList<>(scraped.keySet());
      assertTrue(common.size() >= 4, "too few samples in common: " + common);
      for (long t : common) {
        assertEquals(scraped.get(t), stored.get(t), "up at " + t);
      }
      // And a counter pipescope itself exposes, label for label.
      Map<Long, Double> storedRequests = samples(store, "process_start_time_seconds");
      assertTrue(!storedRequests.isEmpty(), "process_start_time_seconds was remote-written");
      assertEquals(server.scrape().value("process_start_time_seconds"),
          storedRequests.values().iterator().next(), 1e-3);
    }
  }

  /** The samples of the series named {@code name} with job="pipescope" in pipescope's store. */
  private static Map<Long, Double> samples(TimeSeriesStore store, String name) {
    Map<Long, Double> out = new TreeMap<>();
    try (Querier q = store.querier(0, Long.MAX_VALUE)) {
      SeriesSet set = q.select(false, LabelMatcher.equal("__name__", name), LabelMatcher.equal("job", "pipescope"));
      while (set.next()) {
        SampleIterator it = set.at().iterator();
        while (it.next()) {
          out.put(it.timestamp(), it.value());
        }
      }
    }
    return out;
  }
}
