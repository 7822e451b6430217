package io.pipescope.aggregator.internal.otlpmetrics;

import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.function.LongConsumer;

/**
 * Exponential histograms become native histograms in Prometheus, which pipescope's store does not
 * hold yet: their points are counted as unsupported, and still stretch target_info's span as in
 * Prometheus.
 */
final class ExponentialHistogramWriter implements MetricWriter {
  static final String TYPE = "exponential_histogram";

  @Override
  public MetricKind kind(Metric metric) {
    return MetricKind.EXPONENTIAL_HISTOGRAM;
  }

  @Override
  public int pointCount(Metric metric) {
    return metric.getExponentialHistogram().getDataPointsCount();
  }

  @Override
  public void forEachTime(Metric metric, LongConsumer timeUnixNanos) {
    metric.getExponentialHistogram().getDataPointsList().forEach(p -> timeUnixNanos.accept(p.getTimeUnixNano()));
  }

  @Override
  public void write(Metric metric, String family, WriteContext context) {
    context.counts().unsupported(TYPE, pointCount(metric));
  }
}
