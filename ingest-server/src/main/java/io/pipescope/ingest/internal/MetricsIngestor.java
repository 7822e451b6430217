package io.pipescope.ingest.internal;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.pipescope.aggregator.OtlpMetricsTranslator;
import io.pipescope.aggregator.storage.Appendable;
import java.io.IOException;
import java.util.Map;

/**
 * What both transports do with a decoded metrics export: count its points and, when there is a
 * store, translate them into Prometheus series and store them before answering. Points that could
 * not be stored are reported as OTLP partial success, the rest kept.
 */
public final class MetricsIngestor {
  private static final ExportMetricsServiceResponse ALL_ACCEPTED = ExportMetricsServiceResponse.getDefaultInstance();

  private final IngestMetrics metrics;
  private final OtlpMetricsTranslator translator;
  private final Appendable samples;

  /** {@code translator} and {@code samples} are both null when metrics are only counted. */
  public MetricsIngestor(IngestMetrics metrics, OtlpMetricsTranslator translator, Appendable samples) {
    this.metrics = metrics;
    this.translator = translator;
    this.samples = samples;
  }

  public ExportMetricsServiceResponse ingest(ExportMetricsServiceRequest request, Transport transport)
      throws RefusedException {
    metrics.metricPointsReceived(transport).add(MetricPointCounter.count(request));
    if (translator == null) {
      return ALL_ACCEPTED;
    }
    OtlpMetricsTranslator.Result result;
    try {
      result = translator.translate(request, samples);
    } catch (IOException e) {
      throw new RefusedException(Refusal.STORAGE_FAILURE, "pipescope could not store the points: " + e.getMessage()
          + "; retry later");
    }
    long notStored = sum(result.pointsDropped()) + sum(result.unsupportedPoints());
    long refused = sum(result.samplesRejected());
    if (notStored + refused == 0) {
      return ALL_ACCEPTED;
    }
    StringBuilder message = new StringBuilder();
    result.pointsDropped().forEach((reason, n) -> message.append(n).append(" points dropped: ").append(reason).append("; "));
    result.unsupportedPoints().forEach((type, n) -> message.append(n).append(" ").append(type)
        .append(" points are not stored yet; "));
    result.samplesRejected().forEach((reason, n) -> message.append(n).append(" samples refused: ")
        .append(reason.label()).append("; "));
    return ExportMetricsServiceResponse.newBuilder()
        .setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
            // A refused sample is counted as a refused point: an upper bound, as a histogram point is many samples.
            .setRejectedDataPoints(notStored + refused)
            .setErrorMessage(message.substring(0, message.length() - 2)))
        .build();
  }

  private static <K> long sum(Map<K, Long> counts) {
    long total = 0;
    for (long n : counts.values()) {
      total += n;
    }
    return total;
  }
}
