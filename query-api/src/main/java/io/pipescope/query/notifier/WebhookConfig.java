package io.pipescope.query.notifier;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A webhook pipescope notifies directly, without an Alertmanager.
 *
 * @param name names the webhook in metrics and as the payload's {@code receiver}
 * @param format the body: Slack's incoming-webhook message or Alertmanager's webhook payload
 * @param timeout how long one delivery attempt may take
 * @param sendResolved whether resolutions are notified too
 * @param repeatInterval how often a still-firing alert is notified again (Alertmanager's
 *     {@code repeat_interval}, 4 h by default)
 * @param initialBackoff the wait after the first failed attempt; it doubles after each further one
 * @param maxBackoff the longest wait between attempts
 * @param maxRetryDuration how long a notification is retried before it is dropped
 * @param queueCapacity notifications waiting for delivery; past it the oldest is dropped
 * @param headers sent with every request, such as an {@code Authorization}
 */
public record WebhookConfig(String name, URI url, Format format, Duration timeout, boolean sendResolved,
    Duration repeatInterval, Duration initialBackoff, Duration maxBackoff, Duration maxRetryDuration,
    int queueCapacity, Map<String, String> headers) {
  /** The payload formats a webhook can take. */
  public enum Format {
    SLACK,
    ALERTMANAGER;

    /** {@code slack} or {@code alertmanager}. */
    public static Format parse(String s) {
      for (Format f : values()) {
        if (f.name().equalsIgnoreCase(s)) {
          return f;
        }
      }
      throw new IllegalArgumentException("format must be slack or alertmanager, got '" + s + "'");
    }

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public WebhookConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a webhook needs a name");
    }
    url = HttpTargets.checkUrl(url, "webhook url");
    HttpTargets.checkTimeout(timeout);
    if (repeatInterval.toMillis() < 1 || initialBackoff.toMillis() < 1 || maxBackoff.compareTo(initialBackoff) < 0
        || maxRetryDuration.isNegative()) {
      throw new IllegalArgumentException("repeat_interval and initial_backoff must be positive, max_backoff at least"
          + " initial_backoff and max_retry_duration not negative");
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queue_capacity must be at least 1, got " + queueCapacity);
    }
    headers = HttpTargets.checkHeaders(headers);
  }

  /** With the defaults: 10 s timeout, resolutions sent, repeat every 4 h, back off 1 s to 1 m, retry for 10 m, 1000 queued. */
  public static WebhookConfig of(String name, URI url, Format format) {
    return new WebhookConfig(name, url, format, Duration.ofSeconds(10), true, Duration.ofHours(4),
        Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(10), 1000, Map.of());
  }
}
