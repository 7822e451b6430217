package io.pipescope.query.rules;

import java.util.Map;

/**
 * One rule as written in a rule file (Prometheus's rulefmt.Rule), already validated.
 *
 * @param record the recording rule's metric name, or null for an alerting rule
 * @param alert the alerting rule's name, or null for a recording rule
 * @param forMillis how long an alert stays pending before it fires (0 for recording rules)
 * @param keepFiringForMillis how long an alert keeps firing after its condition stops
 * @param line the 1-based line of the rule in its file
 */
public record RuleSpec(
    String record,
    String alert,
    String expr,
    long forMillis,
    long keepFiringForMillis,
    Map<String, String> labels,
    Map<String, String> annotations,
    int line) {
  public RuleSpec {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  public boolean isAlerting() {
    return alert != null;
  }

  public String name() {
    return alert != null ? alert : record;
  }
}
