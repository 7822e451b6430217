package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.pipescope.app.testing.FactoryScenario;
import io.pipescope.app.testing.FactoryScenario.Naming;
import io.pipescope.app.testing.RunningPipescope;
import io.pipescope.ingest.internal.OtlpJson;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's question about single features, through the Tempo-shaped API: "features where
 * test_coverage failed on attempt 1 in the last 7 days", and the trace of the one found.
 */
class TraceSearchTest {
  private static final long DAY = Duration.ofDays(1).toNanos();

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @TempDir
  Path data;

  private HttpResponse<byte[]> get(RunningPipescope server, String pathAndQuery, String accept) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.apiBase() + pathAndQuery)).header("Accept", accept)
        .build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private JsonNode getJson(RunningPipescope server, String pathAndQuery) throws Exception {
    HttpResponse<byte[]> r = get(server, pathAndQuery, "application/json");
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    return json.readTree(r.body());
  }

  @Test
  void featuresWhoseTestCoverageFailedOnTheFirstAttemptInTheLastWeek() throws Exception {
    long now = System.currentTimeMillis() * 1_000_000L;
    String found;
    try (RunningPipescope server = RunningPipescope.start("storage.path=" + data);
        FactoryScenario factory = new FactoryScenario(server.grpcEndpoint(), Naming.SEMCONV, "factory")) {
      factory.feature("FEAT-1", "crud", "Add pagination to user list", now - 2 * DAY)
          .stage("test_coverage", 0, 6000, false, 1, Attributes.empty())
          .stage("test_coverage", 100, 7000, true, 2, Attributes.empty()).end();
      factory.feature("FEAT-2", "crud", "Export invoices", now - DAY)
          .stage("test_coverage", 0, 6000, true, 1, Attributes.empty())
          .stage("security_scan", 100, 2000, false, 1, Attributes.empty()).end();
      factory.feature("FEAT-3", "api", "Rate limits", now - 3 * DAY)
          .stage("test_coverage", 0, 6000, true, 1, Attributes.empty())
          .stage("test_coverage", 100, 6000, false, 2, Attributes.empty()).end();
      factory.feature("FEAT-0", "api", "Old one", now - 9 * DAY)
          .stage("test_coverage", 0, 6000, false, 1, Attributes.empty()).end();
      factory.flush();

      long end = now / 1_000_000_000L + 60;
      String tags = URLEncoder.encode("cicd.pipeline.task.name=test_coverage cicd.pipeline.task.run.result=failure "
          + "factory.attempt=1", StandardCharsets.UTF_8);
      JsonNode traces = getJson(server, "/api/search?tags=" + tags + "&start=" + (end - 7 * 86400 - 60) + "&end=" + end)
          .get("traces");
      assertEquals(1, traces.size(), traces.toString());
      JsonNode hit = traces.get(0);
      assertEquals("factory", hit.get("rootServiceName").asText());
      assertEquals("feature Add pagination to user list", hit.get("rootTraceName").asText());
      found = hit.get("traceID").asText();
      assertEquals(4, getJson(server, "/api/search?limit=10").get("traces").size(), "all four without filters");

      // The trace in OTLP/JSON: it parses back through pipescope's own OTLP/JSON receiver path.
      JsonNode trace = getJson(server, "/api/traces/" + found);
      ObjectNode otlp = json.createObjectNode();
      otlp.set("resourceSpans", trace.get("batches"));
      TracesData.Builder parsed = TracesData.newBuilder();
      OtlpJson.merge(json.writeValueAsBytes(otlp), parsed);
      List<Span> spans = parsed.getResourceSpansList().stream().flatMap(r -> r.getScopeSpansList().stream())
          .flatMap(s -> s.getSpansList().stream()).toList();
      assertEquals(List.of("feature Add pagination to user list", "test_coverage", "test_coverage"),
          spans.stream().map(Span::getName).sorted().toList());
      for (Span s : spans) {
        assertEquals(found, HexFormat.of().formatHex(s.getTraceId().toByteArray()));
      }
      assertTrue(spans.stream().anyMatch(s -> s.getStatus().getCodeValue() == 2), "the failed attempt is an error");

      HttpResponse<byte[]> proto = get(server, "/api/traces/" + found, "application/protobuf");
      assertEquals("application/protobuf", proto.headers().firstValue("Content-Type").orElse(""));
      assertEquals(3, TracesData.parseFrom(proto.body()).getResourceSpansList().stream()
          .mapToInt(r -> r.getScopeSpansList().stream().mapToInt(s -> s.getSpansCount()).sum()).sum());
    }

    try (RunningPipescope restarted = RunningPipescope.start("storage.path=" + data)) {
      JsonNode again = getJson(restarted, "/api/traces/" + found);
      assertEquals(3, again.get("batches").findValues("spans").stream().mapToInt(JsonNode::size).sum(),
          "kept across a restart, once");
    }
  }
}
