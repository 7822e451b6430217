package io.pipescope.query.notifier;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.rules.AlertNotification;
import java.util.List;
import java.util.TreeMap;

/**
 * Alerts of one alert name notified together, as an Alertmanager route grouped by
 * {@code alertname} would send them: firing while any of them fires.
 */
record WebhookGroup(Labels groupLabels, List<Entry> alerts) {
  /** One alert and whether this notification reports it resolved. */
  record Entry(AlertNotification alert, boolean resolved) {}

  WebhookGroup {
    alerts = List.copyOf(alerts);
    if (alerts.isEmpty()) {
      throw new IllegalArgumentException("a notification needs at least one alert");
    }
  }

  String status() {
    return alerts.stream().anyMatch(e -> !e.resolved()) ? "firing" : "resolved";
  }

  /** The labels every alert has with the same value. */
  Labels commonLabels() {
    return common(alerts.stream().map(e -> e.alert().labels()).toList());
  }

  Labels commonAnnotations() {
    return common(alerts.stream().map(e -> e.alert().annotations()).toList());
  }

  private static Labels common(List<Labels> sets) {
    TreeMap<String, String> common = new TreeMap<>();
    Labels first = sets.get(0);
    for (int i = 0; i < first.size(); i++) {
      String name = first.name(i);
      String value = first.value(i);
      if (sets.stream().allMatch(l -> value.equals(l.get(name)))) {
        common.put(name, value);
      }
    }
    return Labels.from(common);
  }
}
