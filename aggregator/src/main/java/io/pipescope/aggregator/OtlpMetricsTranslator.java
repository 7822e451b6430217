package io.pipescope.aggregator;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.pipescope.aggregator.internal.otlpmetrics.MetricsRequestWriter;
import io.pipescope.aggregator.storage.Appendable;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.aggregator.storage.SampleRejectedException;
import java.io.IOException;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Translates OTLP metrics into Prometheus series exactly as Prometheus 3's OTLP receiver does with
 * its default {@code UnderscoreEscapingWithSuffixes} strategy: names with unit and type suffixes,
 * sanitised labels, job/instance and target_info from the resource, histograms and summaries as
 * their classic series, NO_RECORDED_VALUE as a staleness marker. Two differences: DELTA sums and
 * histograms, which Prometheus refuses by default, are accumulated into cumulative series; and
 * exponential histograms are counted as unsupported until the store holds native histograms.
 *
 * <p>Thread-safe: requests may be translated concurrently; only the delta running totals are shared.
 */
public final class OtlpMetricsTranslator {
  /** Why points were left out, besides the store refusing their samples. */
  public enum DropReason {
    /** Nothing valid was left of the metric's name. */
    INVALID_METRIC_NAME,
    /** An attribute key sanitised to an empty or all-underscore label name. */
    INVALID_LABEL_NAME,
    /** A sum or histogram with temporality UNSPECIFIED. */
    INVALID_TEMPORALITY,
    /** A delta point not after its series' last point (a duplicate or retry); its delta was counted once. */
    DELTA_OUT_OF_ORDER,
    /** A new delta series found the running-total table full. */
    DELTA_SERIES_LIMIT
  }

  /**
   * What one request became.
   *
   * @param pointsTranslated OTLP data points written as samples (a histogram point is one point)
   * @param samplesAppended samples the store took
   * @param series distinct series that took at least one sample, target_info included
   * @param samplesRejected samples the store refused, by reason; the others were kept
   * @param pointsDropped points left out before reaching the store, by reason
   * @param unsupportedPoints points of types not translated yet, by OTLP type (e.g. {@code exponential_histogram})
   */
  public record Result(
      long pointsTranslated,
      long samplesAppended,
      int series,
      Map<SampleRejectedException.Reason, Long> samplesRejected,
      Map<DropReason, Long> pointsDropped,
      Map<String, Long> unsupportedPoints) {

    public Result {
      samplesRejected = Map.copyOf(samplesRejected);
      pointsDropped = Map.copyOf(pointsDropped);
      unsupportedPoints = Map.copyOf(unsupportedPoints);
    }

    public long rejected(SampleRejectedException.Reason reason) {
      return samplesRejected.getOrDefault(reason, 0L);
    }

    public long dropped(DropReason reason) {
      return pointsDropped.getOrDefault(reason, 0L);
    }

    public long unsupported(String otlpType) {
      return unsupportedPoints.getOrDefault(otlpType, 0L);
    }
  }

  private final MetricsRequestWriter writer;

  public OtlpMetricsTranslator(OtlpMetricsConfig config) {
    this(config, System::nanoTime);
  }

  /** With the clock that times delta series out, for tests. */
  OtlpMetricsTranslator(OtlpMetricsConfig config, LongSupplier nanoClock) {
    this.writer = new MetricsRequestWriter(config, nanoClock);
  }

  /**
   * Appends every point of the request through one appender and commits it. Samples the store
   * refuses are counted in the result and the rest kept.
   *
   * @throws IOException when the commit fails; nothing of the request is then visible
   */
  public Result translate(ExportMetricsServiceRequest request, Appendable into) throws IOException {
    Appender appender = into.appender();
    Result result;
    try {
      result = writer.write(request, appender);
    } catch (RuntimeException e) {
      appender.rollback();
      throw e;
    }
    appender.commit();
    return result;
  }

  /** Delta series whose running totals are kept now. */
  public int deltaSeries() {
    return writer.deltaSeries();
  }
}
