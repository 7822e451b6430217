package io.pipescope.aggregator.internal.otlpmetrics;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;

/** Short builders of OTLP metrics requests for tests. */
public final class OtlpMetrics {
  public static final AggregationTemporality CUMULATIVE = AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
  public static final AggregationTemporality DELTA = AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;

  private OtlpMetrics() {}

  public static KeyValue attr(String key, String value) {
    return attr(key, AnyValue.newBuilder().setStringValue(value).build());
  }

  public static KeyValue attr(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  /** Attributes from alternating keys and string values. */
  public static List<KeyValue> attrs(String... keysAndValues) {
    List<KeyValue> attributes = new ArrayList<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      attributes.add(attr(keysAndValues[i], keysAndValues[i + 1]));
    }
    return attributes;
  }

  public static Resource resource(String... keysAndValues) {
    return Resource.newBuilder().addAllAttributes(attrs(keysAndValues)).build();
  }

  public static ExportMetricsServiceRequest request(ResourceMetrics... resources) {
    return ExportMetricsServiceRequest.newBuilder().addAllResourceMetrics(List.of(resources)).build();
  }

  public static ResourceMetrics resourceMetrics(Resource resource, Metric... metrics) {
    return ResourceMetrics.newBuilder()
        .setResource(resource)
        .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics)))
        .build();
  }

  public static NumberDataPoint point(long timeNanos, double value, String... keysAndValues) {
    return NumberDataPoint.newBuilder()
        .setTimeUnixNano(timeNanos)
        .setAsDouble(value)
        .addAllAttributes(attrs(keysAndValues))
        .build();
  }

  public static Metric gauge(String name, String unit, NumberDataPoint... points) {
    return Metric.newBuilder().setName(name).setUnit(unit)
        .setGauge(Gauge.newBuilder().addAllDataPoints(List.of(points)))
        .build();
  }

  public static Metric sum(String name, String unit, boolean monotonic, AggregationTemporality temporality,
      NumberDataPoint... points) {
    return Metric.newBuilder().setName(name).setUnit(unit)
        .setSum(Sum.newBuilder()
            .setIsMonotonic(monotonic)
            .setAggregationTemporality(temporality)
            .addAllDataPoints(List.of(points)))
        .build();
  }

  /** A histogram point with a sum; {@code counts} has one more entry than {@code bounds}. */
  public static HistogramDataPoint histogramPoint(long timeNanos, double sum, double[] bounds, long[] counts,
      String... keysAndValues) {
    HistogramDataPoint.Builder point = HistogramDataPoint.newBuilder()
        .setTimeUnixNano(timeNanos)
        .setSum(sum)
        .addAllAttributes(attrs(keysAndValues));
    long count = 0;
    for (long c : counts) {
      point.addBucketCounts(c);
      count += c;
    }
    for (double b : bounds) {
      point.addExplicitBounds(b);
    }
    return point.setCount(count).build();
  }

  public static Metric histogram(String name, String unit, AggregationTemporality temporality,
      HistogramDataPoint... points) {
    return Metric.newBuilder().setName(name).setUnit(unit)
        .setHistogram(Histogram.newBuilder()
            .setAggregationTemporality(temporality)
            .addAllDataPoints(List.of(points)))
        .build();
  }
}
