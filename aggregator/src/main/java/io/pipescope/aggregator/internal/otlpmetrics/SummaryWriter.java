package io.pipescope.aggregator.internal.otlpmetrics;

import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.pipescope.aggregator.OtlpMetricsTranslator.DropReason;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/** A summary as Prometheus writes one: {@code _sum}, {@code _count}, and one series per {@code quantile}. */
final class SummaryWriter implements MetricWriter {
  private static final String QUANTILE = "quantile";

  @Override
  public MetricKind kind(Metric metric) {
    return MetricKind.SUMMARY;
  }

  @Override
  public int pointCount(Metric metric) {
    return metric.getSummary().getDataPointsCount();
  }

  @Override
  public void forEachTime(Metric metric, LongConsumer timeUnixNanos) {
    metric.getSummary().getDataPointsList().forEach(p -> timeUnixNanos.accept(p.getTimeUnixNano()));
  }

  @Override
  public void write(Metric metric, String family, WriteContext context) {
    SampleSink sink = context.sink();
    for (SummaryDataPoint point : metric.getSummary().getDataPointsList()) {
      TreeMap<String, String> labels = PointLabels.of(point.getAttributesList(), context.resource());
      if (labels == null) {
        context.counts().dropped(DropReason.INVALID_LABEL_NAME, 1);
        continue;
      }
      long millis = MetricWriter.millis(point.getTimeUnixNano());
      boolean stale = MetricWriter.noRecordedValue(point.getFlags());
      sink.append(PointLabels.series(labels, family + "_sum"), millis, stale ? SampleSink.STALE_NAN : point.getSum());
      sink.append(PointLabels.series(labels, family + "_count"), millis,
          stale ? SampleSink.STALE_NAN : MetricWriter.unsignedCount(point.getCount()));
      for (SummaryDataPoint.ValueAtQuantile quantile : point.getQuantileValuesList()) {
        sink.append(PointLabels.series(labels, family, QUANTILE, GoFloatFormat.plain(quantile.getQuantile())), millis,
            stale ? SampleSink.STALE_NAN : quantile.getValue());
      }
      context.counts().translated();
    }
  }
}
