package io.pipescope.query.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.query.promql.engine.PromqlEngine;
import io.pipescope.query.promql.engine.Vector;
import io.pipescope.store.internal.head.Head;
import io.pipescope.store.internal.head.HeadLog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's story: the architectural-consistency checker's rework rate rises above 25 % after a
 * prompt change at 12:33; the alert is pending once the 15-minute ratio crosses the threshold,
 * fires 3 hours later (about 3:45 PM), and resolves minutes after the change is reverted at 16:30.
 */
class ReworkScenarioTest {
  private static final long MIN = 60_000;
  private static final long HOUR = 60 * MIN;
  private static final String ARCH = "architectural-consistency";

  private static long at(String hhmm) {
    return Instant.parse("2026-11-20T" + hhmm + ":00Z").toEpochMilli();
  }

  /** Per minute, 10 runs of each checker; architectural-consistency reworks 3 of them from 12:34 to 16:30, else 1. */
  private static Head factoryData() throws Exception {
    Head head = new Head(HeadLog.NONE);
    Appender app = head.appender();
    double runs = 0;
    double archRework = 0;
    double schemaRework = 0;
    for (long t = at("09:00"); t <= at("18:00"); t += MIN) {
      boolean promptChanged = t > at("12:33") && t <= at("16:30");
      runs += 10;
      archRework += promptChanged ? 3 : 1;
      schemaRework += 1;
      for (String checker : List.of(ARCH, "schema-validation")) {
        app.append(0, Labels.of("__name__", "checker_runs_total", "checker_name", checker), t, runs);
        app.append(0, Labels.of("__name__", "checker_rework_total", "checker_name", checker), t,
            checker.equals(ARCH) ? archRework : schemaRework);
      }
    }
    app.commit();
    return head;
  }

  @Test
  void reworkAbove25PercentFor3HoursFiresThenResolvesAfterTheRevert() throws Exception {
    Head head = factoryData();
    PromqlEngine engine = new PromqlEngine();
    ManualClock clock = new ManualClock(at("09:00"));
    Path rules = Path.of(getClass().getResource("/rules/factory-rework.yml").toURI());
    RuleManager manager = new RuleManager(
        new RuleManager.Options(List.of(rules.toString()), MIN, Map.of(), "http://pipescope:9490"),
        RuleQuery.of(engine, head), head, clock);
    assertEquals(List.of(), manager.reload());
    AlertingRule alert = (AlertingRule) manager.groups().get(0).rules().get(1);

    runUntil(manager, clock, "12:40");
    assertEquals(AlertState.INACTIVE, alert.state(), "15-minute ratio still below 25 %");

    runUntil(manager, clock, "12:46");
    Alert.Snapshot pending = alert.activeAlerts().get(0);
    assertEquals(AlertState.PENDING, pending.state());
    assertEquals(Labels.of("alertname", "CheckerReworkRateHigh", "checker_name", ARCH, "severity", "warning"),
        pending.labels());
    assertTrue(pending.activeAt() >= at("12:44") && pending.activeAt() < at("12:45"), "crossed at 12:44");

    runUntil(manager, clock, "15:43");
    assertEquals(AlertState.PENDING, alert.state(), "not yet 3 hours");

    runUntil(manager, clock, "15:46");
    Alert.Snapshot firing = alert.activeAlerts().get(0);
    assertEquals(AlertState.FIRING, firing.state());
    assertEquals(pending.activeAt() + 3 * HOUR, firing.firedAt());
    assertEquals(ARCH + " rework rate is 30%", firing.annotations().get("summary"));
    assertEquals("For 3 hours, more than 25 % of " + ARCH + " runs needed rework. Drill down: "
        + "http://pipescope:9490/d/factory-checkers?var-checker=" + ARCH, firing.annotations().get("description"));
    assertEquals(0.3, firing.value(), 1e-9);
    assertEquals(1, alert.activeAlerts().size(), "schema-validation stays at 10 %");

    runUntil(manager, clock, "16:33");
    assertEquals(AlertState.FIRING, alert.state(), "the window still holds the bad minutes");

    long check = at("16:00");
    Vector alerts = (Vector) engine.instantQuery(head, "ALERTS", check).value();
    assertEquals(1, alerts.size());
    assertEquals(firing.labels().with("__name__", "ALERTS").with("alertstate", "firing"), alerts.get(0).labels());
    assertEquals(1.0, alerts.get(0).v());
    Vector forState = (Vector) engine.instantQuery(head, "ALERTS_FOR_STATE", check).value();
    assertEquals(Math.floorDiv(pending.activeAt(), 1000), (long) forState.get(0).v());
    Vector recorded = (Vector) engine.instantQuery(head, "checker:rework_ratio:rate15m", check).value();
    assertEquals(2, recorded.size());

    runUntil(manager, clock, "16:36");
    assertEquals(AlertState.INACTIVE, alert.state());
    assertTrue(alert.activeAlerts().isEmpty());
    Alert.Snapshot resolved = alert.alerts().get(0);
    assertTrue(resolved.resolvedAt() >= at("16:34") && resolved.resolvedAt() < at("16:35"));
    assertTrue(((Vector) engine.instantQuery(head, "ALERTS", at("16:36")).value()).isEmpty());
    assertEquals(RuleHealth.GOOD, alert.health());
  }

  private static void runUntil(RuleManager manager, ManualClock clock, String hhmm) {
    for (long t = clock.millis(); t <= at(hhmm); t += 20_000) {
      clock.set(t);
      manager.runDue();
    }
  }
}
