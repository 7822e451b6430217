package io.pipescope.query.notifier;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.rules.AlertNotification;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a direct webhook has been told, so that it hears of each alert as a person wants to in a
 * chat: once when it starts firing, again every {@code repeatInterval} while it fires, and once
 * when it resolves; not at every resend the rules make for Alertmanager's sake. A firing alert
 * whose endsAt passes without a resend (its rule was removed, pipescope stopped evaluating) is
 * reported resolved, as Alertmanager resolves it.
 */
final class WebhookAlertLog {
  /** How long a resolved alert is remembered, so the rules' repeated resolved sends are not re-notified. */
  static final long RESOLVED_RETENTION_MILLIS = 15 * 60 * 1000;

  private static final class State {
    AlertNotification latest;
    boolean firing;
    long notifiedAt;
  }

  private final long repeatIntervalMillis;
  private final boolean sendResolved;
  private final Map<Labels, State> alerts = new HashMap<>();

  WebhookAlertLog(long repeatIntervalMillis, boolean sendResolved) {
    this.repeatIntervalMillis = repeatIntervalMillis;
    this.sendResolved = sendResolved;
  }

  /** The alerts of {@code batch} to notify at {@code now}. */
  synchronized List<WebhookGroup.Entry> accept(List<AlertNotification> batch, long now) {
    List<WebhookGroup.Entry> due = new ArrayList<>();
    for (AlertNotification a : batch) {
      State s = alerts.get(a.labels());
      boolean resolved = a.resolvedAt(now);
      if (resolved) {
        if (s != null && s.firing) {
          resolve(s, a, now, due);
        }
        continue;
      }
      if (s == null) {
        s = new State();
        alerts.put(a.labels(), s);
      }
      boolean notify = !s.firing || now - s.notifiedAt >= repeatIntervalMillis;
      s.latest = a;
      if (notify) {
        s.firing = true;
        s.notifiedAt = now;
        due.add(new WebhookGroup.Entry(a, false));
      }
    }
    return due;
  }

  /**
   * Firing alerts whose endsAt has passed, now resolved; and forgets alerts resolved longer than
   * {@link #RESOLVED_RETENTION_MILLIS} ago.
   */
  synchronized List<WebhookGroup.Entry> expire(long now) {
    List<WebhookGroup.Entry> due = new ArrayList<>();
    for (Iterator<State> it = alerts.values().iterator(); it.hasNext(); ) {
      State s = it.next();
      if (s.firing && s.latest.resolvedAt(now)) {
        resolve(s, s.latest, now, due);
      } else if (!s.firing && now - s.notifiedAt > RESOLVED_RETENTION_MILLIS) {
        it.remove();
      }
    }
    return due;
  }

  private void resolve(State s, AlertNotification a, long now, List<WebhookGroup.Entry> due) {
    s.firing = false;
    s.latest = a;
    s.notifiedAt = now;
    if (sendResolved) {
      due.add(new WebhookGroup.Entry(a, true));
    }
  }

  /** Alerts remembered (firing, or resolved within the retention). */
  synchronized int size() {
    return alerts.size();
  }

  /** One group per alert name, in the order the names first appear. */
  static List<WebhookGroup> groupByAlertName(List<WebhookGroup.Entry> entries) {
    Map<String, List<WebhookGroup.Entry>> byName = new LinkedHashMap<>();
    for (WebhookGroup.Entry e : entries) {
      String name = e.alert().labels().get("alertname");
      byName.computeIfAbsent(name == null ? "" : name, k -> new ArrayList<>()).add(e);
    }
    List<WebhookGroup> groups = new ArrayList<>();
    byName.forEach((name, list) -> groups.add(new WebhookGroup(Labels.of("alertname", name), list)));
    return groups;
  }
}
