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
 * @param alertForOutageTolerance how far back alert state is read after a restart
 *     (--rules.alert.for-outage-tolerance)
 * @param alertForGracePeriod the least time a restored pending alert still waits
 *     (--rules.alert.for-grace-period)
 */
public record RulesConfig(List<String> files, Duration evaluationInterval, Duration alertForOutageTolerance,
    Duration alertForGracePeriod) {
  public static final RulesConfig DEFAULTS = new RulesConfig(List.of(), Duration.ofMinutes(1), Duration.ofHours(1),
      Duration.ofMinutes(10));

  public RulesConfig {
    files = List.copyOf(files);
    if (evaluationInterval.toMillis() < 1) {
      throw new IllegalArgumentException("evaluation_interval must be positive, got " + evaluationInterval);
    }
    if (alertForOutageTolerance.isNegative() || alertForGracePeriod.isNegative()) {
      throw new IllegalArgumentException("alert_for_outage_tolerance and alert_for_grace_period must not be negative");
    }
  }
}
