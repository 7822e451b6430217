package io.pipescope.aggregator.internal.otlpmetrics;

import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.pipescope.aggregator.OtlpMetricsTranslator.DropReason;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/** A gauge: one sample per point, in the series named after the metric. */
final class GaugeWriter implements MetricWriter {
  @Override
  public MetricKind kind(Metric metric) {
    return MetricKind.GAUGE;
  }

  @Override
  public int pointCount(Metric metric) {
    return metric.getGauge().getDataPointsCount();
  }

  @Override
  public void forEachTime(Metric metric, LongConsumer timeUnixNanos) {
    metric.getGauge().getDataPointsList().forEach(p -> timeUnixNanos.accept(p.getTimeUnixNano()));
  }

  @Override
  public void write(Metric metric, String family, WriteContext context) {
    writeAsIs(metric.getGauge().getDataPointsList(), family, context);
  }

  /** Each point's value as the sample (gauges, cumulative sums). */
  static void writeAsIs(List<NumberDataPoint> points, String family, WriteContext context) {
    for (NumberDataPoint point : points) {
      TreeMap<String, String> labels = PointLabels.of(point.getAttributesList(), context.resource());
      if (labels == null) {
        context.counts().dropped(DropReason.INVALID_LABEL_NAME, 1);
        continue;
      }
      double value = MetricWriter.noRecordedValue(point.getFlags()) ? SampleSink.STALE_NAN : value(point);
      context.sink().append(PointLabels.series(labels, family), MetricWriter.millis(point.getTimeUnixNano()), value);
      context.counts().translated();
    }
  }

  /** The point's number; a point with neither an int nor a double counts as 0, as in Prometheus. */
  static double value(NumberDataPoint point) {
    return switch (point.getValueCase()) {
      case AS_DOUBLE -> point.getAsDouble();
      case AS_INT -> point.getAsInt();
      default -> 0;
    };
  }
}
