package io.pipescope.query.rules;

import io.pipescope.aggregator.metrics.Labels;

/**
 * One alert instance of an alerting rule, identified by its labels (Prometheus's rules.Alert).
 * Times are Unix milliseconds; {@link #NEVER} stands for Go's zero time.
 */
public final class Alert {
  public static final long NEVER = Long.MIN_VALUE;

  final Labels labels;
  Labels annotations;
  AlertState state;
  double value;
  long activeAt;
  long firedAt = NEVER;
  long resolvedAt = NEVER;
  long keepFiringSince = NEVER;
  /** When the alert was last handed to the notifier. */
  long lastSentAt = NEVER;

  Alert(Labels labels, Labels annotations, long activeAt, double value) {
    this.labels = labels;
    this.annotations = annotations;
    this.activeAt = activeAt;
    this.value = value;
    this.state = AlertState.PENDING;
  }

  /** An immutable copy for readers outside the rule's lock. */
  public record Snapshot(Labels labels, Labels annotations, AlertState state, double value, long activeAt,
      long firedAt, long resolvedAt, long keepFiringSince) {}

  Snapshot snapshot() {
    return new Snapshot(labels, annotations, state, value, activeAt, firedAt, resolvedAt, keepFiringSince);
  }
}
