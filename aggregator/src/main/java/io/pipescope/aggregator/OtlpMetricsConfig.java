package io.pipescope.aggregator;

import java.time.Duration;
import java.util.List;

/**
 * How OTLP metrics become Prometheus series (Prometheus's {@code otlp:} settings, plus pipescope's
 * delta conversion).
 *
 * @param promoteResourceAttributes resource attributes added as labels to every series of the
 *     resource (Prometheus's {@code promote_resource_attributes}), e.g. {@code k8s.namespace.name}
 * @param keepIdentifyingResourceAttributes also put {@code service.name}, {@code service.namespace}
 *     and {@code service.instance.id} on target_info, not only as job/instance
 * @param maxDeltaSeries delta sums and histograms whose running totals are kept; points of a new
 *     series beyond it are dropped ({@code 0}: drop every delta point, as Prometheus 3 does)
 * @param deltaSeriesIdleTimeout a delta series not updated for this long may be forgotten when the
 *     table is full (it starts from zero if it comes back)
 * @param lookbackDelta the query engine's lookback delta; target_info gets a sample every half of it
 */
public record OtlpMetricsConfig(
    List<String> promoteResourceAttributes,
    boolean keepIdentifyingResourceAttributes,
    int maxDeltaSeries,
    Duration deltaSeriesIdleTimeout,
    Duration lookbackDelta) {

  public static final OtlpMetricsConfig DEFAULTS =
      new OtlpMetricsConfig(List.of(), false, 50_000, Duration.ofMinutes(10), Duration.ofMinutes(5));

  public OtlpMetricsConfig {
    promoteResourceAttributes = List.copyOf(promoteResourceAttributes);
    for (String attribute : promoteResourceAttributes) {
      if (attribute.isBlank()) {
        throw new IllegalArgumentException("promote_resource_attributes: an attribute name may not be blank");
      }
    }
    if (maxDeltaSeries < 0) {
      throw new IllegalArgumentException("max_delta_series must be 0 or more, got " + maxDeltaSeries);
    }
    positive("delta_series_idle_timeout", deltaSeriesIdleTimeout);
    positive("lookback_delta", lookbackDelta);
  }

  /** The defaults with these resource attributes promoted to labels. */
  public static OtlpMetricsConfig promoting(String... resourceAttributes) {
    return new OtlpMetricsConfig(List.of(resourceAttributes), DEFAULTS.keepIdentifyingResourceAttributes,
        DEFAULTS.maxDeltaSeries, DEFAULTS.deltaSeriesIdleTimeout, DEFAULTS.lookbackDelta);
  }

  private static void positive(String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, got " + value);
    }
  }
}
