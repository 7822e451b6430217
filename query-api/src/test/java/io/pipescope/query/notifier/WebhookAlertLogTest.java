package io.pipescope.query.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.rules.AlertNotification;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A chat hears of an alert when it starts, every repeat interval while it lasts, and when it ends. */
class WebhookAlertLogTest {
  private static final long MIN = 60_000;
  private static final long HOUR = 60 * MIN;
  private static final Labels ARCH = Labels.of("alertname", "HighRework", "checker", "arch");
  private static final Labels TESTS = Labels.of("alertname", "HighRework", "checker", "tests");

  private final WebhookAlertLog log = new WebhookAlertLog(4 * HOUR, true);

  /** A firing alert sent at {@code t}, valid for four minutes, as the rules send it. */
  private static AlertNotification firing(Labels labels, long t) {
    return new AlertNotification(labels, Labels.of("summary", "rework"), 0, t + 4 * MIN, "http://ps/graph");
  }

  private static AlertNotification resolved(Labels labels, long resolvedAt) {
    return new AlertNotification(labels, Labels.of("summary", "rework"), 0, resolvedAt, "http://ps/graph");
  }

  @Test
  void firingIsNotifiedOnceThenAgainAfterTheRepeatInterval() {
    assertEquals(List.of(new WebhookGroup.Entry(firing(ARCH, 0), false)), log.accept(List.of(firing(ARCH, 0)), 0));
    for (long t = MIN; t < 4 * HOUR; t += MIN) {
      assertTrue(log.accept(List.of(firing(ARCH, t)), t).isEmpty(), "resend at " + t);
    }
    assertEquals(1, log.accept(List.of(firing(ARCH, 4 * HOUR)), 4 * HOUR).size());
  }

  @Test
  void resolutionIsNotifiedOnceAndAFreshFiringAgain() {
    log.accept(List.of(firing(ARCH, 0)), 0);
    List<WebhookGroup.Entry> due = log.accept(List.of(resolved(ARCH, MIN)), MIN);
    assertEquals(List.of(new WebhookGroup.Entry(resolved(ARCH, MIN), true)), due);
    assertTrue(log.accept(List.of(resolved(ARCH, MIN)), 2 * MIN).isEmpty(), "repeated resolution");
    assertEquals(1, log.accept(List.of(firing(ARCH, 3 * MIN)), 3 * MIN).size(), "fires again");
  }

  @Test
  void resolutionOfAnAlertNeverNotifiedFiringIsIgnored() {
    assertTrue(log.accept(List.of(resolved(ARCH, MIN)), MIN).isEmpty());
  }

  @Test
  void firingAlertThatIsNotResentExpiresAsResolved() {
    log.accept(List.of(firing(ARCH, 0), firing(TESTS, 0)), 0);
    log.accept(List.of(firing(TESTS, 3 * MIN)), 3 * MIN);
    assertTrue(log.expire(4 * MIN - 1).isEmpty());
    List<WebhookGroup.Entry> expired = log.expire(4 * MIN);
    assertEquals(1, expired.size());
    assertEquals(ARCH, expired.get(0).alert().labels());
    assertTrue(expired.get(0).resolved());
    assertTrue(log.expire(5 * MIN).isEmpty(), "reported once");
  }

  @Test
  void resolvedAlertsAreForgottenAfterTheRetention() {
    log.accept(List.of(firing(ARCH, 0)), 0);
    log.accept(List.of(resolved(ARCH, MIN)), MIN);
    log.expire(MIN + WebhookAlertLog.RESOLVED_RETENTION_MILLIS);
    assertEquals(1, log.size());
    log.expire(MIN + WebhookAlertLog.RESOLVED_RETENTION_MILLIS + 1);
    assertEquals(0, log.size());
  }

  @Test
  void withoutSendResolvedOnlyFiringIsNotified() {
    WebhookAlertLog quiet = new WebhookAlertLog(4 * HOUR, false);
    quiet.accept(List.of(firing(ARCH, 0)), 0);
    assertTrue(quiet.accept(List.of(resolved(ARCH, MIN)), MIN).isEmpty());
    assertEquals(1, quiet.accept(List.of(firing(ARCH, 2 * MIN)), 2 * MIN).size(), "a new firing still is");
  }

  @Test
  void notificationsAreGroupedByAlertName() {
    Labels other = Labels.of("alertname", "DeploysStopped", "env", "prod");
    List<WebhookGroup> groups = WebhookAlertLog.groupByAlertName(List.of(
        new WebhookGroup.Entry(firing(ARCH, 0), false), new WebhookGroup.Entry(firing(other, 0), false),
        new WebhookGroup.Entry(resolved(TESTS, 0), true)));
    assertEquals(2, groups.size());
    assertEquals(Labels.of("alertname", "HighRework"), groups.get(0).groupLabels());
    assertEquals(2, groups.get(0).alerts().size());
    assertEquals("firing", groups.get(0).status());
    assertEquals(Labels.of("alertname", "HighRework"), groups.get(0).commonLabels());
    assertEquals("resolved", new WebhookGroup(Labels.of("alertname", "HighRework"),
        List.of(new WebhookGroup.Entry(resolved(TESTS, 0), true))).status());
    assertFalse(groups.get(1).alerts().get(0).resolved());
  }
}
