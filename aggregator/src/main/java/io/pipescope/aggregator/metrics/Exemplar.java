package io.pipescope.aggregator.metrics;

import com.google.protobuf.ByteString;
import java.util.HexFormat;

/**
 * One observation of a histogram bucket with the trace it came from, so a dashboard can open the
 * trace behind a bucket (OpenMetrics exemplars, Prometheus's exemplar storage). The ids are kept as
 * the span's own bytes; they become hex labels only when read.
 *
 * @param timestampMillis when the observation ended (the span's end)
 */
public record Exemplar(ByteString traceId, ByteString spanId, double value, long timestampMillis) {
  /** {@code trace_id} and {@code span_id} in hex, the label names Grafana and OpenTelemetry use. */
  public Labels labels() {
    HexFormat hex = HexFormat.of();
    return spanId.isEmpty()
        ? Labels.of("trace_id", hex.formatHex(traceId.toByteArray()))
        : Labels.of("span_id", hex.formatHex(spanId.toByteArray()), "trace_id", hex.formatHex(traceId.toByteArray()));
  }
}
