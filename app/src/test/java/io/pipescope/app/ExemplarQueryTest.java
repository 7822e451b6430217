package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.Attributes;
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

/**
 * From a slow bucket to the feature that filled it: the stage duration histogram keeps the trace of
 * an observation per bucket, stored with the samples and answered by /api/v1/query_exemplars as
 * Prometheus answers it (the dots Grafana draws, each opening its trace).
 */
class ExemplarQueryTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private JsonNode get(RunningPipescope server, String pathAndQuery) throws Exception {
    return json.readTree(http.send(HttpRequest.newBuilder(URI.create(server.apiBase() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void exemplarOfTheSlowBucketIsTheSlowFeaturesTrace() throws Exception {
    long now = System.currentTimeMillis() * 1_000_000L;
    try (RunningPipescope server = RunningPipescope.start("storage.flush_interval=1s");
        FactoryScenario factory = new FactoryScenario(server.grpcEndpoint(), Naming.SEMCONV, "factory")) {
      for (int i = 0; i < 5; i++) {
        factory.feature("FEAT-FAST-" + i, "crud", "Fast " + i, now - 600_000_000_000L + i * 10_000_000_000L)
            .stage("test_coverage", 0, 4_000, true, 1, Attributes.empty()).end();
      }
      // 20 minutes of test coverage: the 1800 s bucket, far above the others.
      factory.feature("FEAT-SLOW", "crud", "Slow one", now - 1_300_000_000_000L)
          .stage("test_coverage", 0, 1_200_000, true, 1, Attributes.empty()).end();
      factory.flush();

      String slowTrace = get(server, "/api/search?tags=" + encode("factory.feature.id=FEAT-SLOW"))
          .get("traces").get(0).get("traceID").asText();
      String query = "/api/v1/query_exemplars?query="
          + encode("histogram_quantile(0.99, sum by (le) (rate(checker_duration_seconds_bucket{checker_name=\"test_coverage\"}[5m])))")
          + "&start=" + (now / 1_000_000_000L - 3600) + "&end=" + (now / 1_000_000_000L + 3600);
      JsonNode data = null;
      for (int attempt = 0; attempt < 50; attempt++) {
        JsonNode body = get(server, query);
        assertEquals("success", body.get("status").asText(), body.toString());
        data = body.get("data");
        if (data.size() >= 2) {
          break;
        }
        Thread.sleep(100);
      }
      JsonNode slowBucket = null;
      JsonNode fastBucket = null;
      for (JsonNode series : data) {
        String le = series.get("seriesLabels").get("le").asText();
        assertEquals("checker_duration_seconds_bucket", series.get("seriesLabels").get("__name__").asText());
        if (le.equals("1800")) {
          slowBucket = series;
        } else if (le.equals("5")) {
          fastBucket = series;
        }
      }
      assertTrue(slowBucket != null && fastBucket != null, data.toString());
      JsonNode exemplar = slowBucket.get("exemplars").get(0);
      assertEquals(slowTrace, exemplar.get("labels").get("trace_id").asText());
      assertEquals(1200.0, Double.parseDouble(exemplar.get("value").asText()), 0.001);
      assertTrue(exemplar.get("timestamp").isNumber(), "seconds as a JSON number, as Prometheus writes it");
      assertTrue(!fastBucket.get("exemplars").get(0).get("labels").get("trace_id").asText().equals(slowTrace));

      String openMetrics = http.send(HttpRequest.newBuilder(URI.create(server.apiBase() + "/metrics"))
          .header("Accept", "application/openmetrics-text; version=1.0.0").build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(openMetrics.contains("# {span_id=\"") && openMetrics.contains("trace_id=\"" + slowTrace + "\"} 1200 "),
          "OpenMetrics carries the exemplar on the bucket line");
    }
  }
}
