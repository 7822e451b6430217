package io.pipescope.ingest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OtlpJsonTest {

  /** The request in the OTLP specification's trace example (opentelemetry-proto examples/trace.json). */
  private static final ExportTraceServiceRequest SPEC_EXAMPLE = ExportTraceServiceRequest.newBuilder()
      .addResourceSpans(ResourceSpans.newBuilder()
          .setResource(Resource.newBuilder().addAttributes(attribute("service.name", "my.service")))
          .addScopeSpans(ScopeSpans.newBuilder()
              .setScope(InstrumentationScope.newBuilder()
                  .setName("my.library")
                  .setVersion("1.0.0")
                  .addAttributes(attribute("my.scope.attribute", "some scope attribute")))
              .addSpans(Span.newBuilder()
                  .setTraceId(bytes(0x5B, 0x8E, 0xFF, 0xF7, 0x98, 0x03, 0x81, 0x03,
                      0xD2, 0x69, 0xB6, 0x33, 0x81, 0x3F, 0xC6, 0x0C))
                  .setSpanId(bytes(0xEE, 0xE1, 0x9B, 0x7E, 0xC3, 0xC1, 0xB1, 0x74))
                  .setParentSpanId(bytes(0xEE, 0xE1, 0x9B, 0x7E, 0xC3, 0xC1, 0xB1, 0x73))
                  .setName("I'm a server span")
                  .setStartTimeUnixNano(1544712660000000000L)
                  .setEndTimeUnixNano(1544712661000000000L)
                  .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                  .addAttributes(attribute("my.span.attr", "some value")))))
      .build();

  private static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  private static ByteString bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return ByteString.copyFrom(b);
  }

  private static byte[] fixture(String name) {
    try (InputStream in = OtlpJsonTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ExportTraceServiceRequest decode(byte[] body) throws RefusedException {
    ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
    OtlpJson.merge(body, builder);
    return builder.build();
  }

  private static ExportTraceServiceRequest decode(String body) throws RefusedException {
    return decode(body.getBytes(StandardCharsets.UTF_8));
  }

  private static RefusedException refused(String body) {
    return assertThrows(RefusedException.class, () -> decode(body));
  }

  @Test
  void theSpecificationTraceExampleDecodesToTheRightIdsAndFields() throws Exception {
    assertEquals(SPEC_EXAMPLE, decode(fixture("trace-example.json")));
  }

  @Test
  void snakeCaseFieldNamesLowercaseHexAndNumericTimestampsDecodeTheSame() throws Exception {
    assertEquals(SPEC_EXAMPLE, decode(fixture("trace-example-snake-case.json")));
  }

  @Test
  void unknownFieldsAtEveryLevelAreIgnored() throws Exception {
    assertEquals(SPEC_EXAMPLE, decode(fixture("trace-example-unknown-fields.json")));
  }

  @Test
  void linkIdsAndAnEmptyParentIdAreHexToo() throws Exception {
    ExportTraceServiceRequest decoded = decode("""
        {"resourceSpans": [{"scopeSpans": [{"spans": [{
          "traceId": "0102030405060708090a0b0c0d0e0f10", "spanId": "0102030405060708", "parentSpanId": "",
          "links": [{"traceId": "ffffffffffffffffffffffffffffffff", "spanId": "00000000000000ff"}]
        }]}]}]}
        """);

    Span span = decoded.getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertEquals(bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16), span.getTraceId());
    assertEquals(ByteString.EMPTY, span.getParentSpanId());
    assertEquals(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF),
        span.getLinks(0).getTraceId());
    assertEquals(bytes(0, 0, 0, 0, 0, 0, 0, 0xFF), span.getLinks(0).getSpanId());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"not-hex-at-all", "W47/95gDgQPSabYzgT/GDA==", "ABC"})
  void aTraceIdThatIsNotHexIsRefusedNamingTheFieldAndValue(String traceId) {
    RefusedException e = refused(
        "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"traceId\": \"" + traceId + "\"}]}]}]}");

    assertEquals(Refusal.UNDECODABLE, e.refusal());
    assertEquals(
        "field 'traceId' must be a hex string (OTLP/JSON ids are hex, not base64), got '" + traceId + "'",
        e.getMessage());
  }

  @Test
  void invalidJsonIsRefusedWithWhereItBroke() {
    RefusedException e = refused("{\"resourceSpans\": [\n  {\"scopeSpans\": ]\n}");

    assertEquals(Refusal.UNDECODABLE, e.refusal());
    assertTrue(e.getMessage().startsWith("the body is not valid JSON: "), e.getMessage());
    assertTrue(e.getMessage().contains("at line 2, column "), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"[]", "[{\"resourceSpans\": []}]", "\"resourceSpans\"", "42", "null", ""})
  void aBodyThatIsNotAJsonObjectIsRefused(String body) {
    RefusedException e = refused(body);

    assertEquals(Refusal.UNDECODABLE, e.refusal());
    assertEquals("an OTLP/JSON body must be a JSON object", e.getMessage());
  }

  @Test
  void aFieldOfTheWrongTypeIsRefusedNamingTheMessage() {
    RefusedException e = refused("{\"resourceSpans\": {\"not\": \"a list\"}}");

    assertEquals(Refusal.UNDECODABLE, e.refusal());
    assertTrue(e.getMessage().startsWith("the body is not an OTLP/JSON ExportTraceServiceRequest: "), e.getMessage());
  }

  @Test
  void printWritesAPartialSuccessResponseCompactly() {
    ExportTraceServiceResponse response = ExportTraceServiceResponse.newBuilder()
        .setPartialSuccess(ExportTracePartialSuccess.newBuilder()
            .setRejectedSpans(3)
            .setErrorMessage("rejected 3 of 5 spans"))
        .build();

    assertEquals(
        "{\"partialSuccess\":{\"rejectedSpans\":\"3\",\"errorMessage\":\"rejected 3 of 5 spans\"}}",
        new String(OtlpJson.print(response), StandardCharsets.UTF_8));
  }
}
