package io.pipescope.aggregator.internal.otlpmetrics;

import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.pipescope.aggregator.OtlpMetricsTranslator.DropReason;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * An explicit-bucket histogram as a classic Prometheus histogram: {@code _sum} (when the point has
 * one), {@code _count}, and {@code _bucket} series with cumulative counts per {@code le} bound
 * plus {@code le="+Inf"} (the count). Delta points are first added to their series' running
 * histogram.
 */
final class HistogramWriter implements MetricWriter {
  private static final String LE = "le";

  @Override
  public MetricKind kind(Metric metric) {
    return MetricKind.HISTOGRAM;
  }

  @Override
  public int pointCount(Metric metric) {
    return metric.getHistogram().getDataPointsCount();
  }

  @Override
  public void forEachTime(Metric metric, LongConsumer timeUnixNanos) {
    metric.getHistogram().getDataPointsList().forEach(p -> timeUnixNanos.accept(p.getTimeUnixNano()));
  }

  @Override
  public void write(Metric metric, String family, WriteContext context) {
    Histogram histogram = metric.getHistogram();
    AggregationTemporality temporality = histogram.getAggregationTemporality();
    if (temporality != AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE
        && temporality != AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA) {
      context.counts().dropped(DropReason.INVALID_TEMPORALITY, histogram.getDataPointsCount());
      return;
    }
    boolean delta = temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
    for (HistogramDataPoint point : histogram.getDataPointsList()) {
      TreeMap<String, String> labels = PointLabels.of(point.getAttributesList(), context.resource());
      if (labels == null) {
        context.counts().dropped(DropReason.INVALID_LABEL_NAME, 1);
        continue;
      }
      if (!delta || MetricWriter.noRecordedValue(point.getFlags())) {
        writePoint(labels, family, point, context);
        continue;
      }
      DeltaToCumulative.RunningHistogram running =
          context.deltas().addHistogram(PointLabels.series(labels, family), point, context.counts());
      if (running != null) {
        writeSeries(labels, family, MetricWriter.millis(point.getTimeUnixNano()), false, running.count(),
            running.hasSum(), running.sum(), running.bounds(), running.bucketCounts(), context);
      }
    }
  }

  private static void writePoint(TreeMap<String, String> labels, String family, HistogramDataPoint point,
      WriteContext context) {
    writeSeries(labels, family, MetricWriter.millis(point.getTimeUnixNano()),
        MetricWriter.noRecordedValue(point.getFlags()), point.getCount(), point.hasSum(), point.getSum(),
        point.getExplicitBoundsList().stream().mapToDouble(Double::doubleValue).toArray(),
        point.getBucketCountsList().stream().mapToLong(Long::longValue).toArray(), context);
  }

  private static void writeSeries(TreeMap<String, String> labels, String family, long millis, boolean stale,
      long count, boolean hasSum, double sum, double[] bounds, long[] bucketCounts, WriteContext context) {
    SampleSink sink = context.sink();
    if (hasSum) {
      sink.append(PointLabels.series(labels, family + "_sum"), millis, stale ? SampleSink.STALE_NAN : sum);
    }
    sink.append(PointLabels.series(labels, family + "_count"), millis,
        stale ? SampleSink.STALE_NAN : MetricWriter.unsignedCount(count));
    String bucket = family + "_bucket";
    long cumulative = 0;
    // There should be one more count than bounds; like Prometheus, pair them up and trust count for +Inf.
    for (int i = 0; i < bounds.length && i < bucketCounts.length; i++) {
      cumulative += bucketCounts[i];
      sink.append(PointLabels.series(labels, bucket, LE, GoFloatFormat.plain(bounds[i])), millis,
          stale ? SampleSink.STALE_NAN : MetricWriter.unsignedCount(cumulative));
    }
    sink.append(PointLabels.series(labels, bucket, LE, "+Inf"), millis,
        stale ? SampleSink.STALE_NAN : MetricWriter.unsignedCount(count));
    context.counts().translated();
  }
}
