package io.pipescope.query.rules;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.internal.JsonStrings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code data} of Prometheus's {@code /api/v1/rules} and {@code /api/v1/alerts} (web/api/v1/api.go),
 * field for field, so that Grafana and promtool read pipescope's rules as Prometheus's.
 */
public final class RulesApiJson {
  /**
   * The filters of /api/v1/rules; an empty set matches everything.
   *
   * @param type "alert", "record" or null for both
   */
  public record Filter(String type, Set<String> ruleNames, Set<String> groupNames, Set<String> files,
      boolean excludeAlerts) {
    public static final Filter ALL = new Filter(null, Set.of(), Set.of(), Set.of(), false);

    boolean keeps(RulesSnapshot.RuleStatus r) {
      if ("alert".equals(type) && !r.alerting() || "record".equals(type) && r.alerting()) {
        return false;
      }
      return ruleNames.isEmpty() || ruleNames.contains(r.name());
    }

    boolean keeps(RulesSnapshot.Group g) {
      return (groupNames.isEmpty() || groupNames.contains(g.name())) && (files.isEmpty() || files.contains(g.file()));
    }
  }

  private RulesApiJson() {}

  /** The {@code data} of /api/v1/rules: {@code {"groups":[...]}}. */
  public static String rulesData(RulesSnapshot snapshot, Filter filter) {
    StringBuilder b = new StringBuilder("{\"groups\":[");
    boolean firstGroup = true;
    for (RulesSnapshot.Group g : snapshot.groups()) {
      if (!filter.keeps(g)) {
        continue;
      }
      List<RulesSnapshot.RuleStatus> rules = g.rules().stream().filter(filter::keeps).toList();
      if (rules.isEmpty() && (filter.type() != null || !filter.ruleNames().isEmpty())) {
        continue;
      }
      b.append(firstGroup ? "" : ",");
      firstGroup = false;
      b.append("{\"name\":").append(str(g.name())).append(",\"file\":").append(str(g.file())).append(",\"rules\":[");
      for (int i = 0; i < rules.size(); i++) {
        b.append(i > 0 ? "," : "");
        rule(b, rules.get(i), filter.excludeAlerts());
      }
      b.append("],\"interval\":").append(seconds(g.intervalMillis() * 1_000_000L))
          .append(",\"limit\":").append(g.limit())
          .append(",\"evaluationTime\":").append(seconds(g.evaluationNanos()))
          .append(",\"lastEvaluation\":").append(str(time(g.lastEvaluation()))).append('}');
    }
    return b.append("]}").toString();
  }

  /** The {@code data} of /api/v1/alerts: {@code {"alerts":[...]}}. */
  public static String alertsData(RulesSnapshot snapshot) {
    StringBuilder b = new StringBuilder("{\"alerts\":");
    alertList(b, snapshot.activeAlerts());
    return b.append("}").toString();
  }

  private static void rule(StringBuilder b, RulesSnapshot.RuleStatus r, boolean excludeAlerts) {
    b.append('{');
    if (r.alerting()) {
      b.append("\"state\":").append(str(r.state().apiName())).append(',');
    }
    b.append("\"name\":").append(str(r.name())).append(",\"query\":").append(str(r.query()));
    if (r.alerting()) {
      b.append(",\"duration\":").append(seconds(r.forMillis() * 1_000_000L))
          .append(",\"keepFiringFor\":").append(seconds(r.keepFiringForMillis() * 1_000_000L))
          .append(",\"labels\":").append(map(r.labels()))
          .append(",\"annotations\":").append(map(r.annotations()));
      if (!excludeAlerts) {
        b.append(",\"alerts\":");
        alertList(b, r.alerts());
      }
    } else if (!r.labels().isEmpty()) {
      b.append(",\"labels\":").append(map(r.labels()));
    }
    b.append(",\"health\":").append(str(r.health().apiName()));
    if (!r.lastError().isEmpty()) {
      b.append(",\"lastError\":").append(str(r.lastError()));
    }
    b.append(",\"evaluationTime\":").append(seconds(r.evaluationNanos()))
        .append(",\"lastEvaluation\":").append(str(time(r.lastEvaluation())))
        .append(",\"type\":").append(str(r.type())).append('}');
  }

  private static void alertList(StringBuilder b, List<Alert.Snapshot> alerts) {
    b.append('[');
    for (int i = 0; i < alerts.size(); i++) {
      Alert.Snapshot a = alerts.get(i);
      b.append(i > 0 ? "," : "").append("{\"labels\":").append(labels(a.labels()))
          .append(",\"annotations\":").append(labels(a.annotations()))
          .append(",\"state\":").append(str(a.state().apiName()))
          .append(",\"activeAt\":").append(str(time(a.activeAt())));
      if (a.keepFiringSince() != Alert.NEVER) {
        b.append(",\"keepFiringSince\":").append(str(time(a.keepFiringSince())));
      }
      b.append(",\"value\":").append(str(GoFormat.eShortest(a.value()))).append('}');
    }
    b.append(']');
  }

  /** A duration in seconds as Go's encoding/json writes a float64. */
  private static String seconds(long nanos) {
    double s = nanos / 1e9;
    if (s == Math.rint(s) && Math.abs(s) < 1e21) {
      return Long.toString((long) s);
    }
    String g = Double.toString(s);
    return g.contains("E") ? GoFormat.eShortest(s) : g;
  }

  /** RFC 3339 with nanoseconds, trailing zeros dropped, as Go's time.Time marshals; Go's zero time when never. */
  static String time(long millis) {
    if (millis == Alert.NEVER) {
      return "0001-01-01T00:00:00Z";
    }
    String s = Instant.ofEpochMilli(millis).toString();
    int dot = s.indexOf('.');
    if (dot < 0) {
      return s;
    }
    String frac = s.substring(dot + 1, s.length() - 1).replaceAll("0+$", "");
    return s.substring(0, dot) + (frac.isEmpty() ? "" : "." + frac) + "Z";
  }

  private static String labels(Labels l) {
    StringBuilder b = new StringBuilder();
    JsonStrings.labels(b, l);
    return b.toString();
  }

  private static String map(Map<String, String> m) {
    return labels(Labels.from(new TreeMap<>(m)));
  }

  /** A JSON string escaped as Go's encoding/json escapes it (HTML characters included). */
  private static String str(String s) {
    return JsonStrings.quote(s);
  }
}
