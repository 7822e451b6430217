package io.pipescope.app.config;

import io.pipescope.query.notifier.AlertmanagerTarget;
import io.pipescope.query.notifier.NotificationManager;
import io.pipescope.query.notifier.WebhookConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where alerts go and how they are labelled and linked.
 *
 * @param externalUrl pipescope's URL as its users reach it ({@code api.external_url}, Prometheus's
 *     --web.external-url): alerts' generatorURL and templates' {@code $externalURL} start with it
 * @param externalLabels labels added to every alert ({@code external_labels}, Prometheus's
 *     global.external_labels), also what templates see as {@code $externalLabels}
 * @param resendDelay how often a firing alert is sent again (--rules.alert.resend-delay)
 * @param queueCapacity alerts waiting for the Alertmanagers
 */
public record AlertingConfig(String externalUrl, Map<String, String> externalLabels, Duration resendDelay,
    int queueCapacity, List<AlertmanagerTarget> alertmanagers, List<WebhookConfig> webhooks) {
  public AlertingConfig {
    externalLabels = Map.copyOf(externalLabels);
    alertmanagers = List.copyOf(alertmanagers);
    webhooks = List.copyOf(webhooks);
    if (resendDelay.toMillis() < 1) {
      throw new IllegalArgumentException("resend_delay must be positive, got " + resendDelay);
    }
  }

  public NotificationManager.Options notifierOptions() {
    return new NotificationManager.Options(alertmanagers, webhooks, externalLabels, externalUrl, queueCapacity);
  }
}
