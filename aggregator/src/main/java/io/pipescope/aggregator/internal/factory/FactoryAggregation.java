package io.pipescope.aggregator.internal.factory;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pipescope.aggregator.FactoryConfig;
import io.pipescope.aggregator.metrics.LabelKey;
import io.pipescope.aggregator.metrics.LabelValues;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.Restorable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Spans to factory metrics: per-checker runs, failures, rework and durations; code generation,
 * deploy, health and security facts; per-feature lead time, cost and rework; and the DORA keys.
 *
 * <p>Per span: one map lookup per attribute to find its facts, then series lookups with reused
 * probe keys, so a span of known series allocates nothing. Feature assembly and the per-environment
 * DORA state take a small per-trace or per-environment monitor, never a global lock.
 */
public final class FactoryAggregation implements MetricSource, Restorable {
  private final FactoryConfig config;
  private final FactExtractor extractor;
  private final int extraLabels;
  private final int[] extraLabelSlots;
  private final Map<String, StageKind> stageKindByName;
  private final FactoryMetrics metrics;
  private final FeatureAssembler features;
  private final ConcurrentHashMap<String, EnvironmentHealth> environments = new ConcurrentHashMap<>();
  private final LongSupplier clockMillis;
  private final ThreadLocal<Scratch> scratch;

  /** Per-thread reusable objects: the hot path allocates none of these per span. */
  private static final class Scratch {
    final SpanFacts resource;
    final SpanFacts span;
    final StageRun run = new StageRun();
    final LabelKey checkerKey;
    final LabelKey runsKey;
    final LabelKey one = new LabelKey(1);
    final LabelKey two = new LabelKey(2);

    Scratch(FactExtractor extractor, int extraLabels) {
      resource = extractor.newFacts();
      span = extractor.newFacts();
      checkerKey = new LabelKey(3 + extraLabels);
      runsKey = new LabelKey(4 + extraLabels);
    }
  }

  public FactoryAggregation(FactoryConfig config, LongSupplier clockMillis) {
    this.config = config;
    this.clockMillis = clockMillis;
    // Extra labels in label-name order, so the exported label set is stable.
    TreeMap<String, String> extra = new TreeMap<>(config.extraLabels());
    this.extraLabels = extra.size();
    this.extractor = new FactExtractor(config, new ArrayList<>(extra.values()));
    this.extraLabelSlots = new int[extraLabels];
    for (int i = 0; i < extraLabels; i++) {
      extraLabelSlots[i] = FactField.values().length + i;
    }
    this.stageKindByName = new HashMap<>();
    config.stageNames().forEach((kind, names) -> {
      for (String name : names) {
        stageKindByName.put(normalise(name), StageKind.ofConfigName(kind));
      }
    });
    this.metrics = new FactoryMetrics(config, new ArrayList<>(extra.keySet()));
    this.features = new FeatureAssembler(config.maxFeaturesInFlight(), config.featureIdleTimeout().toMillis(),
        metrics::featureClosed);
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(extractor, extraLabels));
  }

  public void consume(List<ResourceSpans> batch) {
    Scratch s = scratch.get();
    long now = clockMillis.getAsLong();
    for (int r = 0, rn = batch.size(); r < rn; r++) {
      ResourceSpans resourceSpans = batch.get(r);
      s.resource.clear();
      extractor.extract(resourceSpans.getResource().getAttributesList(), s.resource);
      for (int c = 0, cn = resourceSpans.getScopeSpansCount(); c < cn; c++) {
        ScopeSpans scopeSpans = resourceSpans.getScopeSpans(c);
        for (int i = 0, n = scopeSpans.getSpansCount(); i < n; i++) {
          record(scopeSpans.getSpans(i), s, now);
        }
      }
    }
  }

  private void record(Span span, Scratch s, long now) {
    SpanFacts f = s.span;
    f.clear();
    extractor.extract(span.getAttributesList(), f);
    f.fillFrom(s.resource);

    StageRun run = s.run;
    run.checker = capped(f.string(FactField.CHECKER_NAME));
    run.kind = classify(f, run.checker);
    run.result = StageResult.of(f.string(FactField.RESULT), span.getStatus().getCode());
    run.attempt = (long) f.number(FactField.ATTEMPT, 0);
    run.startNanos = span.getStartTimeUnixNano();
    run.endNanos = span.getEndTimeUnixNano();
    run.traceId = span.getTraceId();
    run.spanId = span.getSpanId();
    run.featureId = f.string(FactField.FEATURE_ID);
    run.featureType = capped(f.string(FactField.FEATURE_TYPE));
    run.environment = capped(f.string(FactField.ENVIRONMENT));
    run.rollback = f.flag(FactField.ROLLBACK);
    run.tokens = tokens(f);
    run.root = span.getParentSpanId().isEmpty() && run.checker == null && run.kind == StageKind.CHECK;
    boolean factorySpan = run.checker != null || run.kind != StageKind.CHECK || run.featureId != null;
    if (!factorySpan) {
      return;
    }
    if (run.kind == StageKind.HEALTH_CHECK && run.environment == null) {
      // Before add(): the health check may complete the feature, and a closed feature is forgotten.
      run.environment = features.deployEnvironment(span.getTraceId());
    }
    boolean retry = features.add(span.getTraceId(), run, now);
    if (run.checker != null) {
      recordChecker(run, retry, f, s);
    }
    switch (run.kind) {
      case CODE_GENERATION -> metrics.codeGeneration(capped(f.string(FactField.MODEL)), run, f, s.two, s.one);
      case DEPLOY -> {
        metrics.deploy(run, s.two, s.one);
        if (run.environment != null) {
          metrics.changeEvent(environment(run.environment).deploy(run), run.environment, s.one);
        }
      }
      case HEALTH_CHECK -> {
        double latencySeconds = f.has(FactField.LATENCY_MS)
            ? f.number(FactField.LATENCY_MS, 0) / 1000.0
            : (run.endNanos - run.startNanos) / 1e9;
        metrics.healthCheck(run, latencySeconds, s.two, s.one);
        if (run.environment != null) {
          metrics.changeEvent(environment(run.environment).healthCheck(run), run.environment, s.one);
        }
      }
      case SECURITY_SCAN -> metrics.securityFindings(f, s.one);
      case CHECK -> { }
    }
  }

  private void recordChecker(StageRun run, boolean retry, SpanFacts f, Scratch s) {
    LabelKey key = s.checkerKey;
    key.set(0, run.checker).set(1, run.featureType).set(2, capped(f.string(FactField.PIPELINE)));
    for (int i = 0; i < extraLabels; i++) {
      key.set(3 + i, capped(f.string(extraLabelSlots[i])));
    }
    key.seal();
    LabelKey runsKey = s.runsKey;
    runsKey.set(0, run.checker).set(1, run.result.label());
    for (int i = 1; i < key.size(); i++) {
      runsKey.set(i + 1, key.get(i));
    }
    runsKey.seal();
    metrics.checkerRun(runsKey, key, run, retry);
  }

  /**
   * The stage kind: {@code factory.stage.kind} when set; then what the attributes show (a
   * gen_ai operation, a deployment id or rollback flag, security findings); then the checker
   * name looked up in {@code stage_names}; otherwise a plain check.
   */
  private StageKind classify(SpanFacts f, String checker) {
    String declared = f.string(FactField.STAGE_KIND);
    if (declared != null) {
      StageKind k = StageKind.ofConfigName(normalise(declared));
      if (k != null) {
        return k;
      }
    }
    if (f.has(FactField.GEN_AI_OPERATION)) {
      return StageKind.CODE_GENERATION;
    }
    if (f.has(FactField.DEPLOYMENT_ID) || f.has(FactField.ROLLBACK)) {
      return StageKind.DEPLOY;
    }
    if (checker != null) {
      StageKind byName = stageKindByName.get(normalise(checker));
      if (byName != null) {
        return byName;
      }
    }
    if (f.has(FactField.FINDINGS) || f.has(FactField.FINDINGS_CRITICAL) || f.has(FactField.FINDINGS_HIGH)) {
      return StageKind.SECURITY_SCAN;
    }
    return StageKind.CHECK;
  }

  private static long tokens(SpanFacts f) {
    if (f.has(FactField.INPUT_TOKENS) || f.has(FactField.OUTPUT_TOKENS)) {
      return (long) (f.number(FactField.INPUT_TOKENS, 0) + f.number(FactField.OUTPUT_TOKENS, 0));
    }
    return (long) f.number(FactField.TOTAL_TOKENS, 0);
  }

  private EnvironmentHealth environment(String name) {
    EnvironmentHealth found = environments.get(name);
    return found != null ? found : environments.computeIfAbsent(name, n -> {
      EnvironmentHealth created = new EnvironmentHealth();
      metrics.bindServiceUp(n, created::up);
      return created;
    });
  }

  /** Lower-case with spaces and dashes as underscores: "Health Check" and "health-check" match. */
  private static String normalise(String name) {
    return name.trim().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
  }

  private String capped(String value) {
    return LabelValues.truncate(value, config.maxLabelValueLength());
  }

  @Override
  public void restore(String sampleName, io.pipescope.aggregator.metrics.Labels labels, double value) {
    metrics.restore(sampleName, labels, value);
  }

  /** Closes features idle past the timeout; called periodically. */
  public void closeIdleFeatures() {
    features.closeIdle(clockMillis.getAsLong());
  }

  @Override
  public void collect(MetricCollector collector) {
    metrics.collect(collector, features);
  }
}
