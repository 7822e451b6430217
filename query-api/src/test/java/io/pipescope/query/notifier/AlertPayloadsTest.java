package io.pipescope.query.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.rules.AlertNotification;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertPayloadsTest {
  private static final long STARTS = Instant.parse("2026-11-25T15:45:00Z").toEpochMilli();
  private static final AlertNotification ALERT = new AlertNotification(
      Labels.of("alertname", "FactoryCheckerReworkRateHigh", "checker_name", "architectural_consistency",
          "severity", "page"),
      Labels.of("summary", "architectural_consistency sends 31% of features back",
          "description", "Rework above 25% for 3 hours.", "dashboard", "http://grafana:3000/d/pipescope-factory"),
      STARTS, STARTS + 240_500, "http://pipescope:9490/graph?g0.expr=x&g0.tab=1");
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void alertmanagerV2BodyIsAListOfPostableAlertsWithMillisecondTimes() throws Exception {
    JsonNode body = json.readTree(AlertPayloads.alertmanagerV2(List.of(ALERT)));
    assertEquals(1, body.size());
    JsonNode a = body.get(0);
    assertEquals("2026-11-25T15:45:00.000Z", a.get("startsAt").asText());
    assertEquals("2026-11-25T15:49:00.500Z", a.get("endsAt").asText());
    assertEquals("architectural_consistency", a.get("labels").get("checker_name").asText());
    assertEquals("Rework above 25% for 3 hours.", a.get("annotations").get("description").asText());
    assertEquals(ALERT.generatorUrl(), a.get("generatorURL").asText());
  }

  @Test
  void alertmanagerWebhookPayloadHasVersion4Fields() throws Exception {
    WebhookGroup group = new WebhookGroup(Labels.of("alertname", "FactoryCheckerReworkRateHigh"),
        List.of(new WebhookGroup.Entry(ALERT, false)));
    JsonNode p = json.readTree(AlertPayloads.alertmanagerWebhook(group, "team-chat", "http://pipescope:9490"));
    assertEquals("4", p.get("version").asText());
    assertEquals("firing", p.get("status").asText());
    assertEquals("team-chat", p.get("receiver").asText());
    assertEquals("{}:{alertname=\"FactoryCheckerReworkRateHigh\"}", p.get("groupKey").asText());
    assertEquals("page", p.get("commonLabels").get("severity").asText());
    assertEquals("http://pipescope:9490", p.get("externalURL").asText());
    JsonNode a = p.get("alerts").get(0);
    assertEquals("firing", a.get("status").asText());
    assertEquals("2026-11-25T15:45:00Z", a.get("startsAt").asText());
    assertEquals("0001-01-01T00:00:00Z", a.get("endsAt").asText(), "a firing alert has no end yet");
    assertTrue(a.get("fingerprint").asText().matches("[0-9a-f]{16}"));

    WebhookGroup resolved = new WebhookGroup(group.groupLabels(), List.of(new WebhookGroup.Entry(ALERT, true)));
    JsonNode r = json.readTree(AlertPayloads.alertmanagerWebhook(resolved, "team-chat", ""));
    assertEquals("resolved", r.get("status").asText());
    assertEquals("2026-11-25T15:49:00.5Z", r.get("alerts").get(0).get("endsAt").asText());
  }

  @Test
  void slackMessageHasTitleSummaryDescriptionAndLinks() throws Exception {
    WebhookGroup group = new WebhookGroup(Labels.of("alertname", "FactoryCheckerReworkRateHigh"),
        List.of(new WebhookGroup.Entry(ALERT, false)));
    JsonNode m = json.readTree(AlertPayloads.slack(group));
    String title = "[FIRING:1] FactoryCheckerReworkRateHigh (architectural_consistency page)";
    assertEquals(title, m.get("text").asText());
    JsonNode att = m.get("attachments").get(0);
    assertEquals("danger", att.get("color").asText());
    assertEquals(ALERT.generatorUrl(), att.get("title_link").asText());
    String text = att.get("text").asText();
    assertTrue(text.contains("*architectural_consistency sends 31% of features back*"), text);
    assertTrue(text.contains("Rework above 25% for 3 hours."), text);
    assertTrue(text.contains("<http://grafana:3000/d/pipescope-factory|dashboard>"), text);
    assertTrue(text.contains("<" + ALERT.generatorUrl() + "|expression>"), text);

    WebhookGroup resolved = new WebhookGroup(group.groupLabels(), List.of(new WebhookGroup.Entry(ALERT, true)));
    JsonNode r = json.readTree(AlertPayloads.slack(resolved));
    assertEquals("[RESOLVED] FactoryCheckerReworkRateHigh (architectural_consistency page)", r.get("text").asText());
    assertEquals("good", r.get("attachments").get(0).get("color").asText());
  }

  @Test
  void slackControlCharactersAreEscaped() throws Exception {
    AlertNotification a = new AlertNotification(Labels.of("alertname", "X"), Labels.of("summary", "a<b & c>d"),
        0, 1, "http://ps/graph");
    String text = json.readTree(AlertPayloads.slack(new WebhookGroup(Labels.of("alertname", "X"),
        List.of(new WebhookGroup.Entry(a, false))))).get("attachments").get(0).get("text").asText();
    assertTrue(text.contains("*a&lt;b &amp; c&gt;d*"), text);
  }

  @Test
  void fingerprintIsFnv64aOverSortedLabels() {
    // Go: model.LabelSet{}.Fingerprint() is the FNV-1a offset basis.
    assertEquals("cbf29ce484222325", AlertFingerprint.of(Labels.empty()));
    assertEquals(AlertFingerprint.of(Labels.of("a", "1", "b", "2")), AlertFingerprint.of(Labels.of("b", "2", "a", "1")));
  }
}
