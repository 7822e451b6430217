package io.pipescope.app.config;

import java.time.Duration;
import java.util.List;

/**
 * Prometheus-format recording and alerting rules, evaluated against the embedded store (so they
 * need storage on).
 *
 * @param files rule file paths or globs, as Prometheus's {@code rule_files}
 * @param evaluationInterval the interval of a group that gives none (Prometheus's
 *     {@code global.evaluation_interval})
 */
public record RulesConfig(List<String> files, Duration evaluationInterval) {
  public static final RulesConfig DEFAULTS = new RulesConfig(List.of(), Duration.ofMinutes(1));

  public RulesConfig {
    files = List.copyOf(files);
    if (evaluationInterval.toMillis() < 1) {
      throw new IllegalArgumentException("evaluation_interval must be positive, got " + evaluationInterval);
    }
  }
}
