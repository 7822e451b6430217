package io.pipescope.query.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.query.promql.engine.PromqlEngine;
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

/** After a restart, alerts continue from the ALERTS_FOR_STATE they stored, as Prometheus restores them. */
class AlertStateRestoreTest {
  private static final long T0 = 1_764_000_000_000L;
  private static final long MIN = 60_000;

  @TempDir
  Path dir;
  private final Head head = new Head(HeadLog.NONE);
  private final ManualClock clock = new ManualClock(T0);

  @BeforeEach
  void setUp() throws Exception {
    Appender app = head.appender();
    for (int i = 0; i <= 300; i++) {
      app.append(0, Labels.of("__name__", "up", "job", "a"), T0 + i * MIN, 1);
    }
    app.commit();
    Files.writeString(dir.resolve("rules.yml"), """
        groups:
          - name: g
            interval: 1m
            rules:
              - alert: Up
                expr: up > 0
                for: 1h
        """);
  }

  private RuleManager start() {
    return start(RuleManager.FOR_GRACE_PERIOD_MILLIS);
  }

  private RuleManager start(long gracePeriodMillis) {
    RuleManager m = new RuleManager(new RuleManager.Options(List.of(dir + "/rules.yml"), MIN, Map.of(), "",
        RuleManager.OUTAGE_TOLERANCE_MILLIS, gracePeriodMillis), RuleQuery.of(new PromqlEngine(), head), head, clock,
        head);
    assertEquals(List.of(), m.reload());
    return m;
  }

  /** Evaluates once a minute until {@code untilMillis}; returns the last evaluation's time. */
  private long runUntil(RuleManager m, long untilMillis) {
    while (clock.millis() < untilMillis) {
      clock.advance(MIN);
      m.runDue();
    }
    return m.groups().get(0).lastEvaluation();
  }

  /** The newest stored ALERTS_FOR_STATE value (activeAt in seconds). */
  private double lastForState() {
    Vector v = RuleQuery.of(new PromqlEngine(), head).query("last_over_time(ALERTS_FOR_STATE[1h])", clock.millis());
    assertEquals(1, v.size(), v.toString());
    return v.get(0).v();
  }

  private static Alert.Snapshot alert(RuleManager m) {
    List<Alert.Snapshot> alerts = ((AlertingRule) m.groups().get(0).rules().get(0)).activeAlerts();
    assertEquals(1, alerts.size(), alerts.toString());
    return alerts.get(0);
  }

  @Test
  void aPendingAlertContinuesItsForWithoutCountingTheDowntime() {
    RuleManager before = start();
    long downAt = runUntil(before, T0 + 30 * MIN);
    Alert.Snapshot pending = alert(before);
    assertEquals(AlertState.PENDING, pending.state());

    clock.advance(20 * MIN); // down for 20 minutes
    RuleManager after = start();
    clock.advance(MIN);
    after.runDue();
    clock.advance(MIN);
    after.runDue(); // the restore runs after the second evaluation
    long restoredAt = clock.millis();
    Alert.Snapshot restored = alert(after);
    assertEquals(pending.activeAt() + (restoredAt - downAt), restored.activeAt());

    // It fires an hour of up-time after it became active: not sooner, not an hour after the restart.
    long firesAt = restored.activeAt() + 60 * MIN;
    runUntil(after, firesAt - MIN);
    assertEquals(AlertState.PENDING, alert(after).state());
    runUntil(after, firesAt + MIN);
    assertEquals(AlertState.FIRING, alert(after).state());
  }

  @Test
  void aFiringAlertFiresAgainRightAfterTheRestoreInsteadOfWaitingItsForAgain() {
    RuleManager before = start();
    runUntil(before, T0 + 90 * MIN);
    Alert.Snapshot firing = alert(before);
    assertEquals(AlertState.FIRING, firing.state());

    clock.advance(5 * MIN);
    RuleManager after = start();
    clock.advance(MIN);
    after.runDue();
    // Before the restore its for starts over (pending), and nothing is written over the stored state.
    assertEquals(AlertState.PENDING, alert(after).state());
    assertEquals(Math.floorDiv(firing.activeAt(), 1000), lastForState());
    clock.advance(MIN);
    after.runDue();
    // activeAt is stored in whole seconds, as Prometheus stores it.
    assertEquals(Math.floorDiv(firing.activeAt(), 1000) * 1000, alert(after).activeAt());
    clock.advance(MIN);
    after.runDue();
    assertEquals(AlertState.FIRING, alert(after).state());
  }

  @Test
  void aPendingAlertCloseToFiringWaitsTheGracePeriod() {
    RuleManager before = start();
    runUntil(before, T0 + 55 * MIN);
    assertEquals(AlertState.PENDING, alert(before).state());

    clock.advance(MIN);
    RuleManager after = start();
    clock.advance(MIN);
    after.runDue();
    clock.advance(MIN);
    after.runDue();
    long restoredAt = clock.millis();
    // Less than the 10-minute grace period was left: it fires 10 minutes after the restore.
    assertEquals(restoredAt + RuleManager.FOR_GRACE_PERIOD_MILLIS - 60 * MIN, alert(after).activeAt());
  }

  @Test
  void theGracePeriodComesFromTheOptions() {
    RuleManager before = start();
    runUntil(before, T0 + 59 * MIN); // 2 minutes of its hour left: less than the 3-minute grace
    assertEquals(AlertState.PENDING, alert(before).state());

    clock.advance(MIN);
    RuleManager after = start(3 * MIN);
    clock.advance(MIN);
    after.runDue();
    clock.advance(MIN);
    after.runDue();
    assertEquals(clock.millis() + 3 * MIN - 60 * MIN, alert(after).activeAt());
  }

  @Test
  void groupsLoadedByALaterReloadAreNotHeldBack() throws Exception {
    RuleManager m = new RuleManager(new RuleManager.Options(List.of(dir + "/*.yml"), MIN, Map.of(), ""),
        RuleQuery.of(new PromqlEngine(), head), head, clock, head);
    Files.delete(dir.resolve("rules.yml"));
    assertEquals(List.of(), m.reload());
    Files.writeString(dir.resolve("rules.yml"), """
        groups:
          - name: g
            interval: 1m
            rules:
              - alert: Up
                expr: up > 0
                for: 2m
        """);
    assertEquals(List.of(), m.reload());
    runUntil(m, T0 + 10 * MIN);
    assertEquals(AlertState.FIRING, alert(m).state());
    assertTrue(alert(m).firedAt() > alert(m).activeAt());
  }
}
