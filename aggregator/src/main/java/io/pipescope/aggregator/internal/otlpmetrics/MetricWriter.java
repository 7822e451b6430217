package io.pipescope.aggregator.internal.otlpmetrics;

import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.function.LongConsumer;

/** Writes the points of one kind of OTLP metric (gauge, sum, ...) as Prometheus samples. */
interface MetricWriter {
  /** The kind that decides the metric's name suffixes. */
  MetricKind kind(Metric metric);

  int pointCount(Metric metric);

  /** Passes each point's time (unix nanos), for the span the resource's target_info covers. */
  void forEachTime(Metric metric, LongConsumer timeUnixNanos);

  /** Appends the metric's points under the family name {@code family}. */
  void write(Metric metric, String family, WriteContext context);

  /** Unix nanos to millis, as Prometheus does (signed division). */
  static long millis(long unixNanos) {
    return unixNanos / 1_000_000;
  }

  /** The point says it has no value (the stream ended or is absent): write a staleness marker. */
  static boolean noRecordedValue(int flags) {
    return (flags & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0;
  }

  /** An OTLP count is a uint64. */
  static double unsignedCount(long count) {
    return count >= 0 ? count : ((count >>> 1) | (count & 1)) * 2.0;
  }
}
