package io.pipescope.query.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.query.HttpApiConfig;
import io.pipescope.query.HttpApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTest {
  @Test
  void unknownApiPathIsNotFoundInTheEnvelope() {
    try (ApiServer api = new ApiServer()) {
      assertEquals("unknown API endpoint /api/v1/nope", api.get("/api/v1/nope").error(404, "not_found"));
    }
  }

  @Test
  void answersAreJson() throws Exception {
    try (ApiServer api = new ApiServer()) {
      for (String path : new String[] {"/api/v1/query?query=1", "/api/v1/query?query=(", "/api/v1/nope"}) {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""), path);
      }
    }
  }

  @Test
  void wrongMethodIsRefused() {
    try (ApiServer api = new ApiServer()) {
      ApiServer.Answer a = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/v1/status/buildinfo"))
          .POST(HttpRequest.BodyPublishers.noBody()));
      assertEquals(405, a.status());
    }
  }

  @Test
  void headAnswersWithoutBody() throws Exception {
    try (ApiServer api = new ApiServer()) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(api.baseUrl() + "/api/v1/status/buildinfo")).method("HEAD", HttpRequest.BodyPublishers.noBody())
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      assertEquals("", r.body());
    }
  }

  @Test
  void otherEndpointsStillServed() {
    try (ApiServer api = new ApiServer()) {
      ApiServer.Answer healthy = api.get("/-/healthy");
      assertEquals(200, healthy.status());
      assertTrue(healthy.body().contains("Healthy"));
      assertEquals(404, api.get("/nope").status());
    }
  }

  @Test
  void expressionPageShowsTheGeneratorUrlsExpressionEscaped() throws Exception {
    try (ApiServer api = new ApiServer()) {
      String expr = "sum by (checker_name) (rate(x{a=\"<b>\"}[5m])) > 0.25";
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.baseUrl()
          + io.pipescope.query.rules.ExpressionLinks.table(expr))).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
      assertTrue(r.body().contains(
          "sum by (checker_name) (rate(x{a=&quot;&lt;b&gt;&quot;}[5m])) &gt; 0.25</textarea>"), r.body());
      assertTrue(r.body().contains("fetch('/api/v1/query?query='"), "the result comes from the query API");
    }
  }

  @Test
  void withoutQueryableTheApiIsNotMounted() throws Exception {
    try (HttpApiServer server = new HttpApiServer(new HttpApiConfig("127.0.0.1", 0, false), List.of())) {
      int port = server.start().getPort();
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=1")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(404, r.statusCode());
      assertTrue(r.body().startsWith("404 page not found"), r.body());
    }
  }

  @Test
  void malformedFormEncodingIsBadData() {
    try (ApiServer api = new ApiServer()) {
      ApiServer.Answer a = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/v1/query"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("query=%zz")));
      assertTrue(a.error(400, "bad_data").startsWith("error parsing form values"), a.body());
    }
  }
}
