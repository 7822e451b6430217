package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipescope.app.testing.FactoryScenario;
import io.pipescope.app.testing.FactoryScenario.Naming;
import io.pipescope.app.testing.RunningPipescope;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** pipescope answers PromQL over HTTP about the factory it watched, as Grafana would ask. */
class PromqlApiTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void theWalkThroughIsQueryableThroughThePrometheusApi() throws Exception {
    try (RunningPipescope server = RunningPipescope.start("storage.flush_interval=1s");
        FactoryScenario factory = new FactoryScenario(server.grpcEndpoint(), Naming.SEMCONV, "factory")) {
      FactoryWalkthroughTest.walkThrough(factory);
      // The flush every second makes the spans queryable; all eight stage runs arrive together.
      awaitValue(server, "sum(checker_runs_total)", "8");
      JsonNode rework = get(server, "/api/v1/query?query="
          + encode("sum by (checker_name) (checker_rework_total) > 0")).get("data").get("result");
      assertEquals(1, rework.size());
      assertEquals("test_coverage", rework.get(0).get("metric").get("checker_name").asText());

      long now = System.currentTimeMillis() / 1000;
      JsonNode range = get(server, "/api/v1/query_range?query=" + encode("sum(checker_runs_total)")
          + "&start=" + (now - 60) + "&end=" + now + "&step=15s").get("data");
      assertEquals("matrix", range.get("resultType").asText());
      JsonNode names = get(server, "/api/v1/label/__name__/values").get("data");
      assertTrue(names.toString().contains("feature_lead_time_seconds_bucket"), names.toString());
      JsonNode error = get(server, "/api/v1/query?query=" + encode("sum(("));
      assertEquals("bad_data", error.get("errorType").asText());
    }
  }

  private JsonNode awaitValue(RunningPipescope server, String query, String expected) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = get(server, "/api/v1/query?query=" + encode(query));
      JsonNode result = last.get("data").get("result");
      if (result.size() > 0 && result.get(0).get("value").get(1).asText().equals(expected)) {
        return result;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(query + " never became " + expected + ": " + last);
  }

  private JsonNode get(RunningPipescope server, String pathAndQuery) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.apiBase() + pathAndQuery))
        .build(), HttpResponse.BodyHandlers.ofString());
    return json.readTree(response.body());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
