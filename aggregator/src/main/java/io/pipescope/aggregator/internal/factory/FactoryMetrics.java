package io.pipescope.aggregator.internal.factory;

import com.google.protobuf.ByteString;

import io.pipescope.aggregator.FactoryConfig;
import io.pipescope.aggregator.metrics.CardinalityLimit;
import io.pipescope.aggregator.metrics.Counter;
import io.pipescope.aggregator.metrics.CounterFamily;
import io.pipescope.aggregator.metrics.GaugeFamily;
import io.pipescope.aggregator.metrics.HistogramFamily;
import io.pipescope.aggregator.metrics.LabelKey;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.MetricType;
import io.pipescope.aggregator.metrics.Restorable;
import io.pipescope.aggregator.metrics.SketchHistogram;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The factory metric families: names, help and labels are a public contract, documented in
 * docs/metrics.md. One table of families; recording methods take reused probe keys.
 */
final class FactoryMetrics {
  private static final double[] REWORK_STAGE_BUCKETS = {0, 1, 2, 3, 4, 5, 7, 10};
  private static final String[] SEVERITIES = {"critical", "high", "medium", "low"};
  private static final FactField[] SEVERITY_FIELDS = {
    FactField.FINDINGS_CRITICAL, FactField.FINDINGS_HIGH, FactField.FINDINGS_MEDIUM, FactField.FINDINGS_LOW
  };

  private final FactoryConfig config;
  private final Map<String, CardinalityLimit> limits = new LinkedHashMap<>();
  private final List<MetricSource> families = new ArrayList<>();

  final CounterFamily checkerRuns;
  final CounterFamily checkerFailures;
  final CounterFamily checkerRework;
  final HistogramFamily checkerDuration;
  final CounterFamily codeGenerationRequests;
  final CounterFamily codeGenerationTokens;
  final HistogramFamily codeGenerationDuration;
  final CounterFamily deployments;
  final HistogramFamily deploymentDuration;
  final CounterFamily healthChecks;
  final HistogramFamily healthCheckLatency;
  final GaugeFamily serviceUp;
  final CounterFamily securityFindings;
  final CounterFamily featuresCompleted;
  final HistogramFamily featureLeadTime;
  final HistogramFamily featureCostTokens;
  final HistogramFamily featureReworkStages;
  final CounterFamily changeFailures;
  final HistogramFamily timeToRestore;

  FactoryMetrics(FactoryConfig config, List<String> extraLabelNames) {
    this.config = config;
    String[] checkerLabels = concat(new String[] {"checker_name", "feature_type", "pipeline"}, extraLabelNames);
    String[] runLabels = concat(new String[] {"checker_name", "status", "feature_type", "pipeline"}, extraLabelNames);
    double[] seconds = config.durationBuckets();

    checkerRuns = counter("checker_runs", "Stage (checker) runs, by result.", runLabels);
    checkerFailures = counter("checker_failures", "Stage runs that failed (failure, error or timeout).", checkerLabels);
    checkerRework = counter("checker_rework",
        "Stage runs that retry an earlier run of the same checker for the same feature.", checkerLabels);
    checkerDuration = seconds("checker_duration_seconds", "Stage run durations.", seconds, checkerLabels);
    codeGenerationRequests = counter("code_generation_requests", "Code generation (LLM) calls, by model and result.",
        "model", "status");
    codeGenerationTokens = counter("code_generation_tokens", "Tokens used by code generation, by model and type"
        + " (input, output; unspecified when only a total is given).", "model", "token_type");
    codeGenerationDuration = seconds("code_generation_duration_seconds", "Code generation call durations.", seconds,
        "model");
    deployments = counter("deployments", "Deploys, by environment and result; the deployment frequency.",
        "environment", "status");
    deploymentDuration = seconds("deployment_duration_seconds", "Deploy durations.", seconds, "environment");
    healthChecks = counter("health_checks", "Health checks, by environment and result.", "environment", "status");
    healthCheckLatency = seconds("health_check_latency_seconds",
        "Latency the health check measured (latency_ms), or its span duration.", seconds, "environment");
    serviceUp = new GaugeFamily(config.metricName("service_up"),
        "1 when the latest health check of the environment passed, 0 when it failed.", "environment");
    families.add(serviceUp);
    securityFindings = counter("security_findings", "Security scan findings, by severity.", "severity");
    featuresCompleted = counter("features_completed", "Features whose pipeline ended, by type and outcome"
        + " (success, failure, abandoned).", "feature_type", "outcome");
    featureLeadTime = seconds("feature_lead_time_seconds", "Feature lead time: first span start to deployed and"
        + " healthy; rework=\"true\" when any stage needed rework.", config.leadTimeBuckets(), "feature_type", "rework");
    featureCostTokens = histogram("feature_cost_tokens", "Tokens spent per feature.", config.tokenBuckets(), 1,
        "feature_type");
    featureReworkStages = histogram("feature_rework_stages", "How many stages of a feature needed rework.",
        REWORK_STAGE_BUCKETS, 1, "feature_type");
    changeFailures = counter("change_failures", "Deploys followed by a failed health check or a rollback before"
        + " the next deploy (DORA change failures).", "environment");
    timeToRestore = seconds("time_to_restore_seconds", "From a failed health check (or rollback) to the next"
        + " passing health check (DORA time to restore).", config.timeToRestoreBuckets(), "environment");
  }

  private CounterFamily counter(String base, String help, String... labels) {
    CounterFamily f = new CounterFamily(config.metricName(base), help, limit(base), labels);
    families.add(f);
    return f;
  }

  private HistogramFamily seconds(String base, String help, double[] bounds, String... labels) {
    return histogram(base, help, bounds, SketchHistogram.MICROS_PER_SECOND, labels);
  }

  private HistogramFamily histogram(String base, String help, double[] bounds, double unitsPerValue,
      String... labels) {
    // Every factory histogram keeps a trace per bucket: a dashboard's slow bucket opens its feature.
    HistogramFamily f = new HistogramFamily(config.metricName(base), help, bounds, config.significantDigits(),
        unitsPerValue, true, limit(base), labels);
    families.add(f);
    return f;
  }

  private CardinalityLimit limit(String base) {
    CardinalityLimit l = new CardinalityLimit(config.maxSeriesPerMetric());
    limits.put(config.metricName(base), l);
    return l;
  }

  /** Offers a stored sample to every family that can continue from it. */
  void restore(String sampleName, Labels labels, double value) {
    for (MetricSource family : families) {
      if (family instanceof Restorable r) {
        r.restore(sampleName, labels, value);
      }
    }
  }

  void checkerRun(LabelKey runsKey, LabelKey checkerKey, StageRun run, boolean retry) {
    checkerRuns.labels(runsKey).inc();
    // The failure and rework series exist from a checker's first run, at zero, so a rate or a
    // ratio over them is 0 rather than absent for a checker that never failed.
    Counter failures = checkerFailures.labels(checkerKey);
    Counter rework = checkerRework.labels(checkerKey);
    if (run.result.failed()) {
      failures.inc();
    }
    if (retry) {
      rework.inc();
    }
    checkerDuration.labels(checkerKey).recordNanos(run.endNanos - run.startNanos, run.traceId, run.spanId,
        run.endNanos / 1_000_000);
  }

  void codeGeneration(String model, StageRun run, SpanFacts f, LabelKey two, LabelKey one) {
    codeGenerationRequests.labels(two.set(0, model).set(1, run.result.label()).seal()).inc();
    if (f.has(FactField.INPUT_TOKENS) || f.has(FactField.OUTPUT_TOKENS)) {
      addTokens(model, "input", f.number(FactField.INPUT_TOKENS, 0), two);
      addTokens(model, "output", f.number(FactField.OUTPUT_TOKENS, 0), two);
    } else if (f.has(FactField.TOTAL_TOKENS)) {
      addTokens(model, "unspecified", f.number(FactField.TOTAL_TOKENS, 0), two);
    }
    codeGenerationDuration.labels(one.set(0, model).seal()).recordNanos(run.endNanos - run.startNanos, run.traceId,
        run.spanId, run.endNanos / 1_000_000);
  }

  private void addTokens(String model, String type, double tokens, LabelKey two) {
    if (tokens > 0) {
      codeGenerationTokens.labels(two.set(0, model).set(1, type).seal()).add((long) tokens);
    }
  }

  void deploy(StageRun run, LabelKey two, LabelKey one) {
    deployments.labels(two.set(0, run.environment).set(1, run.result.label()).seal()).inc();
    deploymentDuration.labels(one.set(0, run.environment).seal()).recordNanos(run.endNanos - run.startNanos,
        run.traceId, run.spanId, run.endNanos / 1_000_000);
  }

  void healthCheck(StageRun run, double latencySeconds, LabelKey two, LabelKey one) {
    healthChecks.labels(two.set(0, run.environment).set(1, run.result.label()).seal()).inc();
    healthCheckLatency.labels(one.set(0, run.environment).seal()).record(latencySeconds, run.traceId, run.spanId,
        run.endNanos / 1_000_000);
  }

  void changeEvent(EnvironmentHealth.Change change, String environment, LabelKey one) {
    if (change.changeFailure()) {
      changeFailures.labels(one.set(0, environment).seal()).inc();
    }
    if (!Double.isNaN(change.restoredAfterSeconds())) {
      timeToRestore.labels(one.set(0, environment).seal()).record(change.restoredAfterSeconds());
    }
  }

  void securityFindings(SpanFacts f, LabelKey one) {
    double split = 0;
    for (int i = 0; i < SEVERITIES.length; i++) {
      double n = f.number(SEVERITY_FIELDS[i], 0);
      if (n > 0) {
        securityFindings.labels(one.set(0, SEVERITIES[i]).seal()).add((long) n);
        split += n;
      }
    }
    double unsplit = f.number(FactField.FINDINGS, 0) - split;
    if (unsplit > 0) {
      securityFindings.labels(one.set(0, "unspecified").seal()).add((long) unsplit);
    }
  }

  void bindServiceUp(String environment, DoubleSupplier up) {
    serviceUp.bind(up, environment);
  }

  /** Counts a closed feature; runs once per feature, so plain label lookups are fine here. */
  void featureClosed(FeatureSummary summary) {
    String type = summary.featureType() == null ? "" : summary.featureType();
    featuresCompleted.labels(type, summary.outcome().label).inc();
    featureCostTokens.labels(type).record(summary.tokens(), summary.traceId(), ByteString.EMPTY, summary.endMillis());
    featureReworkStages.labels(type).record(summary.reworkStages(), summary.traceId(), ByteString.EMPTY,
        summary.endMillis());
    if (!Double.isNaN(summary.leadTimeSeconds())) {
      featureLeadTime.labels(type, Boolean.toString(summary.reworkStages() > 0)).record(summary.leadTimeSeconds(),
          summary.traceId(), ByteString.EMPTY, summary.endMillis());
    }
  }

  void collect(MetricCollector collector, FeatureAssembler features) {
    for (MetricSource family : families) {
      family.collect(collector);
    }
    collector.family("pipescope_factory_features_in_flight", MetricType.GAUGE,
        "Features being assembled from their spans.");
    collector.sample(Labels.empty(), features.inFlight());
    collector.family("pipescope_factory_features_closed", MetricType.COUNTER,
        "Features closed: complete (deploy and health check, or root span), idle (timeout) or evicted (cap).");
    for (String reason : List.of(FeatureAssembler.CLOSED_COMPLETE, FeatureAssembler.CLOSED_IDLE,
        FeatureAssembler.CLOSED_EVICTED)) {
      collector.sample(Labels.of("reason", reason), features.closed(reason));
    }
    collector.family("pipescope_factory_late_spans", MetricType.COUNTER,
        "Spans that arrived after their feature was closed (counted per stage, not in the feature).");
    collector.sample(Labels.empty(), features.lateSpans());
    collector.family("pipescope_factory_overflow_samples", MetricType.COUNTER,
        "Samples recorded into the otel_metric_overflow series because a factory metric reached its series cap.");
    limits.forEach((metric, limit) -> collector.sample(Labels.of("metric", metric), limit.overflowSamples()));
  }

  private static String[] concat(String[] base, List<String> extra) {
    String[] all = new String[base.length + extra.size()];
    System.arraycopy(base, 0, all, 0, base.length);
    for (int i = 0; i < extra.size(); i++) {
      all[base.length + i] = extra.get(i);
    }
    return all;
  }
}
