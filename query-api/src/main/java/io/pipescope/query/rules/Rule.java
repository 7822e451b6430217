package io.pipescope.query.rules;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.promql.engine.Sample;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A recording or alerting rule with the health of its last evaluation. */
public abstract sealed class Rule permits RecordingRule, AlertingRule {
  final RuleSpec spec;
  private RuleHealth health = RuleHealth.UNKNOWN;
  private String lastError = "";
  private long lastEvaluation = Alert.NEVER;
  private long evaluationNanos;

  Rule(RuleSpec spec) {
    this.spec = spec;
  }

  public String name() {
    return spec.name();
  }

  public RuleSpec spec() {
    return spec;
  }

  /**
   * Evaluates the rule at {@code ts}, its query at {@code ts - queryOffsetMillis}; returns the
   * samples to write.
   *
   * @throws RuntimeException when the query fails or the result breaks a rule (duplicate labels, limit)
   */
  abstract List<Sample> eval(long ts, long queryOffsetMillis, RuleQuery query, int limit);

  synchronized void recordEvaluation(long ts, long nanos, String error) {
    lastEvaluation = ts;
    evaluationNanos = nanos;
    lastError = error == null ? "" : error;
    health = error == null ? RuleHealth.GOOD : RuleHealth.BAD;
  }

  synchronized void copyHealth(Rule from) {
    synchronized (from) {
      health = from.health;
      lastError = from.lastError;
      lastEvaluation = from.lastEvaluation;
      evaluationNanos = from.evaluationNanos;
    }
  }

  public synchronized RuleHealth health() {
    return health;
  }

  /** The last evaluation's error, or "" when it succeeded. */
  public synchronized String lastError() {
    return lastError;
  }

  /** The evaluation timestamp of the last evaluation (ms), or {@link Alert#NEVER}. */
  public synchronized long lastEvaluation() {
    return lastEvaluation;
  }

  public synchronized long evaluationNanos() {
    return evaluationNanos;
  }

  /** {@code base} with {@code name} set to {@code value}, or removed when it is empty (labels.Builder.Set). */
  static TreeMap<String, String> set(TreeMap<String, String> base, String name, String value) {
    if (value.isEmpty()) {
      base.remove(name);
    } else {
      base.put(name, value);
    }
    return base;
  }

  static TreeMap<String, String> toMap(Labels labels) {
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < labels.size(); i++) {
      m.put(labels.name(i), labels.value(i));
    }
    return m;
  }

  static Labels labels(Map<String, String> m) {
    return Labels.from(new TreeMap<>(m));
  }
}
