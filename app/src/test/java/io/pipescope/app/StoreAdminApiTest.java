package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.app.testing.RunningPipescope;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.Querier;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's admin endpoints: off unless enabled; status; delete series by matcher. */
class StoreAdminApiTest {
  @TempDir Path data;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void statusAndDeleteSeriesWhenEnabled() throws Exception {
    try (RunningPipescope server = RunningPipescope.start("storage.enabled=true", "storage.path=" + data,
        "api.enable_admin=true")) {
      HttpResponse<String> status = get(server, "/api/v1/admin/store");
      assertEquals(200, status.statusCode(), status.body());
      assertTrue(status.body().startsWith("{\"status\":\"success\",\"data\":{\"headSeries\":"), status.body());

      Appender app = server.pipescope().store().appender();
      app.append(0, Labels.of("__name__", "doomed", "k", "v"), 1000, 1);
      app.append(0, Labels.of("__name__", "kept", "k", "v"), 1000, 1);
      app.commit();
      String selector = URLEncoder.encode("{__name__=\"doomed\"}", StandardCharsets.UTF_8);
      HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(
              URI.create(server.apiBase() + "/api/v1/admin/tsdb/delete_series?match[]=" + selector))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(204, deleted.statusCode(), deleted.body());
      try (Querier q = server.pipescope().store().querier(0, Long.MAX_VALUE)) {
        assertFalse(q.select(false, LabelMatcher.equal("__name__", "doomed")).next());
        assertTrue(q.select(false, LabelMatcher.equal("__name__", "kept")).next());
      }

      HttpResponse<String> bad = http.send(HttpRequest.newBuilder(
              URI.create(server.apiBase() + "/api/v1/admin/tsdb/delete_series?match[]=" + selector + "&start=0"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(400, bad.statusCode());
      assertTrue(bad.body().contains("\"errorType\":\"bad_data\"") && bad.body().contains("whole"), bad.body());
      HttpResponse<String> notSelector = http.send(HttpRequest.newBuilder(URI.create(server.apiBase()
              + "/api/v1/admin/tsdb/delete_series?match[]=" + URLEncoder.encode("up +", StandardCharsets.UTF_8)))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(400, notSelector.statusCode(), notSelector.body());
    }
  }

  @Test
  void adminEndpointsAreAbsentUnlessEnabled() throws Exception {
    try (RunningPipescope server = RunningPipescope.start("storage.enabled=true", "storage.path=" + data)) {
      assertEquals(404, get(server, "/api/v1/admin/store").statusCode());
    }
  }

  private HttpResponse<String> get(RunningPipescope server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.apiBase() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
