package io.pipescope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.pipescope.aggregator.metrics.HistogramSnapshot;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.MetricType;
import io.pipescope.ingest.internal.OtlpJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs each benchmark once, without JMH, so none can quietly measure an empty or rejected export. */
class TraceIngestBenchmarkTest {
  private final TraceIngestBenchmark benchmark = new TraceIngestBenchmark();

  @BeforeEach
  void setUp() {
    benchmark.setUp();
  }

  @Test
  void protobufPathAggregatesEverySpan() throws Exception {
    long before = callsTotal(benchmark.spanMetrics());
    assertFalse(benchmark.decodeAndAggregateProtobuf().hasPartialSuccess(), "no span may be rejected");
    assertEquals(PipelineTraceExport.SPANS, callsTotal(benchmark.spanMetrics()) - before);
  }

  @Test
  void jsonPathAggregatesEverySpan() throws Exception {
    long before = callsTotal(benchmark.spanMetrics());
    assertFalse(benchmark.decodeAndAggregateJson().hasPartialSuccess(), "no span may be rejected");
    assertEquals(PipelineTraceExport.SPANS, callsTotal(benchmark.spanMetrics()) - before);
  }

  @Test
  void aggregateOnlyRecordsEverySpan() {
    long before = callsTotal(benchmark.spanMetrics());
    benchmark.aggregateOnly();
    assertEquals(PipelineTraceExport.SPANS, callsTotal(benchmark.spanMetrics()) - before);
  }

  @Test
  void decodeOnlyDecodesEverySpan() throws Exception {
    assertEquals(PipelineTraceExport.SPANS, spans(benchmark.decodeOnly()).size());
  }

  @Test
  void exportLooksLikeFactoryTraffic() {
    ExportTraceServiceRequest request = PipelineTraceExport.build();
    List<Span> spans = spans(request);

    assertEquals(4, request.getResourceSpansCount());
    assertEquals(PipelineStage.values().length, spans.stream().map(Span::getName).distinct().count());
    assertEquals(PipelineTraceExport.PIPELINES,
        spans.stream().map(Span::getTraceId).distinct().count(), "one trace per pipeline run");
    assertEquals(PipelineTraceExport.SPANS, spans.stream().map(Span::getSpanId).distinct().count());
    assertEquals(PipelineTraceExport.PIPELINES, spans.stream().filter(s -> s.getParentSpanId().isEmpty()).count());
    for (Span span : spans) {
      assertEquals(16, span.getTraceId().size());
      assertEquals(8, span.getSpanId().size());
      assertTrue(span.getAttributesCount() >= 8 && span.getAttributesCount() <= 12,
          span.getName() + " has " + span.getAttributesCount() + " attributes");
      assertTrue(span.getEndTimeUnixNano() > span.getStartTimeUnixNano());
    }
    assertEquals(Set.of(Span.SpanKind.SPAN_KIND_SERVER, Span.SpanKind.SPAN_KIND_INTERNAL,
        Span.SpanKind.SPAN_KIND_CLIENT), spans.stream().map(Span::getKind).collect(Collectors.toSet()));
    assertEquals(Set.of(Status.StatusCode.STATUS_CODE_OK, Status.StatusCode.STATUS_CODE_ERROR,
            Status.StatusCode.STATUS_CODE_UNSET),
        spans.stream().map(s -> s.getStatus().getCode()).collect(Collectors.toSet()));
  }

  @Test
  void jsonBodyIsOtlpJsonOfTheSameExport() throws Exception {
    ExportTraceServiceRequest request = PipelineTraceExport.build();
    byte[] json = io.pipescope.query.traces.OtlpJson.encode(request);

    String firstTraceId = HexFormat.of().formatHex(spans(request).get(0).getTraceId().toByteArray());
    assertTrue(new String(json, StandardCharsets.UTF_8).contains("\"traceId\":\"" + firstTraceId + "\""),
        "OTLP/JSON ids are hex");
    ExportTraceServiceRequest.Builder decoded = ExportTraceServiceRequest.newBuilder();
    OtlpJson.merge(json, decoded);
    assertEquals(request, decoded.build());
  }

  private static List<Span> spans(ExportTraceServiceRequest request) {
    List<Span> spans = new ArrayList<>();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        spans.addAll(scopeSpans.getSpansList());
      }
    }
    return spans;
  }

  private static long callsTotal(MetricSource source) {
    CallsTotal calls = new CallsTotal();
    source.collect(calls);
    return calls.total;
  }

  /** Sums the samples of the {@code calls} family: one per span aggregated. */
  private static final class CallsTotal implements MetricCollector {
    private boolean inCalls;
    private long total;

    @Override
    public void family(String name, MetricType type, String help) {
      inCalls = name.equals("calls");
    }

    @Override
    public void sample(Labels labels, double value) {
      if (inCalls) {
        total += (long) value;
      }
    }

    @Override
    public void histogram(Labels labels, HistogramSnapshot histogram) {}
  }
}
