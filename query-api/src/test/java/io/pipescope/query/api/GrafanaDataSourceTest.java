package io.pipescope.query.api;

import static io.pipescope.query.api.ApiServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipescope.aggregator.metrics.Labels;
import org.junit.jupiter.api.Test;

/**
 * The calls Grafana's Prometheus data source makes, in order: "Save & test" (an instant query of
 * 1+1 and the build info), then the query editor's metric browser and a panel's range query. Each
 * answer is checked in the shape Grafana parses.
 */
class GrafanaDataSourceTest {
  private static final long NOW = 1_700_003_600;
  private static final long HOUR_AGO = NOW - 3600;

  @Test
  void saveAndTestThenQueryEditorThenPanel() {
    try (ApiServer api = new ApiServer()) {
      for (long t = HOUR_AGO; t <= NOW; t += 15) {
        api.addValue(Labels.of("__name__", "pipescope_builds_total", "job", "ci", "result", "ok"), t, (t - HOUR_AGO) / 15);
        api.addValue(Labels.of("__name__", "up", "job", "pipescope", "instance", "localhost:9490"), t, 1);
      }
      String start = Long.toString(HOUR_AGO);
      String end = Long.toString(NOW);

      // Save & test: GET /api/v1/query?query=1%2B1&time=...
      ApiServer.Answer health = api.raw("/api/v1/query?query=1%2B1&time=" + NOW);
      assertEquals(json("{'status':'success','data':{'resultType':'scalar','result':[" + NOW + ",'2']}}"),
          health.json());

      JsonNode build = api.get("/api/v1/status/buildinfo").success();
      assertTrue(build.get("version").asText().matches("\\d+\\.\\d+\\.\\d+"), "semver Grafana compares");

      // Metric browser: label names, metric names, values of a label for the chosen metric, series.
      assertEquals(json("['__name__','instance','job','result']"),
          api.get("/api/v1/labels", "start", start, "end", end).success());
      assertEquals(json("['pipescope_builds_total','up']"),
          api.get("/api/v1/label/__name__/values", "start", start, "end", end).success());
      assertEquals(json("['ci']"), api.get("/api/v1/label/job/values",
          "match[]", "{__name__=\"pipescope_builds_total\"}", "start", start, "end", end).success());
      assertEquals(json("[{'__name__':'pipescope_builds_total','job':'ci','result':'ok'}]"),
          api.get("/api/v1/series", "match[]", "pipescope_builds_total", "start", start, "end", end).success());
      assertTrue(api.get("/api/v1/metadata").success().isObject());

      // The panel: a form-encoded POST, step in seconds, times as Unix seconds.
      JsonNode range = api.post("/api/v1/query_range", "query", "sum by (job) (rate(pipescope_builds_total[5m]))",
          "start", Long.toString(NOW - 600), "end", end, "step", "60").success();
      assertEquals("matrix", range.get("resultType").asText());
      JsonNode series = range.get("result");
      assertEquals(1, series.size());
      assertEquals(json("{'job':'ci'}"), series.get(0).get("metric"));
      JsonNode values = series.get(0).get("values");
      assertEquals(11, values.size());
      for (JsonNode point : values) {
        assertTrue(point.get(0).isNumber() && point.get(1).isTextual(), point.toString());
        assertEquals(1.0 / 15, Double.parseDouble(point.get(1).asText()), 1e-9, point.toString());
      }
      assertEquals(NOW - 600, values.get(0).get(0).asLong());
    }
  }
}
