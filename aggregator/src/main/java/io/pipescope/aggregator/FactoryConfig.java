package io.pipescope.aggregator;

import io.pipescope.aggregator.internal.factory.FactField;
import io.pipescope.aggregator.internal.factory.StageKind;
import io.pipescope.aggregator.metrics.BucketBounds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How the factory aggregator reads spans and what it keeps. Everything a team may need to change
 * without code: aliases for each attribute, span attributes turned into extra labels, the metric
 * namespace, which stage names mean deploy or health check, and the limits.
 *
 * @param namespace prefix of every factory metric name ({@code ""}: {@code checker_runs_total};
 *     {@code "factory"}: {@code factory_checker_runs_total})
 * @param extraAliases more attribute names per fact, keyed by the fact's config key
 *     ({@code checker_name}, {@code result}, ...); tried after the defaults
 * @param extraLabels label name to span attribute, added to the per-checker metrics
 * @param stageNames per stage kind ({@code deploy}, {@code health_check}, {@code code_generation},
 *     {@code security_scan}), checker names that mean that kind
 * @param maxSeriesPerMetric series per metric before samples go to the overflow series
 * @param maxLabelValueLength label values are cut to this length
 * @param maxFeaturesInFlight traces assembled at once; past it the least recently updated is closed early
 * @param featureIdleTimeout a feature with no new span for this long is closed
 */
public record FactoryConfig(
    String namespace,
    Map<String, List<String>> extraAliases,
    Map<String, String> extraLabels,
    Map<String, List<String>> stageNames,
    int maxSeriesPerMetric,
    int maxLabelValueLength,
    int maxFeaturesInFlight,
    Duration featureIdleTimeout,
    int significantDigits,
    double[] durationBuckets,
    double[] leadTimeBuckets,
    double[] tokenBuckets,
    double[] timeToRestoreBuckets) {

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern NAMESPACE = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)?");
  /** Labels the per-checker metrics already have (and a histogram's le): an extra label may not reuse them. */
  private static final List<String> RESERVED_LABELS =
      List.of("checker_name", "status", "feature_type", "pipeline", "le", "otel_metric_overflow");

  public static final double[] DEFAULT_LEAD_TIME_SECONDS = {
    10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 604800
  };
  public static final double[] DEFAULT_TOKEN_BUCKETS = {
    100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000
  };
  public static final double[] DEFAULT_TIME_TO_RESTORE_SECONDS = {
    1, 10, 30, 60, 300, 600, 1800, 3600, 7200, 14400, 43200, 86400, 604800
  };

  public static Map<String, List<String>> defaultStageNames() {
    Map<String, List<String>> names = new LinkedHashMap<>();
    names.put(StageKind.CODE_GENERATION.configName(), List.of("code_generation", "codegen", "llm_code_generation"));
    names.put(StageKind.SECURITY_SCAN.configName(), List.of("security_scan", "security", "sast"));
    names.put(StageKind.DEPLOY.configName(), List.of("deploy", "deployment", "release"));
    names.put(StageKind.HEALTH_CHECK.configName(), List.of("health_check", "healthcheck", "health", "smoke_test"));
    return names;
  }

  public static final FactoryConfig DEFAULTS = new FactoryConfig("", Map.of(), Map.of(), defaultStageNames(),
      2000, 128, 10_000, Duration.ofMinutes(10), 2, BucketBounds.DEFAULT_DURATION_SECONDS,
      DEFAULT_LEAD_TIME_SECONDS, DEFAULT_TOKEN_BUCKETS, DEFAULT_TIME_TO_RESTORE_SECONDS);

  public FactoryConfig {
    if (!NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException("namespace must be a metric name prefix ([a-zA-Z_][a-zA-Z0-9_]*), got '"
          + namespace + "'");
    }
    List<String> known = new ArrayList<>();
    for (FactField f : FactField.values()) {
      known.add(f.configKey());
    }
    for (String key : extraAliases.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("attributes." + key + " is not a known fact; known: " + known);
      }
    }
    for (String label : extraLabels.keySet()) {
      if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
        throw new IllegalArgumentException("extra_labels: '" + label + "' is not a valid label name");
      }
      if (RESERVED_LABELS.contains(label)) {
        throw new IllegalArgumentException("extra_labels: '" + label + "' is already a label of the checker"
            + " metrics; reserved: " + RESERVED_LABELS);
      }
    }
    for (String kind : stageNames.keySet()) {
      if (StageKind.ofConfigName(kind) == null || StageKind.ofConfigName(kind) == StageKind.CHECK) {
        throw new IllegalArgumentException("stage_names." + kind + " is not a stage kind; use code_generation,"
            + " security_scan, deploy or health_check");
      }
    }
    positive("max_series_per_metric", maxSeriesPerMetric);
    positive("max_label_value_length", maxLabelValueLength);
    positive("max_features_in_flight", maxFeaturesInFlight);
    if (featureIdleTimeout.isNegative() || featureIdleTimeout.isZero()) {
      throw new IllegalArgumentException("feature_idle_timeout must be positive, got " + featureIdleTimeout);
    }
    if (significantDigits < 1 || significantDigits > 5) {
      throw new IllegalArgumentException("significant_digits must be 1..5, got " + significantDigits);
    }
    extraAliases = Map.copyOf(extraAliases);
    extraLabels = Map.copyOf(extraLabels);
    stageNames = Map.copyOf(stageNames);
    durationBuckets = BucketBounds.validated(durationBuckets);
    leadTimeBuckets = BucketBounds.validated(leadTimeBuckets);
    tokenBuckets = BucketBounds.validated(tokenBuckets);
    timeToRestoreBuckets = BucketBounds.validated(timeToRestoreBuckets);
  }

  /** The metric name with the namespace prefix. */
  public String metricName(String base) {
    return namespace.isEmpty() ? base : namespace + "_" + base;
  }

  /** All attribute names for a fact: the defaults, then the configured aliases. */
  public List<String> attributesFor(FactField field) {
    List<String> all = new ArrayList<>(field.defaultAttributes());
    all.addAll(extraAliases.getOrDefault(field.configKey(), List.of()));
    return all;
  }

  private static void positive(String key, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive, got " + value);
    }
  }

  @Override
  public String toString() {
    return "FactoryConfig[namespace=" + namespace + ", extraAliases=" + extraAliases + ", extraLabels=" + extraLabels
        + ", stageNames=" + stageNames + ", maxSeriesPerMetric=" + maxSeriesPerMetric + ", maxFeaturesInFlight="
        + maxFeaturesInFlight + ", featureIdleTimeout=" + featureIdleTimeout + ", durationBuckets="
        + Arrays.toString(durationBuckets) + "]";
  }
}
