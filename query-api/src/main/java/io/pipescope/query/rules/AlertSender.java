package io.pipescope.query.rules;

import java.util.List;

/**
 * Where the alerts an evaluation decided to send go (Prometheus's NotifyFunc); implementations
 * must return quickly: they are called on the rule evaluation thread.
 */
@FunctionalInterface
public interface AlertSender {
  AlertSender NONE = alerts -> {};

  void send(List<AlertNotification> alerts);
}
