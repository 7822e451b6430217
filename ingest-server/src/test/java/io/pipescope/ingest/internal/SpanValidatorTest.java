package io.pipescope.ingest.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pipescope.ingest.IngestLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SpanValidatorTest {
  private static final int MAX_ATTRIBUTES = 4;
  private static final int MAX_VALUE_LENGTH = 16;
  private static final IngestLimits LIMITS =
      new IngestLimits(1 << 20, 1 << 20, 1000, MAX_ATTRIBUTES, MAX_VALUE_LENGTH, 1 << 20, 10, 1);
  private static final long START = 1_700_000_000_000_000_000L;

  private final SpanValidator validator = new SpanValidator(LIMITS);
  private int nextId = 1;

  /** A valid span with fresh, non-zero ids. */
  private Span.Builder valid(String name) {
    int id = nextId++;
    return Span.newBuilder()
        .setName(name)
        .setTraceId(bytes(16, id))
        .setSpanId(bytes(8, id))
        .setStartTimeUnixNano(START)
        .setEndTimeUnixNano(START + 1_000_000);
  }

  private static ByteString bytes(int length, int fill) {
    byte[] b = new byte[length];
    b[length - 1] = (byte) fill;
    b[0] = (byte) 0x5B;
    return ByteString.copyFrom(b);
  }

  private static KeyValue attribute(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static AnyValue string(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  private static ResourceSpans resource(String service, ScopeSpans... scopes) {
    return ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder()
            .addAttributes(attribute("service.name", string(service)))
            .setDroppedAttributesCount(1))
        .setSchemaUrl("https://opentelemetry.io/schemas/1.26.0")
        .addAllScopeSpans(List.of(scopes))
        .build();
  }

  private static ScopeSpans scope(String name, Span... spans) {
    return ScopeSpans.newBuilder()
        .setScope(InstrumentationScope.newBuilder().setName(name).setVersion("1.2.3"))
        .setSchemaUrl("https://example.com/" + name)
        .addAllSpans(List.of(spans))
        .build();
  }

  @Test
  void whenEverySpanIsValidTheRequestListIsPassedOnUncopied() {
    List<ResourceSpans> batch = List.of(
        resource("a", scope("s0", valid("a1").build(), valid("a2").build())),
        resource("b", scope("s0", valid("b1").build()), scope("s1", valid("b2").build())));

    SpanValidator.Result result = validator.validate(batch);

    assertSame(batch, result.accepted());
    assertEquals(4, result.acceptedSpans());
    assertEquals(0, result.rejectedSpans());
    assertEquals("", result.message());
  }

  @Test
  void onlyInvalidSpansAreRejectedAndValidNeighboursKeepTheirOrderResourceAndScope() {
    Span a1 = valid("a1").build();
    Span a2 = valid("a2").build();
    Span a3 = valid("a3").build();
    Span b1 = valid("b1").build();
    Span b2 = valid("b2").setParentSpanId(bytes(8, 99)).build();
    Span badTraceId = valid("short-trace-id").setTraceId(bytes(8, 1)).build();
    Span atAttributeLimit = valid("b3").addAllAttributes(List.of(
        attribute("k1", string("v")), attribute("k2", string("v")),
        attribute("k3", string("v")), attribute("k4", string("v")))).build();
    Span zeroSpanId = valid("zero-span-id").setSpanId(ByteString.copyFrom(new byte[8])).build();
    Span badParent = valid("short-parent").setParentSpanId(bytes(4, 7)).build();
    Span atLengthLimit = valid("c1").addAttributes(attribute("k", string("x".repeat(MAX_VALUE_LENGTH)))).build();
    Span endBeforeStart = valid("ends-early").setEndTimeUnixNano(START - 1).build();
    Span c2 = valid("c2").build();
    Span tooManyAttributes = valid("many-attributes").addAllAttributes(List.of(
        attribute("k1", string("v")), attribute("k2", string("v")), attribute("k3", string("v")),
        attribute("k4", string("v")), attribute("k5", string("v")))).build();
    Span longString = valid("long-string")
        .addAttributes(attribute("http.url", string("x".repeat(MAX_VALUE_LENGTH + 1)))).build();
    Span longInArray = valid("long-in-array").addAttributes(attribute("tags", AnyValue.newBuilder()
        .setArrayValue(ArrayValue.newBuilder()
            .addValues(string("short"))
            .addValues(string("y".repeat(MAX_VALUE_LENGTH + 1))))
        .build())).build();
    Span c3 = valid("c3").build();
    List<ResourceSpans> batch = List.of(
        resource("svc-a", scope("a0", a1, a2), scope("a1", a3)),
        resource("svc-b", scope("b0", b1, b2), scope("b1", badTraceId, atAttributeLimit, zeroSpanId)),
        resource("svc-c",
            scope("c0", badParent, atLengthLimit, endBeforeStart),
            scope("c1", c2, tooManyAttributes, longString, longInArray, c3)));

    SpanValidator.Result result = validator.validate(batch);

    List<ResourceSpans> expected = List.of(
        resource("svc-a", scope("a0", a1, a2), scope("a1", a3)),
        resource("svc-b", scope("b0", b1, b2), scope("b1", atAttributeLimit)),
        resource("svc-c", scope("c0", atLengthLimit), scope("c1", c2, c3)));
    assertEquals(expected, result.accepted());
    assertEquals(9, result.acceptedSpans());
    assertEquals(7, result.rejectedSpans());
    long[] byReason = new long[SpanRejection.values().length];
    byReason[SpanRejection.INVALID_TRACE_ID.ordinal()] = 1;
    byReason[SpanRejection.INVALID_SPAN_ID.ordinal()] = 1;
    byReason[SpanRejection.INVALID_PARENT_SPAN_ID.ordinal()] = 1;
    byReason[SpanRejection.END_BEFORE_START.ordinal()] = 1;
    byReason[SpanRejection.TOO_MANY_ATTRIBUTES.ordinal()] = 1;
    byReason[SpanRejection.ATTRIBUTE_VALUE_TOO_LONG.ordinal()] = 2;
    assertArrayEquals(byReason, result.rejectedByReason());
    assertEquals(
        "rejected 7 of 16 spans: "
            + "span 'short-trace-id' (resource 1, scope 1, span 0): "
            + "trace_id must be 16 bytes and not all zero, got 8 bytes; "
            + "span 'zero-span-id' (resource 1, scope 1, span 2): "
            + "span_id must be 8 bytes and not all zero, got 8 zero bytes; "
            + "span 'short-parent' (resource 2, scope 0, span 0): "
            + "parent_span_id must be empty or 8 bytes, got 4 bytes; "
            + "and 4 more",
        result.message());
  }

  @Test
  void aFewRejectionsAreAllDescribedWithoutAMoreSuffix() {
    List<ResourceSpans> batch = List.of(resource("svc", scope("s",
        valid("ok").build(),
        valid("no-trace-id").setTraceId(ByteString.EMPTY).build(),
        valid("ends-early").setEndTimeUnixNano(START - 1).build())));

    SpanValidator.Result result = validator.validate(batch);

    assertEquals(
        "rejected 2 of 3 spans: "
            + "span 'no-trace-id' (resource 0, scope 0, span 1): "
            + "trace_id must be 16 bytes and not all zero, got none; "
            + "span 'ends-early' (resource 0, scope 0, span 2): end_time_unix_nano " + (START - 1)
            + " is before start_time_unix_nano " + START,
        result.message());
  }

  @ParameterizedTest(name = "{0} rejected")
  @CsvSource({"1, 1, ''", "3, 3, ''", "4, 3, '; and 1 more'", "5, 3, '; and 2 more'"})
  void theMessageDescribesTheFirstThreeRejectionsAndCountsTheRest(int rejections, int described, String tail) {
    List<Span> spans = new ArrayList<>();
    spans.add(valid("kept").build());
    for (int i = 0; i < rejections; i++) {
      spans.add(valid("bad-" + i).setTraceId(ByteString.EMPTY).build());
    }

    String message = validator.validate(List.of(resource("svc", scope("s", spans.toArray(Span[]::new))))).message();

    assertTrue(message.startsWith("rejected " + rejections + " of " + (rejections + 1) + " spans: "), message);
    assertEquals(described, message.split("span 'bad-", -1).length - 1, message);
    assertTrue(message.endsWith("got none" + tail), message);
  }

  static Stream<Arguments> overlongValues() {
    AnyValue tooLong = string("z".repeat(MAX_VALUE_LENGTH + 1));
    return Stream.of(
        Arguments.of("string", tooLong),
        Arguments.of("bytes", AnyValue.newBuilder()
            .setBytesValue(ByteString.copyFrom(new byte[MAX_VALUE_LENGTH + 1])).build()),
        Arguments.of("string in array", AnyValue.newBuilder()
            .setArrayValue(ArrayValue.newBuilder().addValues(string("ok")).addValues(tooLong)).build()),
        Arguments.of("string in kvlist", AnyValue.newBuilder()
            .setKvlistValue(KeyValueList.newBuilder().addValues(attribute("inner", tooLong))).build()),
        Arguments.of("string in array in kvlist", AnyValue.newBuilder()
            .setKvlistValue(KeyValueList.newBuilder().addValues(attribute("inner", AnyValue.newBuilder()
                .setArrayValue(ArrayValue.newBuilder().addValues(tooLong)).build())))
            .build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlongValues")
  void anOverlongValueAnywhereInAnAttributeRejectsTheSpan(String where, AnyValue value) {
    Span kept = valid("kept").build();
    Span span = valid("long").addAttributes(attribute("short", string("ok"))).addAttributes(attribute("big", value))
        .build();

    SpanValidator.Result result = validator.validate(List.of(resource("svc", scope("s", span, kept))));

    assertEquals(1, result.rejectedSpans());
    assertEquals(1, result.rejectedByReason()[SpanRejection.ATTRIBUTE_VALUE_TOO_LONG.ordinal()]);
    assertEquals(
        "rejected 1 of 2 spans: span 'long' (resource 0, scope 0, span 0): attribute 'big' is longer than the"
            + " limit of 16 (ingest.limits.max_attribute_value_length)",
        result.message());
    assertEquals(List.of(resource("svc", scope("s", kept))), result.accepted());
  }
}
