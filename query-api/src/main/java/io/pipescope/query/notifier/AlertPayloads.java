package io.pipescope.query.notifier;

import static io.pipescope.query.internal.JsonStrings.quote;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.internal.JsonStrings;
import io.pipescope.query.rules.AlertNotification;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The JSON bodies pipescope sends: Alertmanager's v2 alerts, its webhook payload, and Slack's message. */
final class AlertPayloads {
  /** go-openapi strfmt.DateTime's format, which Alertmanager's v2 API reads and writes. */
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  /** Go's zero time, as Alertmanager writes the endsAt of a firing alert in webhook payloads. */
  private static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";

  private AlertPayloads() {}

  /** {@code POST /api/v2/alerts}'s body (PostableAlerts), as Prometheus's notifier writes it. */
  static String alertmanagerV2(List<AlertNotification> alerts) {
    StringBuilder b = new StringBuilder(256 * alerts.size() + 2).append('[');
    for (int i = 0; i < alerts.size(); i++) {
      AlertNotification a = alerts.get(i);
      b.append(i == 0 ? "" : ",").append("{\"annotations\":");
      JsonStrings.labels(b, a.annotations());
      b.append(",\"endsAt\":").append(quote(MILLIS.format(Instant.ofEpochMilli(a.endsAt()))))
          .append(",\"startsAt\":").append(quote(MILLIS.format(Instant.ofEpochMilli(a.startsAt()))))
          .append(",\"generatorURL\":").append(quote(a.generatorUrl()))
          .append(",\"labels\":");
      JsonStrings.labels(b, a.labels());
      b.append('}');
    }
    return b.append(']').toString();
  }

  /**
   * Alertmanager's webhook payload (version 4) for one group of alerts, so a receiver written for
   * Alertmanager's webhook_config reads pipescope's direct webhook unchanged.
   */
  static String alertmanagerWebhook(WebhookGroup group, String receiver, String externalUrl) {
    StringBuilder b = new StringBuilder(512);
    b.append("{\"receiver\":").append(quote(receiver))
        .append(",\"status\":").append(quote(group.status()))
        .append(",\"alerts\":[");
    for (int i = 0; i < group.alerts().size(); i++) {
      WebhookGroup.Entry e = group.alerts().get(i);
      AlertNotification a = e.alert();
      b.append(i == 0 ? "" : ",").append("{\"status\":").append(quote(e.resolved() ? "resolved" : "firing"))
          .append(",\"labels\":");
      JsonStrings.labels(b, a.labels());
      b.append(",\"annotations\":");
      JsonStrings.labels(b, a.annotations());
      b.append(",\"startsAt\":").append(quote(goTime(a.startsAt())))
          .append(",\"endsAt\":").append(quote(e.resolved() ? goTime(a.endsAt()) : GO_ZERO_TIME))
          .append(",\"generatorURL\":").append(quote(a.generatorUrl()))
          .append(",\"fingerprint\":").append(quote(AlertFingerprint.of(a.labels())))
          .append('}');
    }
    b.append("],\"groupLabels\":");
    JsonStrings.labels(b, group.groupLabels());
    b.append(",\"commonLabels\":");
    JsonStrings.labels(b, group.commonLabels());
    b.append(",\"commonAnnotations\":");
    JsonStrings.labels(b, group.commonAnnotations());
    b.append(",\"externalURL\":").append(quote(externalUrl))
        .append(",\"version\":\"4\",\"groupKey\":").append(quote("{}:" + braces(group.groupLabels())))
        .append(",\"truncatedAlerts\":0}");
    return b.toString();
  }

  /**
   * A Slack incoming-webhook message (also read by Mattermost and Rocket.Chat): a title as
   * Alertmanager's default Slack template writes it, and per alert its summary, description,
   * labels and links (the expression, and every annotation that is a URL, such as a dashboard).
   */
  static String slack(WebhookGroup group) {
    String title = title(group);
    StringBuilder text = new StringBuilder();
    for (WebhookGroup.Entry e : group.alerts()) {
      AlertNotification a = e.alert();
      String summary = a.annotations().get("summary");
      text.append(text.length() == 0 ? "" : "\n\n")
          .append(e.resolved() ? ":white_check_mark: " : ":fire: ")
          .append("*").append(slackEscape(summary != null ? summary : a.labels().get("alertname"))).append("*");
      String description = a.annotations().get("description");
      if (description != null) {
        text.append('\n').append(slackEscape(description));
      }
      text.append("\n*Labels:*");
      for (int i = 0; i < a.labels().size(); i++) {
        text.append(' ').append(slackEscape(a.labels().name(i))).append("=`")
            .append(slackEscape(a.labels().value(i))).append('`');
      }
      List<String> links = new ArrayList<>();
      links.add("<" + a.generatorUrl() + "|expression>");
      for (int i = 0; i < a.annotations().size(); i++) {
        String v = a.annotations().value(i);
        if (v.startsWith("http://") || v.startsWith("https://")) {
          links.add("<" + v + "|" + slackEscape(a.annotations().name(i)) + ">");
        }
      }
      text.append('\n').append(String.join(" · ", links));
    }
    String firstLink = group.alerts().get(0).alert().generatorUrl();
    return "{\"text\":" + quote(title)
        + ",\"attachments\":[{\"color\":" + quote(group.status().equals("firing") ? "danger" : "good")
        + ",\"title\":" + quote(title) + ",\"title_link\":" + quote(firstLink)
        + ",\"fallback\":" + quote(title) + ",\"text\":" + quote(text.toString())
        + ",\"mrkdwn_in\":[\"text\"]}]}";
  }

  /** {@code [FIRING:2] GroupValues (other common label values)}, Alertmanager's default subject. */
  static String title(WebhookGroup group) {
    StringBuilder t = new StringBuilder("[").append(group.status().toUpperCase(Locale.ROOT));
    if (group.status().equals("firing")) {
      t.append(':').append(group.alerts().stream().filter(e -> !e.resolved()).count());
    }
    t.append("] ");
    List<String> groupValues = new ArrayList<>();
    for (int i = 0; i < group.groupLabels().size(); i++) {
      groupValues.add(group.groupLabels().value(i));
    }
    t.append(String.join(" ", groupValues));
    List<String> others = new ArrayList<>();
    for (int i = 0; i < group.commonLabels().size(); i++) {
      if (group.groupLabels().get(group.commonLabels().name(i)) == null) {
        others.add(group.commonLabels().value(i));
      }
    }
    if (!others.isEmpty()) {
      t.append(" (").append(String.join(" ", others)).append(')');
    }
    return t.toString();
  }

  /** Slack's three control characters in message text. */
  private static String slackEscape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String braces(Labels labels) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < labels.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(labels.name(i)).append('=').append(quote(labels.value(i)));
    }
    return b.append('}').toString();
  }

  /** Go's time.Time JSON form (RFC 3339 with the fraction's trailing zeros dropped). */
  static String goTime(long millis) {
    String withMillis = MILLIS.format(Instant.ofEpochMilli(millis));
    int end = withMillis.length() - 1;
    while (withMillis.charAt(end - 1) == '0') {
      end--;
    }
    if (withMillis.charAt(end - 1) == '.') {
      end--;
    }
    return withMillis.substring(0, end) + "Z";
  }
}
