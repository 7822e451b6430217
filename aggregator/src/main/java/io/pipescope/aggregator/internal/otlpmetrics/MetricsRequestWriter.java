package io.pipescope.aggregator.internal.otlpmetrics;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.pipescope.aggregator.OtlpMetricsConfig;
import io.pipescope.aggregator.OtlpMetricsTranslator.DropReason;
import io.pipescope.aggregator.OtlpMetricsTranslator.Result;
import io.pipescope.aggregator.storage.Appender;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Writes the points of an OTLP metrics request into an appender, resource by resource: each
 * metric is named, handed to the writer for its type, and each resource gets its target_info.
 * Holds the delta running totals across requests; a request's own state lives in its call.
 */
public final class MetricsRequestWriter {
  /** A new metric type is one writer and one entry here. */
  private static final Map<Metric.DataCase, MetricWriter> WRITERS = new EnumMap<>(Map.of(
      Metric.DataCase.GAUGE, new GaugeWriter(),
      Metric.DataCase.SUM, new SumWriter(),
      Metric.DataCase.HISTOGRAM, new HistogramWriter(),
      Metric.DataCase.SUMMARY, new SummaryWriter(),
      Metric.DataCase.EXPONENTIAL_HISTOGRAM, new ExponentialHistogramWriter()));

  private final Set<String> promotedAttributes;
  private final boolean keepIdentifyingAttributes;
  private final long targetInfoIntervalNanos;
  private final DeltaToCumulative deltas;

  public MetricsRequestWriter(OtlpMetricsConfig config, LongSupplier nanoClock) {
    this.promotedAttributes = Set.copyOf(config.promoteResourceAttributes());
    this.keepIdentifyingAttributes = config.keepIdentifyingResourceAttributes();
    // Half the lookback delta, as Prometheus: a query anywhere in the span finds a sample.
    this.targetInfoIntervalNanos = config.lookbackDelta().toNanos() / 2;
    this.deltas = new DeltaToCumulative(
        config.maxDeltaSeries(), config.deltaSeriesIdleTimeout().toNanos(), nanoClock);
  }

  /** Delta series whose running totals are kept now. */
  public int deltaSeries() {
    return deltas.size();
  }

  /** Appends every point of the request; the caller commits or rolls back. */
  public Result write(ExportMetricsServiceRequest request, Appender appender) {
    SampleSink sink = new SampleSink(appender);
    RequestCounts counts = new RequestCounts();
    TargetInfo targetInfo = new TargetInfo(keepIdentifyingAttributes, targetInfoIntervalNanos);
    for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
      ResourceLabels resource = ResourceLabels.of(resourceMetrics.getResource(), promotedAttributes);
      WriteContext context = new WriteContext(resource, sink, counts, deltas);
      TimeSpan span = new TimeSpan();
      for (ScopeMetrics scope : resourceMetrics.getScopeMetricsList()) {
        for (Metric metric : scope.getMetricsList()) {
          writeMetric(metric, context, span);
        }
      }
      if (!span.isEmpty()) {
        targetInfo.write(resourceMetrics.getResource(), resource, span.earliest, span.latest, sink);
      }
    }
    return counts.result(sink.appended(), sink.series(), sink.rejected());
  }

  private static void writeMetric(Metric metric, WriteContext context, TimeSpan span) {
    MetricWriter writer = WRITERS.get(metric.getDataCase());
    if (writer == null || writer.pointCount(metric) == 0) {
      return; // no data: nothing to write, as Prometheus drops empty metrics
    }
    writer.forEachTime(metric, span::include);
    String family = MetricNamer.build(metric.getName(), metric.getUnit(), writer.kind(metric));
    if (family == null) {
      context.counts().dropped(DropReason.INVALID_METRIC_NAME, writer.pointCount(metric));
      return;
    }
    writer.write(metric, family, context);
  }

  /** Earliest and latest point time of a resource (unsigned, as OTLP's fixed64). */
  private static final class TimeSpan {
    long earliest = -1L; // the largest unsigned value
    long latest;

    void include(long timeUnixNanos) {
      if (Long.compareUnsigned(timeUnixNanos, earliest) < 0) {
        earliest = timeUnixNanos;
      }
      if (Long.compareUnsigned(timeUnixNanos, latest) > 0) {
        latest = timeUnixNanos;
      }
    }

    boolean isEmpty() {
      return earliest == -1L;
    }
  }
}
