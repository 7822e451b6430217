package io.pipescope.query.notifier;

import static io.pipescope.query.notifier.WebhookNotifierTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.exposition.ExpositionFormat;
import io.pipescope.query.exposition.ExpositionWriter;
import io.pipescope.query.rules.AlertNotification;
import io.pipescope.query.testing.RecordingReceiver;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Alerts to Alertmanagers' v2 API from a bounded queue, with the counts Prometheus's notifier keeps. */
class NotificationManagerTest {
  private final ObjectMapper json = new ObjectMapper();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private static AlertNotification alert(String name) {
    long now = System.currentTimeMillis();
    return new AlertNotification(Labels.of("alertname", name, "env", "staging"), Labels.of("summary", name),
        now, now + 240_000, "http://pipescope:9490/graph?g0.expr=up&g0.tab=1");
  }

  private NotificationManager manager(List<AlertmanagerTarget> targets, int capacity) {
    NotificationManager m = new NotificationManager(new NotificationManager.Options(targets, List.of(),
        Map.of("env", "prod", "region", "eu"), "http://pipescope:9490", capacity), Clock.systemUTC());
    closing.add(0, () -> m.close(Duration.ZERO));
    return m;
  }

  private RecordingReceiver receiver(boolean up) throws Exception {
    RecordingReceiver r = RecordingReceiver.onFreePort();
    closing.add(r);
    return up ? r.start() : r;
  }

  private static AlertmanagerTarget target(RecordingReceiver r, String prefix) {
    return new AlertmanagerTarget(r.url(prefix), Duration.ofSeconds(2), Map.of("Authorization", "Basic cGlwZTpzY29wZQ=="));
  }

  private static String metrics(NotificationManager m) {
    StringBuilder out = new StringBuilder();
    ExpositionWriter w = ExpositionFormat.PROMETHEUS_TEXT.newWriter(out);
    m.collect(w);
    w.finish();
    return out.toString();
  }

  @Test
  void alertsArePostedToTheV2ApiWithExternalLabelsUnderTheAlertsOwn() throws Exception {
    RecordingReceiver am = receiver(true);
    NotificationManager m = manager(List.of(target(am, "/prefix/")), 100).start();
    m.send(List.of(alert("HighRework")));
    RecordingReceiver.Request r = am.next(10);
    assertNotNull(r);
    assertEquals("/prefix/api/v2/alerts", r.path());
    assertEquals("application/json", r.contentType());
    assertEquals("Basic cGlwZTpzY29wZQ==", r.authorization());
    JsonNode a = json.readTree(r.body()).get(0);
    assertEquals("staging", a.get("labels").get("env").asText(), "the alert's own label wins");
    assertEquals("eu", a.get("labels").get("region").asText());
    assertEquals("HighRework", a.get("annotations").get("summary").asText());
    await(() -> metrics(m).contains("pipescope_notifications_sent_total{alertmanager=\""
        + am.url("/prefix/api/v2/alerts") + "\"} 1"), "sent counted");
  }

  @Test
  void everyAlertmanagerGetsTheBatchAndADownOneCountsErrors() throws Exception {
    RecordingReceiver up = receiver(true);
    RecordingReceiver down = receiver(false);
    NotificationManager m = manager(List.of(target(up, ""), target(down, "")), 100).start();
    m.send(List.of(alert("A"), alert("B")));
    assertEquals(2, json.readTree(up.next(10).body()).size(), "one batch of two");
    await(() -> metrics(m).contains("pipescope_notifications_errors_total{alertmanager=\""
        + down.url("/api/v2/alerts") + "\"} 2"), "errors counted per alert");
    assertTrue(metrics(m).contains("pipescope_notifications_dropped_total 0"), metrics(m));
  }

  @Test
  void batchNoAlertmanagerAcceptsIsCountedDropped() throws Exception {
    RecordingReceiver refusing = receiver(true);
    refusing.answer(500);
    NotificationManager m = manager(List.of(target(refusing, "")), 100).start();
    m.send(List.of(alert("A")));
    assertNotNull(refusing.next(10));
    await(() -> metrics(m).contains("pipescope_notifications_dropped_total 1"), "dropped counted");
  }

  @Test
  void fullQueueDropsTheOldestAlerts() throws Exception {
    RecordingReceiver am = receiver(true);
    NotificationManager m = manager(List.of(target(am, "")), 3);
    m.send(List.of(alert("A"), alert("B")));
    m.send(List.of(alert("C"), alert("D")));
    m.send(List.of(alert("E"), alert("F"), alert("G"), alert("H")));
    assertEquals(3, m.queueLength());
    assertTrue(metrics(m).contains("pipescope_notifications_dropped_total 5"), metrics(m));
    m.start();
    JsonNode sent = json.readTree(am.next(10).body());
    List<String> names = new ArrayList<>();
    sent.forEach(a -> names.add(a.get("labels").get("alertname").asText()));
    assertEquals(List.of("F", "G", "H"), names, "the newest kept");
  }

  @Test
  void closeSendsWhatIsQueued() throws Exception {
    RecordingReceiver am = receiver(true);
    NotificationManager m = manager(List.of(target(am, "")), 100);
    m.send(List.of(alert("A")));
    m.close(Duration.ofSeconds(5));
    assertNotNull(am.next(0), "drained on shutdown");
  }

  @Test
  void webhookOnlyManagerDeliversWithoutAnAlertmanager() throws Exception {
    RecordingReceiver hook = receiver(true);
    NotificationManager m = new NotificationManager(new NotificationManager.Options(List.of(),
        List.of(WebhookConfig.of("chat", hook.url("/hook"), WebhookConfig.Format.SLACK)), Map.of(), "", 10),
        Clock.systemUTC()).start();
    closing.add(0, () -> m.close(Duration.ZERO));
    m.send(List.of(alert("A")));
    assertNotNull(hook.next(10));
    await(() -> metrics(m).contains("pipescope_webhook_notifications_sent_total{webhook=\"chat\"} 1"),
        "webhook sent counted");
  }

  @Test
  void pipescopesOwnHeadersCannotBeConfigured() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new AlertmanagerTarget(URI.create("http://am:9093"), Duration.ofSeconds(1),
            Map.of("Content-Type", "text/plain")));
    assertTrue(e.getMessage().contains("Content-Type"), e.getMessage());
  }

  @Test
  void alertmanagerUrlMustBeHttp() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new AlertmanagerTarget(URI.create("alertmanager:9093"), Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("http://"), e.getMessage());
  }
}
