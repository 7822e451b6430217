package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipescope.app.testing.AlertmanagerProcess;
import io.pipescope.app.testing.MetricsPage;
import io.pipescope.app.testing.RemoteWriteClient;
import io.pipescope.app.testing.RunningPipescope;
import io.pipescope.query.testing.RecordingReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's alert end to end: a rework ratio above 25 % arrives by remote write, the rule fires
 * after its {@code for}, and the alert reaches a real Alertmanager (Debian's package, its webhook
 * pointing at this test) and pipescope's own direct webhook, labels and annotations intact; when
 * the ratio drops, both hear that it resolved.
 */
class AlertmanagerNotificationTest {
  private static final String RULES = """
      groups:
        - name: factory-alerts
          interval: 1s
          rules:
            - alert: FactoryCheckerReworkRateHigh
              expr: pipeline_rework_ratio > 0.25
              for: 2s
              labels:
                severity: page
              annotations:
                summary: "{{ $labels.checker_name }} sends {{ $value | humanizePercentage }} of features back"
                dashboard: "http://grafana.example/d/pipescope-factory?var-checker={{ $labels.checker_name }}"
      """;
  private static final Map<String, String> CHECKER = Map.of("checker_name", "architectural_consistency");

  private final ObjectMapper json = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void alertAndItsResolutionReachAlertmanagerAndTheDirectWebhook() throws Exception {
    Path rules = Files.writeString(dir.resolve("alerts.yml"), RULES);
    try (RecordingReceiver amWebhook = RecordingReceiver.onFreePort().start();
        RecordingReceiver directWebhook = RecordingReceiver.onFreePort().start();
        AlertmanagerProcess alertmanager = AlertmanagerProcess.start(dir, amWebhook.url("/from-alertmanager"));
        RunningPipescope pipescope = RunningPipescope.start(
            "rules.files=[" + rules + "]",
            "api.external_url=http://pipescope.test:9490/",
            "external_labels={factory: demo}",
            "alerting.resend_delay=1s",
            "alerting.alertmanagers=[{url: " + alertmanager.baseUrl() + "}]",
            "alerting.webhooks=[{name: team-chat, url: " + directWebhook.url("/chat") + ", format: alertmanager}]")) {
      RemoteWriteClient writer = new RemoteWriteClient(pipescope.pipescope().otlpHttpAddress().getPort());
      long crossed = System.currentTimeMillis();
      assertEquals(204, writer.write("pipeline_rework_ratio", CHECKER, crossed, 0.31));

      JsonNode fired = awaitPayload(amWebhook, "firing", alertmanager);
      JsonNode alert = fired.get("alerts").get(0);
      assertEquals(Map.of("alertname", "FactoryCheckerReworkRateHigh", "checker_name", "architectural_consistency",
          "severity", "page", "factory", "demo"), json.convertValue(alert.get("labels"), Map.class));
      assertEquals("architectural_consistency sends 31% of features back",
          alert.get("annotations").get("summary").asText());
      assertEquals("http://grafana.example/d/pipescope-factory?var-checker=architectural_consistency",
          alert.get("annotations").get("dashboard").asText());
      assertEquals("http://pipescope.test:9490/graph?g0.expr=pipeline_rework_ratio+%3E+0.25&g0.tab=1",
          alert.get("generatorURL").asText());
      long startsAt = Instant.parse(alert.get("startsAt").asText()).toEpochMilli();
      assertTrue(startsAt >= crossed + 2000, "fired only after being pending for 2 s: crossed at " + crossed
          + ", started " + startsAt);

      JsonNode direct = awaitPayload(directWebhook, "firing", alertmanager);
      JsonNode directAlert = direct.get("alerts").get(0);
      assertEquals(alert.get("labels"), directAlert.get("labels"));
      assertEquals(alert.get("annotations"), directAlert.get("annotations"));
      assertEquals(alert.get("fingerprint").asText(), directAlert.get("fingerprint").asText(),
          "pipescope computes Alertmanager's fingerprint");
      assertEquals("team-chat", direct.get("receiver").asText());

      JsonNode held = alertmanager.alerts();
      assertEquals(1, held.size(), held.toString());
      assertEquals("active", held.get(0).get("status").get("state").asText());

      assertEquals(204, writer.write("pipeline_rework_ratio", CHECKER, System.currentTimeMillis(), 0.12));
      JsonNode resolved = awaitPayload(amWebhook, "resolved", alertmanager);
      assertEquals("resolved", resolved.get("alerts").get(0).get("status").asText());
      assertEquals(alert.get("labels"), resolved.get("alerts").get(0).get("labels"));
      JsonNode directResolved = awaitPayload(directWebhook, "resolved", alertmanager);
      assertEquals(alert.get("labels"), directResolved.get("alerts").get(0).get("labels"));

      MetricsPage metrics = pipescope.scrape();
      assertTrue(metrics.value("pipescope_notifications_sent_total",
          "alertmanager", alertmanager.baseUrl() + "/api/v2/alerts") >= 2, metrics.text());
      assertEquals(0, metrics.value("pipescope_notifications_dropped_total"));
      assertEquals(2, metrics.value("pipescope_webhook_notifications_sent_total", "webhook", "team-chat"));
    }
  }

  /** The next payload of {@code status} the receiver gets within 30 s (earlier ones of another status skipped). */
  private JsonNode awaitPayload(RecordingReceiver receiver, String status, AlertmanagerProcess alertmanager)
      throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      RecordingReceiver.Request r = receiver.next(1);
      if (r != null) {
        JsonNode payload = json.readTree(r.body());
        if (payload.get("status").asText().equals(status)) {
          return payload;
        }
      }
    }
    throw alertmanager.failure("no " + status + " notification within 30 s");
  }
}
