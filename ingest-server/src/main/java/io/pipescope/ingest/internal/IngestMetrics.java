package io.pipescope.ingest.internal;

import io.pipescope.aggregator.metrics.BucketBounds;
import io.pipescope.aggregator.metrics.CardinalityLimit;
import io.pipescope.aggregator.metrics.CombinedMetrics;
import io.pipescope.aggregator.metrics.Counter;
import io.pipescope.aggregator.metrics.CounterFamily;
import io.pipescope.aggregator.metrics.GaugeFamily;
import io.pipescope.aggregator.metrics.HistogramFamily;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.Restorable;
import io.pipescope.aggregator.metrics.SketchHistogram;
import io.pipescope.ingest.IngestLimits;
import java.util.EnumMap;
import java.util.List;

/** pipescope's own health metrics for the ingest edge (names prefixed {@code pipescope_ingest_}). */
public final class IngestMetrics implements MetricSource, Restorable {
  /** Self-metric label sets are few and fixed; the cap only guards against a bug. */
  private static final int SELF_METRIC_SERIES_CAP = 1000;

  private final CounterFamily requests;
  private final CounterFamily spansReceived;
  private final CounterFamily spansAccepted;
  private final CounterFamily spansRejected;
  private final CounterFamily refusedRequests;
  private final CounterFamily metricPointsReceived;
  private final HistogramFamily requestDuration;
  private final GaugeFamily inflightBytes;
  private final GaugeFamily inflightRequests;
  private final GaugeFamily peakInflightBytes;
  private final GaugeFamily limits;
  private final CombinedMetrics combined;
  /** Per-transport handles looked up once: the per-request path then allocates nothing. */
  private final EnumMap<Transport, Counter> received = new EnumMap<>(Transport.class);
  private final EnumMap<Transport, Counter> accepted = new EnumMap<>(Transport.class);
  private final EnumMap<Transport, Counter> points = new EnumMap<>(Transport.class);

  public IngestMetrics(InflightLimiter limiter, IngestLimits configured) {
    requests = counter("pipescope_ingest_requests",
        "Export requests handled, by transport, signal and response code (HTTP status or gRPC code).",
        "transport", "signal", "code");
    spansReceived = counter("pipescope_ingest_spans_received",
        "Spans in requests that were decoded.", "transport");
    spansAccepted = counter("pipescope_ingest_spans_accepted",
        "Spans accepted and handed to aggregation.", "transport");
    spansRejected = counter("pipescope_ingest_spans_rejected",
        "Spans rejected one by one (partial success), by reason.", "transport", "reason");
    refusedRequests = counter("pipescope_ingest_refused_requests",
        "Whole requests refused, by the limit or check that refused them.", "transport", "reason");
    metricPointsReceived = counter("pipescope_ingest_metric_points_received",
        "OTLP metric data points received (counted; stored once the store exists).", "transport");
    requestDuration = new HistogramFamily("pipescope_ingest_request_duration_seconds",
        "Time from a request's arrival to its response.", BucketBounds.DEFAULT_DURATION_SECONDS, 2, SketchHistogram.MICROS_PER_SECOND,
        new CardinalityLimit(SELF_METRIC_SERIES_CAP), "transport", "signal");
    inflightBytes = new GaugeFamily("pipescope_ingest_inflight_bytes", "Request bytes held right now.")
        .bind(limiter::bytes);
    inflightRequests = new GaugeFamily("pipescope_ingest_inflight_requests", "Requests being handled right now.")
        .bind(limiter::requests);
    peakInflightBytes = new GaugeFamily("pipescope_ingest_inflight_bytes_peak",
        "The most request bytes held at once since start.").bind(limiter::peakBytes);
    limits = new GaugeFamily("pipescope_ingest_limit", "Configured ingest limits.", "limit")
        .bind(configured::maxRequestBytes, "max_request_bytes")
        .bind(configured::maxDecompressedBytes, "max_decompressed_bytes")
        .bind(configured::maxSpansPerRequest, "max_spans_per_request")
        .bind(configured::maxAttributesPerSpan, "max_attributes_per_span")
        .bind(configured::maxAttributeValueLength, "max_attribute_value_length")
        .bind(configured::maxInflightBytes, "max_inflight_bytes")
        .bind(configured::maxInflightRequests, "max_inflight_requests");
    for (Transport t : Transport.values()) {
      received.put(t, spansReceived.labels(t.label()));
      accepted.put(t, spansAccepted.labels(t.label()));
      points.put(t, metricPointsReceived.labels(t.label()));
    }
    combined = CombinedMetrics.of(requests, spansReceived, spansAccepted, spansRejected, refusedRequests, metricPointsReceived,
        requestDuration, inflightBytes, inflightRequests, peakInflightBytes, limits);
  }

  private static CounterFamily counter(String name, String help, String... labels) {
    return new CounterFamily(name, help, new CardinalityLimit(SELF_METRIC_SERIES_CAP), labels);
  }

  public void request(Transport transport, String signal, String code, long startNanos) {
    requests.labels(transport.label(), signal, code).inc();
    requestDuration.labels(transport.label(), signal).recordNanos(System.nanoTime() - startNanos);
  }

  public Counter spansReceived(Transport transport) {
    return received.get(transport);
  }

  public Counter spansAccepted(Transport transport) {
    return accepted.get(transport);
  }

  public Counter spansRejected(Transport transport, String reason) {
    return spansRejected.labels(transport.label(), reason);
  }

  public void refused(Transport transport, Refusal refusal) {
    refusedRequests.labels(transport.label(), refusal.label()).inc();
  }

  public Counter metricPointsReceived(Transport transport) {
    return points.get(transport);
  }

  @Override
  public void restore(String sampleName, Labels labels, double value) {
    combined.restore(sampleName, labels, value);
  }

  @Override
  public void collect(MetricCollector collector) {
    combined.collect(collector);
  }
}
