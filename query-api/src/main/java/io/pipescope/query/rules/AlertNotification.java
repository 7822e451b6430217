package io.pipescope.query.rules;

import io.pipescope.aggregator.metrics.Labels;

/**
 * An alert as it is sent to Alertmanager (Prometheus's notifier.Alert). Times are Unix
 * milliseconds.
 *
 * @param startsAt when the alert started firing
 * @param endsAt when it resolved, or, while it fires, the time it expires unless sent again
 * @param generatorUrl a link back to pipescope showing the rule's expression
 */
public record AlertNotification(Labels labels, Labels annotations, long startsAt, long endsAt, String generatorUrl) {
  /** Whether the alert is resolved at {@code nowMillis} (its endsAt has passed), as Alertmanager decides. */
  public boolean resolvedAt(long nowMillis) {
    return endsAt <= nowMillis;
  }
}
