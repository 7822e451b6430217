package io.pipescope.query.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.query.promql.engine.FPoint;
import io.pipescope.query.promql.engine.Matrix;
import io.pipescope.query.promql.engine.PromqlEngine;
import io.pipescope.query.promql.engine.Sample;
import io.pipescope.query.promql.engine.Series;
import io.pipescope.query.promql.engine.Vector;
import io.pipescope.store.StaleMarker;
import io.pipescope.store.internal.head.Head;
import io.pipescope.store.internal.head.HeadLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecordingRuleTest {
  private static final long T0 = 1_764_000_000_000L;
  private static final long MIN = 60_000;
  private final PromqlEngine engine = new PromqlEngine();
  private Head head;

  @BeforeEach
  void load() throws Exception {
    head = new Head(HeadLog.NONE);
    Appender app = head.appender();
    for (int i = 0; i <= 10; i++) {
      long t = T0 + i * MIN;
      app.append(0, Labels.of("__name__", "checker_runs_total", "checker_name", "a", "env", "prod"), t, 10 * i);
      app.append(0, Labels.of("__name__", "checker_runs_total", "checker_name", "b", "env", "prod"), t, 2 * i);
    }
    app.commit();
  }

  private static RuleGroup group(long queryOffset, int limit, RuleSpec... rules) {
    return new RuleGroup(new RuleGroupSpec("rules.yml", "g", MIN, limit, queryOffset, List.of(rules)), MIN,
        Map.of(), "");
  }

  private static RuleSpec record(String name, String expr, Map<String, String> labels) {
    return new RuleSpec(name, null, expr, 0, 0, labels, Map.of(), 1);
  }

  private List<Series> stored(String metric, long at) {
    Matrix m = (Matrix) engine.instantQuery(head, metric + "[1h]", at).value();
    List<Series> out = new ArrayList<>(m);
    out.sort((x, y) -> x.labels().toString().compareTo(y.labels().toString()));
    return out;
  }

  @Test
  void resultsAreAppendedWithRecordNameAndRuleLabels() {
    RuleGroup g = group(0, 0, record("checker:runs:rate5m",
        "sum by (checker_name) (rate(checker_runs_total[5m]))", Map.of("team", "platform")));
    g.eval(T0 + 5 * MIN, RuleQuery.of(engine, head), head);
    g.eval(T0 + 6 * MIN, RuleQuery.of(engine, head), head);

    List<Series> series = stored("checker:runs:rate5m", T0 + 6 * MIN);
    assertEquals(2, series.size());
    assertEquals(Labels.of("__name__", "checker:runs:rate5m", "checker_name", "a", "team", "platform"),
        series.get(0).labels());
    assertEquals(List.of(new FPoint(T0 + 5 * MIN, 10.0 / 60), new FPoint(T0 + 6 * MIN, 10.0 / 60)),
        series.get(0).points());
    assertEquals(Labels.of("__name__", "checker:runs:rate5m", "checker_name", "b", "team", "platform"),
        series.get(1).labels());
    assertEquals(2.0 / 60, series.get(1).points().get(0).v(), 1e-12);
    assertEquals(RuleHealth.GOOD, g.rules().get(0).health());
    assertEquals("", g.rules().get(0).lastError());
    assertEquals(T0 + 6 * MIN, g.lastEvaluation());
  }

  @Test
  void recordedSeriesFeedLaterRulesOfTheGroup() {
    RuleGroup g = group(0, 0,
        record("job:runs:sum", "sum(checker_runs_total)", Map.of()),
        record("job:runs:doubled", "job:runs:sum * 2", Map.of()));
    g.eval(T0 + 3 * MIN, RuleQuery.of(engine, head), head);
    Vector v = (Vector) engine.instantQuery(head, "job:runs:doubled", T0 + 3 * MIN).value();
    assertEquals(2 * (30 + 6), v.get(0).v());
  }

  @Test
  void queryOffsetShiftsQueryAndSampleTime() {
    RuleGroup g = group(2 * MIN, 0, record("runs", "checker_runs_total{checker_name=\"a\"}", Map.of()));
    g.eval(T0 + 5 * MIN, RuleQuery.of(engine, head), head);
    List<Series> s = stored("runs", T0 + 5 * MIN);
    assertEquals(List.of(new FPoint(T0 + 3 * MIN, 30)), s.get(0).points());
  }

  @Test
  void anEmptyRuleLabelRemovesTheLabel() {
    RuleGroup g = group(0, 0, record("runs", "checker_runs_total", Map.of("env", "")));
    g.eval(T0, RuleQuery.of(engine, head), head);
    assertEquals(Labels.of("__name__", "runs", "checker_name", "a"), stored("runs", T0).get(0).labels());
  }

  @Test
  void limitFailsTheRuleAndWritesNothing() {
    RuleGroup g = group(0, 1, record("runs", "checker_runs_total", Map.of()));
    g.eval(T0, RuleQuery.of(engine, head), head);
    assertEquals(RuleHealth.BAD, g.rules().get(0).health());
    assertEquals("exceeded limit 1 with 2 series", g.rules().get(0).lastError());
    assertTrue(stored("runs", T0).isEmpty());
  }

  @Test
  void sameLabelsAfterRuleLabelsIsAnError() {
    RuleGroup g = group(0, 0, record("runs", "checker_runs_total", Map.of("checker_name", "x")));
    g.eval(T0, RuleQuery.of(engine, head), head);
    assertEquals("vector contains metrics with the same labelset after applying rule labels",
        g.rules().get(0).lastError());
  }

  @Test
  void aSeriesThatDisappearsIsMarkedStale() throws Exception {
    List<Vector> answers = new ArrayList<>();
    Vector both = new Vector();
    both.add(new Sample(Labels.of("k", "1"), 0, 1));
    both.add(new Sample(Labels.of("k", "2"), 0, 2));
    Vector one = new Vector();
    one.add(new Sample(Labels.of("k", "1"), 0, 3));
    answers.add(both);
    answers.add(one);
    RuleQuery stub = (expr, t) -> answers.remove(0);
    RuleGroup g = group(0, 0, record("r", "vector(1)", Map.of()));
    g.eval(T0, stub, head);
    g.eval(T0 + MIN, stub, head);
    // The querier returns raw samples, stale markers included.
    try (var q = head.querier(T0, T0 + MIN)) {
      var set = q.select(false, io.pipescope.store.LabelMatcher.equal("k", "2"));
      assertTrue(set.next());
      var it = set.at().iterator();
      assertTrue(it.next());
      assertEquals(2, it.value());
      assertTrue(it.next());
      assertEquals(T0 + MIN, it.timestamp());
      assertTrue(StaleMarker.isStale(it.value()));
    }
    assertTrue(((Vector) engine.instantQuery(head, "r{k=\"2\"}", T0 + MIN).value()).isEmpty());
  }
}
