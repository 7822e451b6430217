package io.pipescope.query.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.promql.engine.PromqlEngine;
import io.pipescope.query.promql.engine.Sample;
import io.pipescope.query.promql.engine.Vector;
import io.pipescope.store.internal.head.Head;
import io.pipescope.store.internal.head.HeadLog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alert state machine over simulated time, with a query whose answer the test switches. */
class AlertingRuleTest {
  private static final long T0 = 1_764_000_000_000L;
  private static final long MIN = 60_000;
  private static final Labels ALERT = Labels.of("alertname", "HighRework", "checker_name", "arch", "severity", "page");

  private final Head head = new Head(HeadLog.NONE);
  private final PromqlEngine engine = new PromqlEngine();
  private boolean conditionHolds;
  private double value = 0.3;
  private final RuleQuery query = (expr, t) -> {
    Vector v = new Vector();
    if (conditionHolds) {
      v.add(new Sample(Labels.of("__name__", "ratio", "checker_name", "arch"), t, value));
    }
    return v;
  };

  private RuleGroup group(long forMillis, long keepFiringFor, int limit) {
    RuleSpec rule = new RuleSpec(null, "HighRework", "ratio > 0.25", forMillis, keepFiringFor,
        Map.of("severity", "page"),
        Map.of("summary", "{{ $labels.checker_name }} reworks {{ $value | humanizePercentage }}"), 1);
    return new RuleGroup(new RuleGroupSpec("a.yml", "alerts", MIN, limit, 0, List.of(rule)), MIN, Map.of(), "");
  }

  private static AlertingRule rule(RuleGroup g) {
    return (AlertingRule) g.rules().get(0);
  }

  private Vector alerts(long t) {
    return (Vector) engine.instantQuery(head, "ALERTS", t).value();
  }

  @Test
  void pendingThenFiringAfterForThenResolved() {
    RuleGroup g = group(5 * MIN, 0, 0);
    g.eval(T0, query, head);
    assertEquals(AlertState.INACTIVE, rule(g).state());
    assertTrue(alerts(T0).isEmpty());

    conditionHolds = true;
    long start = T0 + MIN;
    g.eval(start, query, head);
    Alert.Snapshot a = rule(g).activeAlerts().get(0);
    assertEquals(AlertState.PENDING, a.state());
    assertEquals(start, a.activeAt());
    assertEquals(ALERT, a.labels());
    assertEquals(Labels.of("summary", "arch reworks 30%"), a.annotations());
    Vector v = alerts(start);
    assertEquals(1, v.size());
    assertEquals(ALERT.with("__name__", "ALERTS").with("alertstate", "pending"), v.get(0).labels());
    assertEquals(1.0, v.get(0).v());
    Vector forState = (Vector) engine.instantQuery(head, "ALERTS_FOR_STATE", start).value();
    assertEquals(ALERT.with("__name__", "ALERTS_FOR_STATE"), forState.get(0).labels());
    assertEquals(start / 1000.0, forState.get(0).v());

    for (int m = 1; m < 5; m++) {
      g.eval(start + m * MIN, query, head);
      assertEquals(AlertState.PENDING, rule(g).state(), "minute " + m);
    }
    value = 0.4;
    g.eval(start + 5 * MIN, query, head);
    a = rule(g).activeAlerts().get(0);
    assertEquals(AlertState.FIRING, a.state());
    assertEquals(start, a.activeAt());
    assertEquals(start + 5 * MIN, a.firedAt());
    assertEquals(0.4, a.value());
    assertEquals(Labels.of("summary", "arch reworks 40%"), a.annotations());
    v = alerts(start + 5 * MIN);
    assertEquals(1, v.size(), "the pending series ends when the alert fires");
    assertEquals("firing", v.get(0).labels().get("alertstate"));

    conditionHolds = false;
    g.eval(start + 6 * MIN, query, head);
    assertEquals(AlertState.INACTIVE, rule(g).state());
    assertTrue(rule(g).activeAlerts().isEmpty());
    assertEquals(start + 6 * MIN, rule(g).alerts().get(0).resolvedAt(), "kept as resolved for notifications");
    assertTrue(alerts(start + 6 * MIN).isEmpty(), "ALERTS ends with a staleness marker");

    // Resolved alerts are forgotten after 15 minutes.
    g.eval(start + 21 * MIN, query, head);
    assertEquals(1, rule(g).alerts().size());
    g.eval(start + 22 * MIN, query, head);
    assertTrue(rule(g).alerts().isEmpty());
  }

  @Test
  void pendingAlertThatStopsIsDroppedAndStartsOverLater() {
    RuleGroup g = group(5 * MIN, 0, 0);
    conditionHolds = true;
    g.eval(T0, query, head);
    conditionHolds = false;
    g.eval(T0 + MIN, query, head);
    assertTrue(rule(g).alerts().isEmpty());
    conditionHolds = true;
    g.eval(T0 + 2 * MIN, query, head);
    assertEquals(T0 + 2 * MIN, rule(g).activeAlerts().get(0).activeAt());
    g.eval(T0 + 6 * MIN, query, head);
    assertEquals(AlertState.PENDING, rule(g).state());
    g.eval(T0 + 7 * MIN, query, head);
    assertEquals(AlertState.FIRING, rule(g).state());
  }

  @Test
  void zeroForFiresAtOnce() {
    RuleGroup g = group(0, 0, 0);
    conditionHolds = true;
    g.eval(T0, query, head);
    assertEquals(AlertState.FIRING, rule(g).state());
    assertEquals("firing", alerts(T0).get(0).labels().get("alertstate"));
  }

  @Test
  void keepFiringForHoldsAFiringAlert() {
    RuleGroup g = group(MIN, 3 * MIN, 0);
    conditionHolds = true;
    g.eval(T0, query, head);
    g.eval(T0 + MIN, query, head);
    assertEquals(AlertState.FIRING, rule(g).state());
    conditionHolds = false;
    for (int m = 2; m <= 4; m++) {
      g.eval(T0 + m * MIN, query, head);
      assertEquals(AlertState.FIRING, rule(g).state(), "minute " + m);
      assertEquals(T0 + 2 * MIN, rule(g).activeAlerts().get(0).keepFiringSince());
      assertEquals("firing", alerts(T0 + m * MIN).get(0).labels().get("alertstate"));
    }
    g.eval(T0 + 5 * MIN, query, head);
    assertEquals(AlertState.INACTIVE, rule(g).state());
    assertTrue(alerts(T0 + 5 * MIN).isEmpty());
  }

  @Test
  void keepFiringForIsResetWhenTheConditionReturns() {
    RuleGroup g = group(0, 3 * MIN, 0);
    conditionHolds = true;
    g.eval(T0, query, head);
    conditionHolds = false;
    g.eval(T0 + MIN, query, head);
    g.eval(T0 + 2 * MIN, query, head);
    conditionHolds = true;
    g.eval(T0 + 3 * MIN, query, head);
    assertEquals(Alert.NEVER, rule(g).activeAlerts().get(0).keepFiringSince());
    assertEquals(T0, rule(g).activeAlerts().get(0).activeAt());
  }

  @Test
  void limitCountsAlertsAndClearsThem() {
    RuleGroup g = group(0, 0, 1);
    RuleQuery two = (expr, t) -> {
      Vector v = new Vector();
      v.add(new Sample(Labels.of("checker_name", "a"), t, 1));
      v.add(new Sample(Labels.of("checker_name", "b"), t, 1));
      return v;
    };
    g.eval(T0, two, head);
    assertEquals(RuleHealth.BAD, rule(g).health());
    assertEquals("exceeded limit of 1 with 2 alerts", rule(g).lastError());
    assertTrue(rule(g).alerts().isEmpty());
    assertTrue(alerts(T0).isEmpty());
  }

  @Test
  void aFailingQueryMakesTheRuleUnhealthy() {
    RuleGroup g = group(0, 0, 0);
    g.eval(T0, (expr, t) -> {
      throw new IllegalStateException("query timed out");
    }, head);
    assertEquals(RuleHealth.BAD, rule(g).health());
    assertEquals("query timed out", rule(g).lastError());
  }
}
