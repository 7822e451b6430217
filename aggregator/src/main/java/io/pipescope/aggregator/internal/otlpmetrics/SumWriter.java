package io.pipescope.aggregator.internal.otlpmetrics;

import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.pipescope.aggregator.OtlpMetricsTranslator.DropReason;
import io.pipescope.aggregator.metrics.Labels;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * A sum: monotonic ones are counters ({@code _total}), the others gauges. Cumulative points are
 * written as they are; delta points as the running total of their series.
 */
final class SumWriter implements MetricWriter {
  @Override
  public MetricKind kind(Metric metric) {
    return metric.getSum().getIsMonotonic() ? MetricKind.MONOTONIC_COUNTER : MetricKind.NON_MONOTONIC_COUNTER;
  }

  @Override
  public int pointCount(Metric metric) {
    return metric.getSum().getDataPointsCount();
  }

  @Override
  public void forEachTime(Metric metric, LongConsumer timeUnixNanos) {
    metric.getSum().getDataPointsList().forEach(p -> timeUnixNanos.accept(p.getTimeUnixNano()));
  }

  @Override
  public void write(Metric metric, String family, WriteContext context) {
    Sum sum = metric.getSum();
    switch (sum.getAggregationTemporality()) {
      case AGGREGATION_TEMPORALITY_CUMULATIVE -> GaugeWriter.writeAsIs(sum.getDataPointsList(), family, context);
      case AGGREGATION_TEMPORALITY_DELTA -> writeRunningTotals(sum, family, context);
      default -> context.counts().dropped(DropReason.INVALID_TEMPORALITY, sum.getDataPointsCount());
    }
  }

  private static void writeRunningTotals(Sum sum, String family, WriteContext context) {
    for (NumberDataPoint point : sum.getDataPointsList()) {
      TreeMap<String, String> labels = PointLabels.of(point.getAttributesList(), context.resource());
      if (labels == null) {
        context.counts().dropped(DropReason.INVALID_LABEL_NAME, 1);
        continue;
      }
      Labels series = PointLabels.series(labels, family);
      long millis = MetricWriter.millis(point.getTimeUnixNano());
      if (MetricWriter.noRecordedValue(point.getFlags())) {
        context.sink().append(series, millis, SampleSink.STALE_NAN);
        context.counts().translated();
        continue;
      }
      DeltaToCumulative.RunningSum total =
          context.deltas().addSum(series, point.getTimeUnixNano(), GaugeWriter.value(point), context.counts());
      if (total != null) {
        context.sink().append(series, millis, total.total());
        context.counts().translated();
      }
    }
  }
}
