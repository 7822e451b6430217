package io.pipescope.query.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.query.promql.engine.PromqlEngine;
import io.pipescope.query.exposition.ExpositionFormat;
import io.pipescope.query.exposition.ExpositionWriter;
import io.pipescope.query.promql.engine.Vector;
import io.pipescope.store.internal.head.Head;
import io.pipescope.store.internal.head.HeadLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleManagerTest {
  private static final long T0 = 1_764_000_000_000L;
  private static final long MIN = 60_000;
  private static final String RULES = """
      groups:
        - name: g
          interval: 1m
          rules:
            - record: up:sum
              expr: sum(up)
            - alert: Up
              expr: up > 0
              for: 2m
      """;

  @TempDir
  Path dir;
  private final Head head = new Head(HeadLog.NONE);
  private final PromqlEngine engine = new PromqlEngine();
  private final ManualClock clock = new ManualClock(T0);
  private RuleManager manager;
  private Path file;

  @BeforeEach
  void setUp() throws Exception {
    Appender app = head.appender();
    for (int i = 0; i <= 60; i++) {
      app.append(0, Labels.of("__name__", "up", "job", "a"), T0 + i * MIN, 1);
    }
    app.commit();
    file = dir.resolve("rules.yml");
    Files.writeString(file, RULES);
    manager = new RuleManager(new RuleManager.Options(List.of(dir + "/*.yml"), MIN, Map.of(), "http://ps"),
        RuleQuery.of(engine, head), head, clock);
  }

  @Test
  void ruleEngineHealthIsExposedPerGroup() throws Exception {
    Appender app = head.appender();
    app.append(0, Labels.of("__name__", "up2", "job", "a"), T0, 1);
    app.commit();
    Files.writeString(file, RULES + """
              - record: clash
                expr: '{__name__=~"up|up2"}'
        """);
    assertEquals(List.of(), manager.reload());
    clock.set(manager.groups().get(0).evalTimestamp(T0) + MIN);
    assertEquals(1, manager.runDue());
    String group = "rule_group=\"" + file + ";g\"";
    String text = metrics();
    assertTrue(text.contains("pipescope_rules_last_reload_successful 1"), text);
    assertTrue(text.contains("pipescope_rule_evaluations_total{" + group + "} 3"), text);
    // The clashing recording rule fails: two series named clash{job="a"}.
    assertTrue(text.contains("pipescope_rule_evaluation_failures_total{" + group + "} 1"), text);
    assertTrue(text.contains("pipescope_rule_group_rules{" + group + "} 3"), text);
    assertTrue(text.contains("pipescope_rule_group_interval_seconds{" + group + "} 60"), text);

    Files.writeString(file, "groups: [");
    assertTrue(!manager.reload().isEmpty());
    assertTrue(metrics().contains("pipescope_rules_last_reload_successful 0"), metrics());
  }

  private String metrics() {
    StringBuilder out = new StringBuilder();
    ExpositionWriter writer = ExpositionFormat.PROMETHEUS_TEXT.newWriter(out);
    manager.collect(writer);
    writer.finish();
    return out.toString();
  }

  @Test
  void groupsAreEvaluatedOnTheirAlignedGridOnlyWhenDue() {
    assertEquals(List.of(), manager.reload());
    RuleGroup g = manager.groups().get(0);
    long first = g.evalTimestamp(T0) + MIN;
    assertTrue(first > T0 && first <= T0 + MIN);
    assertEquals(0, manager.runDue());
    clock.set(first - 1);
    assertEquals(0, manager.runDue());
    clock.set(first);
    assertEquals(1, manager.runDue());
    assertEquals(first, g.lastEvaluation());
    assertEquals(0, manager.runDue());
    // After a pause of several intervals only the latest due time is evaluated.
    clock.set(first + 3 * MIN + 10);
    assertEquals(1, manager.runDue());
    assertEquals(first + 3 * MIN, g.lastEvaluation());
    Vector v = (Vector) engine.instantQuery(head, "up:sum", first + 3 * MIN).value();
    assertEquals(1.0, v.get(0).v());
  }

  @Test
  void alignmentDependsOnFileAndNameAndStaysWithinTheInterval() {
    long a = GroupAlignment.evalTimestamp("a.yml", "g", MIN, T0);
    long b = GroupAlignment.evalTimestamp("b.yml", "g", MIN, T0);
    assertTrue(a <= T0 && a > T0 - MIN);
    assertTrue(b <= T0 && b > T0 - MIN);
    assertTrue(a != b);
    assertEquals(a, GroupAlignment.evalTimestamp("a.yml", "g", MIN, a));
    assertEquals(a, GroupAlignment.evalTimestamp("a.yml", "g", MIN, a + MIN - 1));
    assertEquals(a + MIN, GroupAlignment.evalTimestamp("a.yml", "g", MIN, a + MIN));
    assertEquals(0xEF46DB3751D8E999L, io.pipescope.query.promql.engine.LabelsHash.hash(
        io.pipescope.aggregator.metrics.Labels.empty())); // XXH64 of nothing
  }

  @Test
  void invalidFileOnReloadKeepsTheRulesRunning() throws Exception {
    manager.reload();
    for (int i = 1; i <= 4; i++) {
      clock.set(T0 + i * MIN);
      manager.runDue();
    }
    AlertingRule before = (AlertingRule) manager.groups().get(0).rules().get(1);
    assertEquals(AlertState.FIRING, before.state());

    Files.writeString(file, RULES.replace("expr: up > 0", "expr: up >"));
    List<RuleFileException.Problem> problems = manager.reload();
    assertEquals(1, problems.size());
    assertEquals(file.toString(), problems.get(0).file());
    assertEquals(8, problems.get(0).line());
    assertTrue(problems.get(0).reason().contains("could not parse expression"), problems.get(0).reason());
    assertEquals(problems, manager.lastReloadProblems());
    assertEquals(2, manager.groups().get(0).rules().size());
    assertTrue(manager.groups().get(0).rules().get(1) == before, "the same rule keeps running");
    clock.set(T0 + 5 * MIN);
    assertEquals(1, manager.runDue());

    // A valid file again: the alert keeps its state and activeAt across the reload.
    long activeAt = before.activeAlerts().get(0).activeAt();
    Files.writeString(file, RULES.replace("for: 2m", "for: 2m\n        labels: {team: ops}"));
    assertEquals(List.of(), manager.reload());
    assertEquals(List.of(), manager.lastReloadProblems());
    AlertingRule after = (AlertingRule) manager.groups().get(0).rules().get(1);
    assertTrue(after != before);
    assertEquals(AlertState.FIRING, after.state());
    clock.set(T0 + 6 * MIN);
    manager.runDue();
    // New labels make a new alert; the old one resolves.
    List<Alert.Snapshot> alerts = after.alerts();
    assertEquals(2, alerts.size());
    Alert.Snapshot ops = alerts.stream().filter(x -> "ops".equals(x.labels().get("team"))).findFirst().orElseThrow();
    assertEquals(AlertState.PENDING, ops.state());
    assertTrue(alerts.stream().anyMatch(x -> x.state() == AlertState.INACTIVE && x.activeAt() == activeAt));
  }

  @Test
  void removedGroupSeriesAreMarkedStale() throws Exception {
    manager.reload();
    clock.set(T0 + 2 * MIN);
    manager.runDue();
    long at = manager.groups().get(0).lastEvaluation();
    assertEquals(1, ((Vector) engine.instantQuery(head, "up:sum", at).value()).size());
    Files.writeString(file, "groups: []\n");
    clock.set(T0 + 2 * MIN + 30_000);
    assertEquals(List.of(), manager.reload());
    assertTrue(manager.groups().isEmpty());
    assertTrue(((Vector) engine.instantQuery(head, "up:sum", T0 + 2 * MIN + 30_000).value()).isEmpty());
  }

  @Test
  void theSchedulerEvaluatesDueGroupsAndARuleThatCannotWriteRecordsIt() throws Exception {
    manager.reload();
    RuleGroup g = manager.groups().get(0);
    java.util.concurrent.atomic.AtomicInteger appenders = new java.util.concurrent.atomic.AtomicInteger();
    RuleManager failing = new RuleManager(new RuleManager.Options(List.of(dir + "/*.yml"), MIN, Map.of(), ""),
        RuleQuery.of(engine, head), () -> {
          if (appenders.incrementAndGet() == 1) {
            throw new IllegalStateException("store closed");
          }
          return head.appender();
        }, clock);
    failing.reload();
    failing.start(5);
    try {
      clock.set(g.evalTimestamp(T0) + MIN);
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (failing.groups().get(0).lastEvaluation() == Alert.NEVER && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Rule recording = failing.groups().get(0).rules().get(0);
      assertEquals(RuleHealth.BAD, recording.health());
      assertEquals("writing rule results: store closed", recording.lastError());
      assertEquals(RuleHealth.GOOD, failing.groups().get(0).rules().get(1).health());
      clock.set(g.evalTimestamp(T0) + 2 * MIN);
      while (failing.groups().get(0).lastEvaluation() != g.evalTimestamp(T0) + 2 * MIN
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(RuleHealth.GOOD, recording.health());
      assertEquals("", failing.lastSchedulerError());
      assertEquals(g.evalTimestamp(T0) + 2 * MIN, failing.groups().get(0).lastEvaluation());
    } finally {
      failing.close();
    }
  }

  @Test
  void snapshotHasTheShapeOfTheRulesApi() {
    manager.reload();
    clock.set(T0 + 2 * MIN);
    manager.runDue();
    RulesSnapshot s = manager.snapshot();
    RulesSnapshot.Group g = s.groups().get(0);
    assertEquals("g", g.name());
    assertEquals(file.toString(), g.file());
    assertEquals(MIN, g.intervalMillis());
    RulesSnapshot.RuleStatus rec = g.rules().get(0);
    assertEquals("recording", rec.type());
    assertEquals("sum(up)", rec.query());
    assertEquals(RuleHealth.GOOD, rec.health());
    RulesSnapshot.RuleStatus alert = g.rules().get(1);
    assertEquals("alerting", alert.type());
    assertEquals(2 * MIN, alert.forMillis());
    assertEquals(AlertState.PENDING, alert.state());
    assertEquals(1, s.activeAlerts().size());
    assertEquals(Labels.of("alertname", "Up", "job", "a"), s.activeAlerts().get(0).labels());
  }
}
