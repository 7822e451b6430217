package io.pipescope.query.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.query.promql.engine.PromqlEngine;
import io.pipescope.store.internal.head.Head;
import io.pipescope.store.internal.head.HeadLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which alerts an evaluation sends and with which times, as Prometheus's sendAlerts and SendAlerts. */
class AlertSendingTest {
  private static final long SEC = 1000;

  private final Head head = new Head(HeadLog.NONE);
  private final PromqlEngine engine = new PromqlEngine();
  private final List<List<AlertNotification>> sent = new ArrayList<>();

  private RuleGroup group(String expr, long forMillis, long intervalMillis) {
    RuleSpec rule = new RuleSpec(null, "aTooHigh", expr, forMillis, 0, Map.of("severity", "page"),
        Map.of("summary", "a is {{ $value }}"), 1);
    return new RuleGroup(new RuleGroupSpec("a.yml", "alert", intervalMillis, 0, 0, List.of(rule)), intervalMillis,
        Map.of(), "http://pipescope.example:9490");
  }

  private void write(long t, double v) throws Exception {
    Appender app = head.appender();
    app.append(0, Labels.of("__name__", "a"), t, v);
    app.commit();
  }

  private List<AlertNotification> eval(RuleGroup g, long t, long resendDelay) {
    sent.clear();
    g.eval(t, RuleQuery.of(engine, head), head, sent::add, resendDelay);
    return sent.isEmpty() ? List.of() : sent.get(0);
  }

  /** Prometheus's TestNotify: sent at once, not again within the resend delay, resent after it, resolution at once. */
  @Test
  void firingAlertIsResentAfterTheResendDelayAndItsResolutionAtOnce() throws Exception {
    write(1 * SEC, 2);
    write(2 * SEC, 3);
    write(5 * SEC, 3);
    write(6 * SEC, 0);
    RuleGroup g = group("a > 1", 0, SEC);
    long resendDelay = 2 * SEC;

    List<AlertNotification> first = eval(g, 1 * SEC, resendDelay);
    assertEquals(1, first.size());
    // Valid for four times the longer of resend delay and interval.
    assertEquals(1 * SEC + 4 * resendDelay, first.get(0).endsAt());
    assertEquals(1 * SEC, first.get(0).startsAt());

    assertTrue(eval(g, 2 * SEC, resendDelay).isEmpty(), "not sent again within the resend delay");
    List<AlertNotification> resent = eval(g, 5 * SEC, resendDelay);
    assertEquals(1, resent.size());
    assertEquals(1 * SEC, resent.get(0).startsAt(), "startsAt stays the time it fired");
    assertEquals(5 * SEC + 4 * resendDelay, resent.get(0).endsAt());

    List<AlertNotification> resolved = eval(g, 6 * SEC, resendDelay);
    assertEquals(1, resolved.size());
    assertEquals(6 * SEC, resolved.get(0).endsAt(), "a resolved alert ends when it resolved");
    assertTrue(resolved.get(0).resolvedAt(6 * SEC));
  }

  @Test
  void pendingAlertsAreNotSent() throws Exception {
    for (long t = 0; t <= 3 * 60 * SEC; t += 60 * SEC) {
      write(t, 5);
    }
    RuleGroup g = group("a > 1", 2 * 60 * SEC, 60 * SEC);
    assertTrue(eval(g, 0, 60 * SEC).isEmpty());
    assertTrue(eval(g, 60 * SEC, 60 * SEC).isEmpty());
    List<AlertNotification> firing = eval(g, 120 * SEC, 60 * SEC);
    assertEquals(1, firing.size(), "sent once it fires");
    assertEquals(120 * SEC, firing.get(0).startsAt(), "startsAt is when it fired, not when it became pending");
  }

  @Test
  void resolvedAlertIsResentOnTheResendScheduleWhileKept() throws Exception {
    write(0, 5);
    write(60 * SEC, 0);
    RuleGroup g = group("a > 1", 0, 60 * SEC);
    assertEquals(1, eval(g, 0, 60 * SEC).size());
    assertEquals(1, eval(g, 60 * SEC, 60 * SEC).size(), "resolution sent at once");
    assertTrue(eval(g, 120 * SEC, 60 * SEC).isEmpty(), "last sent 60 s ago: not yet");
    List<AlertNotification> again = eval(g, 180 * SEC, 60 * SEC);
    assertEquals(1, again.size(), "resent while the resolved alert is kept");
    assertEquals(60 * SEC, again.get(0).endsAt());
  }

  @Test
  void notificationCarriesLabelsAnnotationsAndALinkToTheExpression() throws Exception {
    write(0, 7);
    RuleGroup g = group("sum by (job) (a) > 1 or a  >  1", 0, 60 * SEC);
    AlertNotification a = eval(g, 0, 60 * SEC).get(0);
    assertEquals(Labels.of("alertname", "aTooHigh", "severity", "page"), a.labels());
    assertEquals(Labels.of("summary", "a is 7"), a.annotations());
    // The expression as Prometheus prints it, query-escaped as Go's url.QueryEscape does.
    assertEquals("http://pipescope.example:9490/graph?g0.expr=sum+by+%28job%29+%28a%29+%3E+1+or+a+%3E+1&g0.tab=1",
        a.generatorUrl());
  }
}
