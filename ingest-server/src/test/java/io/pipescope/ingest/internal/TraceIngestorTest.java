package io.pipescope.ingest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pipescope.aggregator.metrics.HistogramSnapshot;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricType;
import io.pipescope.ingest.IngestLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceIngestorTest {
  private static final long START = 1_700_000_000_000_000_000L;
  private static final IngestLimits LIMITS = new IngestLimits(1 << 20, 1 << 20, 5, 128, 1024, 1 << 20, 10, 1);

  /** Records family → labels → value; histograms are left out, as these tests do not read them. */
  private static final class Samples implements MetricCollector {
    final Map<String, Map<Labels, Double>> families = new HashMap<>();
    private Map<Labels, Double> open;

    @Override
    public void family(String name, MetricType type, String help) {
      open = families.computeIfAbsent(name, k -> new HashMap<>());
    }

    @Override
    public void sample(Labels labels, double value) {
      open.put(labels, value);
    }

    @Override
    public void histogram(Labels labels, HistogramSnapshot histogram) {}

    /** The family's non-zero samples: per-transport counters exist from the start at zero. */
    Map<Labels, Double> family(String name) {
      Map<Labels, Double> nonZero = new java.util.HashMap<>(families.getOrDefault(name, Map.of()));
      nonZero.values().removeIf(v -> v == 0.0);
      return nonZero;
    }
  }

  private final List<List<ResourceSpans>> consumed = new ArrayList<>();
  private final IngestMetrics metrics = new IngestMetrics(new InflightLimiter(1 << 20, 10), LIMITS);
  private final TraceIngestor ingestor = new TraceIngestor(consumed::add, LIMITS, metrics);

  private Samples collected() {
    Samples samples = new Samples();
    metrics.collect(samples);
    return samples;
  }

  private static Span span(String name, int id) {
    byte[] traceId = new byte[16];
    traceId[15] = (byte) id;
    byte[] spanId = new byte[8];
    spanId[7] = (byte) id;
    return Span.newBuilder()
        .setName(name)
        .setTraceId(ByteString.copyFrom(traceId))
        .setSpanId(ByteString.copyFrom(spanId))
        .setStartTimeUnixNano(START)
        .setEndTimeUnixNano(START + 1000)
        .build();
  }

  private static ResourceSpans resource(Span... spans) {
    return ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans))).build();
  }

  private static ExportTraceServiceRequest request(ResourceSpans... resources) {
    return ExportTraceServiceRequest.newBuilder().addAllResourceSpans(List.of(resources)).build();
  }

  @Test
  void moreSpansThanTheRequestLimitRefusesTheWholeRequest() {
    ExportTraceServiceRequest six = request(
        resource(span("a", 1), span("b", 2), span("c", 3)),
        resource(span("d", 4), span("e", 5), span("f", 6)));

    RefusedException e = assertThrows(RefusedException.class, () -> ingestor.ingest(six, Transport.GRPC));

    assertEquals(Refusal.TOO_MANY_SPANS, e.refusal());
    assertFalse(e.refusal().retryable());
    assertEquals(
        "request holds 6 spans, more than the limit of 5 (ingest.limits.max_spans_per_request); send smaller batches",
        e.getMessage());
    assertTrue(consumed.isEmpty());
    assertEquals(Map.of(), collected().family("pipescope_ingest_spans_received"));
  }

  @Test
  void aRequestAtTheSpanLimitIsAcceptedWhole() throws Exception {
    ExportTraceServiceRequest five = request(
        resource(span("a", 1), span("b", 2)), resource(span("c", 3), span("d", 4), span("e", 5)));

    ExportTraceServiceResponse response = ingestor.ingest(five, Transport.HTTP);

    assertFalse(response.hasPartialSuccess());
    assertEquals(List.of(five.getResourceSpansList()), consumed);
    Samples samples = collected();
    assertEquals(Map.of(Labels.of("transport", "http"), 5.0), samples.family("pipescope_ingest_spans_received"));
    assertEquals(Map.of(Labels.of("transport", "http"), 5.0), samples.family("pipescope_ingest_spans_accepted"));
    assertEquals(Map.of(), samples.family("pipescope_ingest_spans_rejected"));
  }

  @Test
  void rejectedSpansAreReportedAsPartialSuccessAndOnlyValidSpansAreConsumed() throws Exception {
    Span shortTraceId = span("short", 2).toBuilder().setTraceId(ByteString.copyFrom(new byte[8])).build();
    Span endsEarly = span("ends-early", 3).toBuilder().setEndTimeUnixNano(START - 1).build();
    Span noSpanId = span("no-span-id", 5).toBuilder().setSpanId(ByteString.EMPTY).build();
    ExportTraceServiceRequest mixed = request(
        resource(span("ok-1", 1), shortTraceId, endsEarly), resource(span("ok-2", 4), noSpanId));

    ExportTraceServiceResponse response = ingestor.ingest(mixed, Transport.GRPC);

    assertTrue(response.hasPartialSuccess());
    assertEquals(3, response.getPartialSuccess().getRejectedSpans());
    assertTrue(
        response.getPartialSuccess().getErrorMessage().startsWith("rejected 3 of 5 spans: span 'short' "),
        response.getPartialSuccess().getErrorMessage());
    assertEquals(List.of(List.of(resource(span("ok-1", 1)), resource(span("ok-2", 4)))), consumed);
    Samples samples = collected();
    assertEquals(Map.of(Labels.of("transport", "grpc"), 5.0), samples.family("pipescope_ingest_spans_received"));
    assertEquals(Map.of(Labels.of("transport", "grpc"), 2.0), samples.family("pipescope_ingest_spans_accepted"));
    assertEquals(
        Map.of(
            Labels.of("transport", "grpc", "reason", "invalid_trace_id"), 1.0,
            Labels.of("transport", "grpc", "reason", "end_before_start"), 1.0,
            Labels.of("transport", "grpc", "reason", "invalid_span_id"), 1.0),
        samples.family("pipescope_ingest_spans_rejected"));
  }

  @Test
  void whenEverySpanIsRejectedNothingIsConsumed() throws Exception {
    Span zeroTraceId = span("zero", 1).toBuilder().setTraceId(ByteString.copyFrom(new byte[16])).build();

    ExportTraceServiceResponse response = ingestor.ingest(request(resource(zeroTraceId)), Transport.HTTP);

    assertEquals(1, response.getPartialSuccess().getRejectedSpans());
    assertTrue(consumed.isEmpty());
    assertEquals(Map.of(), collected().family("pipescope_ingest_spans_accepted"));
  }

  @Test
  void countersAddUpAcrossRequestsAndTransports() throws Exception {
    ingestor.ingest(request(resource(span("a", 1), span("b", 2))), Transport.GRPC);
    ingestor.ingest(request(resource(span("c", 3))), Transport.GRPC);
    ingestor.ingest(request(resource(span("d", 4))), Transport.HTTP);

    assertEquals(
        Map.of(Labels.of("transport", "grpc"), 3.0, Labels.of("transport", "http"), 1.0),
        collected().family("pipescope_ingest_spans_accepted"));
  }

  @Test
  void theConsumerReceivesTheRequestListItselfWhenNothingIsRejected() throws Exception {
    ExportTraceServiceRequest valid = request(resource(span("a", 1)));

    ingestor.ingest(valid, Transport.GRPC);

    assertSame(valid.getResourceSpansList(), consumed.get(0));
  }
}
