package io.pipescope.query.rules;

import io.pipescope.query.promql.parser.ParseException;
import io.pipescope.query.promql.parser.Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A consistent-enough copy of the loaded groups for the rules and alerts APIs. */
public record RulesSnapshot(List<Group> groups) {
  /** One group (the shape of /api/v1/rules' RuleGroup). */
  public record Group(String name, String file, long intervalMillis, int limit, long queryOffsetMillis,
      List<RuleStatus> rules, long lastEvaluation, long evaluationNanos) {}

  /**
   * One rule; {@code state}, {@code alerts}, {@code forMillis}, {@code keepFiringForMillis} and
   * {@code annotations} matter for alerting rules only.
   */
  public record RuleStatus(String type, String name, String query, long forMillis, long keepFiringForMillis,
      Map<String, String> labels, Map<String, String> annotations, RuleHealth health, String lastError,
      long lastEvaluation, long evaluationNanos, AlertState state, List<Alert.Snapshot> alerts) {
    public boolean alerting() {
      return type.equals("alerting");
    }
  }

  /** No rules loaded. */
  public static RulesSnapshot empty() {
    return new RulesSnapshot(List.of());
  }

  static RulesSnapshot of(List<RuleGroup> groups) {
    List<Group> out = new ArrayList<>();
    for (RuleGroup g : groups) {
      List<RuleStatus> rules = new ArrayList<>();
      for (Rule r : g.rules()) {
        RuleSpec s = r.spec();
        String query;
        try {
          query = Parser.parseExpr(s.expr()).toString();
        } catch (ParseException e) {
          query = s.expr();
        }
        if (r instanceof AlertingRule ar) {
          rules.add(new RuleStatus("alerting", s.name(), query, s.forMillis(), s.keepFiringForMillis(),
              s.labels(), s.annotations(), r.health(), r.lastError(), r.lastEvaluation(), r.evaluationNanos(),
              ar.state(), ar.activeAlerts()));
        } else {
          rules.add(new RuleStatus("recording", s.name(), query, 0, 0, s.labels(), Map.of(), r.health(),
              r.lastError(), r.lastEvaluation(), r.evaluationNanos(), null, List.of()));
        }
      }
      RuleGroupSpec spec = g.spec();
      out.add(new Group(g.name(), g.file(), g.intervalMillis(), spec.limit(), spec.queryOffsetMillis(), rules,
          g.lastEvaluation(), g.evaluationNanos()));
    }
    return new RulesSnapshot(out);
  }

  /** Every pending or firing alert of every alerting rule, as /api/v1/alerts lists them. */
  public List<Alert.Snapshot> activeAlerts() {
    List<Alert.Snapshot> out = new ArrayList<>();
    for (Group g : groups) {
      for (RuleStatus r : g.rules()) {
        out.addAll(r.alerts());
      }
    }
    return out;
  }
}
