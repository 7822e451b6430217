package io.pipescope.ingest.internal;

import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.pipescope.aggregator.SpanConsumer;
import io.pipescope.ingest.IngestLimits;

/**
 * What both transports do with a decoded trace export: enforce the per-request span limit, validate
 * span by span, hand the valid spans to aggregation, and build the OTLP response (with partial
 * success when some spans were rejected).
 */
public final class TraceIngestor {
  private static final ExportTraceServiceResponse ALL_ACCEPTED = ExportTraceServiceResponse.getDefaultInstance();

  private final SpanConsumer consumer;
  private final SpanValidator validator;
  private final IngestMetrics metrics;
  private final int maxSpansPerRequest;

  public TraceIngestor(SpanConsumer consumer, IngestLimits limits, IngestMetrics metrics) {
    this.consumer = consumer;
    this.validator = new SpanValidator(limits);
    this.metrics = metrics;
    this.maxSpansPerRequest = limits.maxSpansPerRequest();
  }

  public ExportTraceServiceResponse ingest(ExportTraceServiceRequest request, Transport transport)
      throws RefusedException {
    long spans = countSpans(request);
    if (spans > maxSpansPerRequest) {
      throw new RefusedException(Refusal.TOO_MANY_SPANS, "request holds " + spans + " spans, more than the limit of "
          + maxSpansPerRequest + " (ingest.limits.max_spans_per_request); send smaller batches");
    }
    metrics.spansReceived(transport).add(spans);
    SpanValidator.Result result = validator.validate(request.getResourceSpansList());
    if (result.acceptedSpans() > 0) {
      try {
        consumer.consume(result.accepted());
      } catch (java.io.UncheckedIOException e) {
        throw new RefusedException(Refusal.STORAGE_FAILURE, "pipescope could not make the spans durable: "
            + e.getCause().getMessage() + "; retry later");
      }
    }
    metrics.spansAccepted(transport).add(result.acceptedSpans());
    if (result.rejectedSpans() == 0) {
      return ALL_ACCEPTED;
    }
    SpanRejection[] reasons = SpanRejection.values();
    for (int i = 0; i < reasons.length; i++) {
      if (result.rejectedByReason()[i] > 0) {
        metrics.spansRejected(transport, reasons[i].label()).add(result.rejectedByReason()[i]);
      }
    }
    return ExportTraceServiceResponse.newBuilder()
        .setPartialSuccess(ExportTracePartialSuccess.newBuilder()
            .setRejectedSpans(result.rejectedSpans())
            .setErrorMessage(result.message()))
        .build();
  }

  static long countSpans(ExportTraceServiceRequest request) {
    long n = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        n += ss.getSpansCount();
      }
    }
    return n;
  }
}
