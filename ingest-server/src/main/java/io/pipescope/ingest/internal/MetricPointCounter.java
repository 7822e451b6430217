package io.pipescope.ingest.internal;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

/** Counts the data points of an OTLP metrics export, whatever their metric type. */
final class MetricPointCounter {
  private MetricPointCounter() {}

  static long count(ExportMetricsServiceRequest request) {
    long n = 0;
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          n += switch (m.getDataCase()) {
            case GAUGE -> m.getGauge().getDataPointsCount();
            case SUM -> m.getSum().getDataPointsCount();
            case HISTOGRAM -> m.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> m.getSummary().getDataPointsCount();
            case DATA_NOT_SET -> 0;
          };
        }
      }
    }
    return n;
  }
}
