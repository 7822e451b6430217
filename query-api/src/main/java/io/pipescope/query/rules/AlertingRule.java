package io.pipescope.query.rules;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.promql.engine.PromqlException;
import io.pipescope.query.promql.engine.Sample;
import io.pipescope.query.promql.engine.Vector;
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
  private final Map<String, Object> labelTemplates = new LinkedHashMap<>();
  private final Map<String, Object> annotationTemplates = new LinkedHashMap<>();
  private final Map<Labels, Alert> active = new HashMap<>();

  AlertingRule(RuleSpec spec, Map<String, String> externalLabels, String externalUrl) {
    super(spec);
    this.externalLabels = Map.copyOf(externalLabels);
    this.externalUrl = externalUrl;
    compile(spec.labels(), labelTemplates);
    compile(new TreeMap<>(spec.annotations()), annotationTemplates);
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
      out.add(new Sample(a.labels.with("__name__", "ALERTS").with("alertstate", a.state.apiName()), t, 1));
      out.add(new Sample(a.labels.with("__name__", "ALERTS_FOR_STATE"), t, Math.floorDiv(a.activeAt, 1000)));
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
    }
  }
}
