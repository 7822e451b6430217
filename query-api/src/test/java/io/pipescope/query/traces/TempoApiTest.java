package io.pipescope.query.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.pipescope.store.traces.TraceStore;
import io.pipescope.store.traces.TraceStoreOptions;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trace API answers in the shapes Grafana's Tempo data source reads. */
class TempoApiTest {
  private static final long SEC = 1_000_000_000L;
  private static final long T0 = 1_764_000_000L * SEC;
  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

  @TempDir
  Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private TraceStore store;
  private TempoApi api;

  private static KeyValue attr(String k, String v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
  }

  private static KeyValue attr(String k, long v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
  }

  private static Span span(String traceHex, String spanHex, String parentHex, String name, long start, long nanos) {
    Span.Builder s = Span.newBuilder().setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(traceHex)))
        .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(spanHex)))
        .setName(name).setStartTimeUnixNano(start).setEndTimeUnixNano(start + nanos);
    if (parentHex != null) {
      s.setParentSpanId(ByteString.copyFrom(HexFormat.of().parseHex(parentHex)));
    }
    return s.build();
  }

  @BeforeEach
  void seed() throws IOException {
    store = TraceStore.open(TraceStoreOptions.defaults(dir), Clock.systemUTC());
    api = new TempoApi(store);
    Span root = span(TRACE, "b7ad6b7169203331", null, "feature", T0, 90 * SEC);
    Span failed = span(TRACE, "00f067aa0ba902b7", "b7ad6b7169203331", "test_coverage", T0 + SEC, 4 * SEC).toBuilder()
        .addAttributes(attr("cicd.pipeline.task.name", "test_coverage")).addAttributes(attr("factory.attempt", 1))
        .addAttributes(attr("cicd.pipeline.task.run.result", "failure"))
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("coverage 61%"))
        .build();
    Span passed = span(TRACE, "00f067aa0ba902b8", "b7ad6b7169203331", "test_coverage", T0 + 9 * SEC, 4 * SEC)
        .toBuilder().addAttributes(attr("cicd.pipeline.task.name", "test_coverage"))
        .addAttributes(attr("factory.attempt", 2)).addAttributes(attr("cicd.pipeline.task.run.result", "success"))
        .build();
    store.consume(List.of(ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(attr("service.name", "factory"))
            .addAttributes(attr("factory.feature.name", "Add pagination to user list")))
        .addScopeSpans(ScopeSpans.newBuilder().addSpans(root).addSpans(failed).addSpans(passed)).build()));
    String other = "1af7651916cd43dd8448eb211c80319c";
    store.consume(List.of(ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(attr("service.name", "factory")))
        .addScopeSpans(ScopeSpans.newBuilder().addSpans(span(other, "1000000000000001", null, "feature",
            T0 + 100 * SEC, 10 * SEC))).build()));
  }

  @AfterEach
  void close() throws IOException {
    api.close();
    store.close();
  }

  private JsonNode get(String uri) throws IOException {
    TempoApi.Answer a = api.answer("GET", uri, "application/json");
    assertEquals(200, a.status(), new String(a.body(), StandardCharsets.UTF_8));
    return json.readTree(a.body());
  }

  private TempoApi.Answer raw(String uri) {
    return api.answer("GET", uri, null);
  }

  @Test
  void traceByIdIsOtlpJsonWithHexIdsUnderBatches() throws IOException {
    JsonNode trace = get("/api/traces/" + TRACE);
    JsonNode resource = trace.get("batches").get(0);
    assertEquals("service.name", resource.get("resource").get("attributes").get(0).get("key").asText());
    JsonNode spans = resource.get("scopeSpans").get(0).get("spans");
    assertEquals(3, spans.size());
    JsonNode failed = spans.get(1);
    assertEquals(TRACE, failed.get("traceId").asText());
    assertEquals("00f067aa0ba902b7", failed.get("spanId").asText());
    assertEquals("b7ad6b7169203331", failed.get("parentSpanId").asText());
    assertEquals(String.valueOf(T0 + SEC), failed.get("startTimeUnixNano").asText(), "int64 as a string");
    assertEquals(2, failed.get("status").get("code").asInt(), "enums as integers, as OTLP/JSON requires");
    assertEquals("1", failed.get("attributes").get(1).get("value").get("intValue").asText());
    assertEquals(3, get("/api/traces/" + TRACE.toUpperCase()).get("batches").get(0).get("scopeSpans").get(0)
        .get("spans").size());
  }

  @Test
  void traceByIdIsProtobufWhenAskedFor() throws IOException {
    TempoApi.Answer a = api.answer("GET", "/api/traces/" + TRACE, "application/protobuf");
    assertEquals("application/protobuf", a.contentType());
    TracesData t = TracesData.parseFrom(a.body());
    assertEquals(3, t.getResourceSpans(0).getScopeSpans(0).getSpansCount());
  }

  @Test
  void unknownOrMalformedTraceIdIsRefusedClearly() {
    assertEquals(404, raw("/api/traces/" + "f".repeat(32)).status());
    TempoApi.Answer bad = raw("/api/traces/not-hex");
    assertEquals(400, bad.status());
    assertTrue(new String(bad.body(), StandardCharsets.UTF_8).contains("hex"));
    assertEquals(405, api.answer("POST", "/api/search", null).status());
  }

  @Test
  void searchByTagsFindsTheFeatureWhoseCheckerFailedOnTheFirstAttempt() throws IOException {
    String tags = URLEncoder.encode("cicd.pipeline.task.name=test_coverage cicd.pipeline.task.run.result=failure "
        + "factory.attempt=1", StandardCharsets.UTF_8);
    JsonNode found = get("/api/search?tags=" + tags + "&start=" + (T0 / SEC - 60) + "&end=" + (T0 / SEC + 3600));
    assertEquals(1, found.get("traces").size());
    JsonNode t = found.get("traces").get(0);
    assertEquals(TRACE, t.get("traceID").asText());
    assertEquals("factory", t.get("rootServiceName").asText());
    assertEquals("feature", t.get("rootTraceName").asText());
    assertEquals(String.valueOf(T0), t.get("startTimeUnixNano").asText());
    assertEquals(90_000, t.get("durationMs").asLong());
    assertEquals(1, t.get("spanSet").get("matched").asInt());
    assertEquals("00f067aa0ba902b7", t.get("spanSet").get("spans").get(0).get("spanID").asText());

    String traceql = URLEncoder.encode("{ span.cicd.pipeline.task.name = \"test_coverage\" && span.factory.attempt = 2 "
        + "&& resource.service.name = \"factory\" }", StandardCharsets.UTF_8);
    assertEquals(1, get("/api/search?q=" + traceql).get("traces").size());
    assertEquals(0, get("/api/search?tags=" + URLEncoder.encode("factory.attempt=3", StandardCharsets.UTF_8))
        .get("traces").size());
  }

  @Test
  void searchWithoutTagsListsRecentTracesNewestFirstWithinLimitsAndDurations() throws IOException {
    JsonNode all = get("/api/search");
    assertEquals(2, all.get("traces").size());
    assertEquals("1af7651916cd43dd8448eb211c80319c", all.get("traces").get(0).get("traceID").asText());
    assertEquals(1, get("/api/search?limit=1").get("traces").size());
    assertEquals(1, get("/api/search?minDuration=1m").get("traces").size());
    assertEquals(1, get("/api/search?maxDuration=15s").get("traces").size());
    assertEquals(400, raw("/api/search?limit=0").status());
    assertEquals(400, raw("/api/search?minDuration=soon").status());
    TempoApi.Answer unsupported = raw("/api/search?q=" + URLEncoder.encode("{ duration > 1s }", StandardCharsets.UTF_8));
    assertEquals(400, unsupported.status());
    assertTrue(new String(unsupported.body(), StandardCharsets.UTF_8).contains("only TraceQL of the form"));
  }

  @Test
  void tagNamesAndValuesInBothApiVersions() throws IOException {
    JsonNode names = get("/api/search/tags").get("tagNames");
    assertTrue(names.toString().contains("\"cicd.pipeline.task.name\""), names.toString());
    assertEquals("[\"test_coverage\"]", get("/api/search/tag/cicd.pipeline.task.name/values").get("tagValues")
        .toString());
    JsonNode scopes = get("/api/v2/search/tags").get("scopes");
    assertEquals("intrinsic", scopes.get(0).get("name").asText());
    JsonNode values = get("/api/v2/search/tag/resource.service.name/values").get("tagValues");
    assertEquals("string", values.get(0).get("type").asText());
    assertEquals("factory", values.get(0).get("value").asText());
    assertEquals("echo", new String(raw("/api/echo").body(), StandardCharsets.UTF_8));
  }

  @Test
  void goDurationsParse() {
    assertEquals(1_500_000_000L, TempoApi.duration("d", "1.5s"));
    assertEquals(150_000_000_000L, TempoApi.duration("d", "2m30s"));
    assertEquals(100_000L, TempoApi.duration("d", "100us"));
  }
}
