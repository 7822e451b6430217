package io.pipescope.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipescope.app.Pipescope;
import io.pipescope.app.config.PipescopeConfig;
import io.pipescope.app.simulation.FactorySimulator;
import io.pipescope.app.simulation.SimulationProfile;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's two halves against a real pipescope: history written into an empty store reads back
 * through PromQL over its whole range, pipescope continues the counters without a reset, and the
 * live factory's spans arrive over OTLP/gRPC and are counted on top.
 */
class DemoHistoryAndLiveTrafficTest {
  private static final long DAY = Duration.ofDays(1).toMillis();

  @TempDir
  Path data;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private JsonNode query(Pipescope p, String promql, long atMillis) throws Exception {
    String uri = "http://127.0.0.1:" + p.apiAddress().getPort() + "/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time=" + atMillis / 1000.0;
    JsonNode body = json.readTree(http.send(HttpRequest.newBuilder(URI.create(uri)).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    assertEquals("success", body.get("status").asText(), body.toString());
    return body.get("data").get("result");
  }

  private static double scalar(JsonNode result) {
    assertEquals(1, result.size(), result.toString());
    return Double.parseDouble(result.get(0).get("value").get(1).asText());
  }

  @Test
  void historyReadsBackAndLiveTrafficContinuesTheCounters() throws Exception {
    PipescopeConfig config = PipescopeConfig.load(null, List.of("ingest.grpc_port=0", "ingest.http_port=0",
        "api.port=0", "storage.path=" + data, "storage.flush_interval=1s", "shutdown_grace=5s"));
    assertTrue(HistoryBackfill.storeIsEmpty(config));
    long now = System.currentTimeMillis();
    HistoryBackfill.Result history = new HistoryBackfill(config, Duration.ofMinutes(15))
        .run(new FactorySimulator(SimulationProfile.DEFAULT, 7), now - 3 * DAY, now, line -> { });
    assertTrue(history.features() > 100, "3 days at 6 features an hour on a working week: " + history.features());
    assertTrue(!HistoryBackfill.storeIsEmpty(config), "written");

    try (Pipescope p = Pipescope.start(config)) {
      double runsThen = scalar(query(p, "sum(checker_runs_total)", now - 2 * DAY));
      double runsAtEnd = scalar(query(p, "sum(checker_runs_total)", now));
      assertTrue(runsThen > 0 && runsAtEnd > runsThen, runsThen + " then, " + runsAtEnd + " at the end");
      assertEquals(0, scalar(query(p, "sum(resets(checker_runs_total[3d]))", now)), "history has no resets");
      JsonNode features = json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + p.apiAddress().getPort() + "/api/search?limit=5&start=" + (now - 3 * DAY) / 1000 + "&end="
          + (now - 2 * DAY) / 1000)).build(), HttpResponse.BodyHandlers.ofString()).body()).get("traces");
      assertEquals(5, features.size(), "history's features can be drilled into");

      // Live: a feature a second, each span sent as it ends.
      long[] clock = {System.currentTimeMillis()};
      try (LiveFactory live = new LiveFactory(new FactorySimulator(new SimulationProfile(600, 1, false), 8),
          "127.0.0.1:" + p.grpcAddress().getPort(), history.inFlight(), () -> clock[0])) {
        int sent = 0;
        for (int i = 0; i < 120; i++) {
          clock[0] += 60_000;
          sent += live.tick();
        }
        assertTrue(sent > 100, "sent " + sent);
        assertEquals(0, live.exportFailures());
        double live5 = 0;
        for (int attempt = 0; attempt < 100 && live5 <= runsAtEnd; attempt++) {
          Thread.sleep(100);
          live5 = scalar(query(p, "sum(checker_runs_total)", System.currentTimeMillis() + 1000));
        }
        assertTrue(live5 > runsAtEnd, "live runs counted on top of the history's " + runsAtEnd + ": " + live5);
      }
      assertEquals(0, scalar(query(p, "sum(resets(checker_runs_total[3d]))", System.currentTimeMillis() + 1000)),
          "pipescope continued the history's counters");
    }
  }
}
