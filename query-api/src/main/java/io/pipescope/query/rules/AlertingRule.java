package io.pipescope.query.rules;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.promql.engine.PromqlException;
import io.pipescope.query.promql.engine.Sample;
import io.pipescope.query.promql.engine.Vector;
import io.pipescope.query.promql.parser.ParseException;
import io.pipescope.query.promql.parser.Parser;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.Querier;
import io.pipescope.store.Queryable;
import io.pipescope.store.SampleIterator;
import io.pipescope.store.SeriesSet;
import io.pipescope.store.StaleMarker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A rule whose result vector's elements are alerts: pending when they appear, firing once they
 * have been active for {@code for}, inactive (resolved) when they leave the result, unless
 * {@code keep_firing_for} holds them (rules/alerting.go). Each evaluation yields the
 * {@code ALERTS} and {@code ALERTS_FOR_STATE} samples of the active alerts.
 */
public final class AlertingRule extends Rule {
  /** How long a resolved alert is kept, so that its resolution is reported repeatedly. */
  static final long RESOLVED_RETENTION_MILLIS = 15 * 60 * 1000;

  private final Map<String, String> externalLabels;
  private final String externalUrl;
  /** The expression as Prometheus prints it, for the alerts' generatorURL. */
  private final String printedExpr;
  private final Map<String, Object> labelTemplates = new LinkedHashMap<>();
  private final Map<String, Object> annotationTemplates = new LinkedHashMap<>();
  private final Map<Labels, Alert> active = new HashMap<>();
  /**
   * False from a start-up load until {@link #restoreForState} ran: until then ALERTS and
   * ALERTS_FOR_STATE are not written, so the restore reads the state from before the restart.
   */
  private volatile boolean restored = true;

  AlertingRule(RuleSpec spec, Map<String, String> externalLabels, String externalUrl) {
    super(spec);
    this.externalLabels = Map.copyOf(externalLabels);
    this.externalUrl = externalUrl;
    this.printedExpr = printed(spec.expr());
    compile(spec.labels(), labelTemplates);
    compile(new TreeMap<>(spec.annotations()), annotationTemplates);
  }

  private static String printed(String expr) {
    try {
      return Parser.parseExpr(expr).toString();
    } catch (ParseException e) {
      return expr;
    }
  }

  private static void compile(Map<String, String> texts, Map<String, Object> into) {
    for (Map.Entry<String, String> e : new TreeMap<>(texts).entrySet()) {
      Object compiled;
      try {
        compiled = Template.parse(e.getValue());
      } catch (TemplateException ex) {
        compiled = "<error expanding template: " + ex.getMessage() + ">";
      }
      into.put(e.getKey(), compiled);
    }
  }

  @Override
  synchronized List<Sample> eval(long ts, long queryOffsetMillis, RuleQuery query, int limit) {
    long t = ts - queryOffsetMillis;
    Vector result = query.query(spec.expr(), t);

    Map<Labels, Alert> alerts = new LinkedHashMap<>();
    for (Sample s : result) {
      Template.AlertData data =
          new Template.AlertData(toMap(s.labels()), externalLabels, externalUrl, s.v(), query, ts);
      TreeMap<String, String> m = toMap(s.labels());
      m.remove("__name__");
      for (Map.Entry<String, Object> l : labelTemplates.entrySet()) {
        set(m, l.getKey(), expand(l.getValue(), data));
      }
      m.put("alertname", spec.alert());
      TreeMap<String, String> annotations = new TreeMap<>();
      for (Map.Entry<String, Object> a : annotationTemplates.entrySet()) {
        annotations.put(a.getKey(), expand(a.getValue(), data));
      }
      Labels labels = Labels.from(m);
      if (alerts.containsKey(labels)) {
        throw new PromqlException("vector contains metrics with the same labelset after applying alert labels");
      }
      alerts.put(labels, new Alert(labels, Labels.from(annotations), ts, s.v()));
    }

    for (Alert a : alerts.values()) {
      Alert existing = active.get(a.labels);
      if (existing != null && existing.state != AlertState.INACTIVE) {
        existing.value = a.value;
        existing.annotations = a.annotations;
      } else {
        active.put(a.labels, a);
      }
    }

    List<Sample> out = new ArrayList<>();
    int activeOrPending = 0;
    for (Iterator<Alert> it = active.values().iterator(); it.hasNext(); ) {
      Alert a = it.next();
      if (!alerts.containsKey(a.labels)) {
        boolean keepFiring = false;
        if (a.state == AlertState.FIRING && spec.keepFiringForMillis() > 0) {
          if (a.keepFiringSince == Alert.NEVER) {
            a.keepFiringSince = ts;
          }
          keepFiring = ts - a.keepFiringSince < spec.keepFiringForMillis();
        }
        // A resolved alert stays for a while so that its resolution is sent more than once.
        if (a.state == AlertState.PENDING
            || (a.resolvedAt != Alert.NEVER && ts - a.resolvedAt > RESOLVED_RETENTION_MILLIS)) {
          it.remove();
        }
        if (a.state != AlertState.INACTIVE && !keepFiring) {
          a.state = AlertState.INACTIVE;
          a.resolvedAt = ts;
        }
        if (!keepFiring) {
          continue;
        }
      } else {
        a.keepFiringSince = Alert.NEVER;
      }
      activeOrPending++;
      if (a.state == AlertState.PENDING && ts - a.activeAt >= spec.forMillis()) {
        a.state = AlertState.FIRING;
        a.firedAt = ts;
      }
      // Not before the restore: the stored ALERTS_FOR_STATE is what the restore reads.
      if (restored) {
        out.add(new Sample(a.labels.with("__name__", "ALERTS").with("alertstate", a.state.apiName()), t, 1));
        out.add(new Sample(a.labels.with("__name__", "ALERTS_FOR_STATE"), t, Math.floorDiv(a.activeAt, 1000)));
      }
    }
    if (limit > 0 && activeOrPending > limit) {
      active.clear();
      throw new PromqlException("exceeded limit of " + limit + " with " + activeOrPending + " alerts");
    }
    return out;
  }

  private static String expand(Object compiled, Template.AlertData data) {
    if (compiled instanceof Template tmpl) {
      try {
        return tmpl.execute(data);
      } catch (TemplateException e) {
        return "<error expanding template: " + e.getMessage() + ">";
      }
    }
    return (String) compiled;
  }

  /**
   * Hands {@code sender} the alerts due to be sent after the evaluation at {@code ts}, as
   * Prometheus's sendAlerts: firing ones every {@code resendDelayMillis} (valid for four
   * evaluation intervals or resend delays, whichever is longer, so that two missed sends do not
   * expire them), resolved ones at once and then on the same schedule while they are kept;
   * pending ones never.
   */
  void sendAlerts(long ts, long resendDelayMillis, long intervalMillis, AlertSender sender) {
    List<AlertNotification> due = new ArrayList<>();
    synchronized (this) {
      for (Alert a : active.values()) {
        if (!needsSending(a, ts, resendDelayMillis)) {
          continue;
        }
        a.lastSentAt = ts;
        // A firing alert is valid until then: it expires unless sent again before.
        long validUntil = ts + 4 * Math.max(resendDelayMillis, intervalMillis);
        due.add(new AlertNotification(a.labels, a.annotations, a.firedAt,
            a.resolvedAt != Alert.NEVER ? a.resolvedAt : validUntil,
            externalUrl + ExpressionLinks.table(printedExpr)));
      }
    }
    if (!due.isEmpty()) {
      sender.send(due);
    }
  }

  private static boolean needsSending(Alert a, long ts, long resendDelayMillis) {
    if (a.state == AlertState.PENDING) {
      return false;
    }
    if (a.resolvedAt != Alert.NEVER && a.resolvedAt > a.lastSentAt) {
      return true;
    }
    return a.lastSentAt == Alert.NEVER || a.lastSentAt + resendDelayMillis < ts;
  }

  /** Every alert instance, resolved ones included, ordered by labels. */
  public synchronized List<Alert.Snapshot> alerts() {
    List<Alert.Snapshot> out = new ArrayList<>();
    for (Alert a : active.values()) {
      out.add(a.snapshot());
    }
    out.sort(Comparator.comparing(s -> s.labels().toString()));
    return out;
  }

  /** The alerts not yet resolved (pending or firing), as /api/v1/alerts lists them. */
  public List<Alert.Snapshot> activeAlerts() {
    return alerts().stream().filter(a -> a.resolvedAt() == Alert.NEVER).toList();
  }

  /** The most severe state of the rule's alerts. */
  public synchronized AlertState state() {
    AlertState max = AlertState.INACTIVE;
    for (Alert a : active.values()) {
      if (a.state.compareTo(max) > 0) {
        max = a.state;
      }
    }
    return max;
  }

  /** Takes over the alerts of the rule this one replaces on reload. */
  synchronized void copyAlerts(AlertingRule from) {
    synchronized (from) {
      active.putAll(from.active);
      restored = from.restored;
    }
  }

  /** Writes no ALERTS or ALERTS_FOR_STATE until {@link #restoreForState} has run (start-up). */
  void awaitRestore() {
    restored = false;
  }

  /**
   * Gives each active alert the {@code activeAt} it had before a restart, from the newest
   * {@code ALERTS_FOR_STATE} sample within {@code outageToleranceMillis} before {@code ts}, as
   * Prometheus's RestoreForState: an alert firing before fires again at once; one still pending
   * continues its {@code for} from where it stopped (the downtime not counted), but never fires
   * sooner than {@code gracePeriodMillis} after the restore. Rules whose {@code for} is shorter
   * than the grace period are not restored.
   */
  synchronized void restoreForState(long ts, Queryable history, long outageToleranceMillis, long gracePeriodMillis) {
    long hold = spec.forMillis();
    if (hold >= gracePeriodMillis) {
      try (Querier q = history.querier(ts - outageToleranceMillis, ts)) {
        for (Alert a : active.values()) {
          if (a.state == AlertState.INACTIVE) {
            continue;
          }
          restore(a, q, ts, hold, gracePeriodMillis);
        }
      }
    }
    restored = true;
  }

  private static void restore(Alert a, Querier q, long ts, long hold, long gracePeriodMillis) {
    Labels forState = a.labels.with("__name__", "ALERTS_FOR_STATE");
    List<LabelMatcher> matchers = new ArrayList<>();
    for (int i = 0; i < forState.size(); i++) {
      matchers.add(LabelMatcher.equal(forState.name(i), forState.value(i)));
    }
    SeriesSet set = q.select(false, matchers.toArray(LabelMatcher[]::new));
    long t = Long.MIN_VALUE;
    double v = Double.NaN;
    while (set.next()) {
      if (!set.at().labels().equals(forState)) {
        continue;
      }
      SampleIterator it = set.at().iterator();
      while (it.next()) {
        t = it.timestamp();
        v = it.value();
      }
    }
    if (t == Long.MIN_VALUE || StaleMarker.isStale(v)) {
      return;
    }
    // Whole seconds, as Prometheus stores activeAt and reads the sample time.
    long downAt = Math.floorDiv(t, 1000) * 1000;
    long restoredActiveAt = (long) v * 1000;
    long remainingPending = hold - (downAt - restoredActiveAt);
    if (remainingPending <= 0) {
      // It was firing: it fires again at the next evaluation that still finds it.
    } else if (remainingPending < gracePeriodMillis) {
      restoredActiveAt = ts + gracePeriodMillis - hold;
    } else {
      restoredActiveAt += ts - downAt;
    }
    a.activeAt = restoredActiveAt;
  }
}
