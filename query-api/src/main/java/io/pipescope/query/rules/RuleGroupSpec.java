package io.pipescope.query.rules;

import java.util.List;

/**
 * One group of a rule file (Prometheus's rulefmt.RuleGroup), already validated.
 *
 * @param intervalMillis how often the group is evaluated; 0 means the manager's default
 * @param limit the most series a recording rule or alerts an alerting rule may produce; 0 for no limit
 * @param queryOffsetMillis how far in the past the group's queries look, for late-arriving data; 0 for none
 */
public record RuleGroupSpec(
    String file, String name, long intervalMillis, int limit, long queryOffsetMillis, List<RuleSpec> rules) {
  public RuleGroupSpec {
    rules = List.copyOf(rules);
  }
}
