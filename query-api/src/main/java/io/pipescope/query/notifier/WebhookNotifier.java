package io.pipescope.query.notifier;

import io.pipescope.query.rules.AlertNotification;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers one webhook's notifications in order on its own thread: each POST has the configured
 * timeout; a refused connection, a timeout, 408, 429 or 5xx is retried with doubling backoff
 * (or the receiver's Retry-After) until {@code max_retry_duration}; any other 4xx is dropped at
 * once, since sending the same body again cannot succeed. Everything dropped is counted.
 */
final class WebhookNotifier implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WebhookNotifier.class.getName());
  /** How often an idle notifier looks for alerts that expired without a resend. */
  private static final long EXPIRY_CHECK_MILLIS = 1000;

  /** A notification waiting for delivery. */
  private static final class Delivery {
    final String body;
    final int alerts;
    long firstAttemptNanos;
    long nextAttemptNanos;
    int attempts;

    Delivery(String body, int alerts) {
      this.body = body;
      this.alerts = alerts;
    }
  }

  private final WebhookConfig config;
  private final String externalUrl;
  private final HttpClient http;
  private final Clock clock;
  private final WebhookAlertLog log;
  private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile String lastError = "";

  final AtomicLong sent = new AtomicLong();
  final AtomicLong failedAttempts = new AtomicLong();
  final AtomicLong droppedQueueFull = new AtomicLong();
  final AtomicLong droppedRetriesExhausted = new AtomicLong();
  final AtomicLong droppedRejected = new AtomicLong();

  WebhookNotifier(WebhookConfig config, String externalUrl, HttpClient http, Clock clock) {
    this.config = config;
    this.externalUrl = externalUrl;
    this.http = http;
    this.clock = clock;
    this.log = new WebhookAlertLog(config.repeatInterval().toMillis(), config.sendResolved());
    this.thread = new Thread(this::run, "webhook-" + config.name());
    thread.setDaemon(true);
  }

  WebhookConfig config() {
    return config;
  }

  void start() {
    thread.start();
  }

  /** Takes the alerts the rules sent; the ones this webhook must hear of are queued for delivery. */
  void accept(List<AlertNotification> alerts) {
    enqueue(log.accept(alerts, clock.millis()));
  }

  private void enqueue(List<WebhookGroup.Entry> due) {
    if (due.isEmpty()) {
      return;
    }
    for (WebhookGroup group : WebhookAlertLog.groupByAlertName(due)) {
      String body = config.format() == WebhookConfig.Format.SLACK ? AlertPayloads.slack(group)
          : AlertPayloads.alertmanagerWebhook(group, config.name(), externalUrl);
      synchronized (this) {
        if (queue.size() >= config.queueCapacity()) {
          queue.pollFirst();
          droppedQueueFull.incrementAndGet();
        }
        queue.addLast(new Delivery(body, group.alerts().size()));
        notifyAll();
      }
    }
  }

  synchronized int queueLength() {
    return queue.size();
  }

  /** The last delivery error, or "". */
  String lastError() {
    return lastError;
  }

  private void run() {
    while (!closed) {
      try {
        enqueue(log.expire(clock.millis()));
        Delivery next = nextDue();
        if (next != null) {
          attempt(next, true);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        lastError = e.toString();
        LOG.log(Level.WARNING, "webhook " + config.name() + ": unexpected error", e);
      }
    }
  }

  /** The head of the queue once its next attempt is due, or null after waiting a while. */
  private synchronized Delivery nextDue() throws InterruptedException {
    Delivery head = queue.peekFirst();
    if (head == null) {
      wait(EXPIRY_CHECK_MILLIS);
      return null;
    }
    long waitNanos = head.nextAttemptNanos - System.nanoTime();
    if (head.attempts > 0 && waitNanos > 0) {
      wait(Math.max(1, Math.min(EXPIRY_CHECK_MILLIS, waitNanos / 1_000_000)));
      return null;
    }
    return head;
  }

  /** One POST of {@code d}; with {@code retry} false a failure drops it (used at shutdown). */
  private void attempt(Delivery d, boolean retry) throws InterruptedException {
    long now = System.nanoTime();
    if (d.attempts++ == 0) {
      d.firstAttemptNanos = now;
    }
    String failure;
    OptionalLong retryAfterSeconds = OptionalLong.empty();
    boolean retryable;
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(config.url())
          .timeout(config.timeout())
          .header("Content-Type", "application/json")
          .header("User-Agent", "pipescope")
          .POST(HttpRequest.BodyPublishers.ofString(d.body, StandardCharsets.UTF_8));
      config.headers().forEach(request::header);
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if (status / 100 == 2) {
        if (!lastError.isEmpty()) {
          LOG.info("webhook " + config.name() + ": delivering again after: " + lastError);
          lastError = "";
        }
        done(d);
        sent.addAndGet(d.alerts);
        return;
      }
      failure = "HTTP " + status + " " + abbreviate(response.body());
      retryable = status == 408 || status == 429 || status >= 500;
      retryAfterSeconds = response.headers().firstValueAsLong("Retry-After");
    } catch (IOException e) {
      failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      retryable = true;
    }
    failedAttempts.incrementAndGet();
    if (lastError.isEmpty()) {
      LOG.warning("webhook " + config.name() + " " + config.url().getHost() + ": " + failure
          + (retryable && retry ? "; retrying" : "; dropped"));
    }
    lastError = failure;
    if (!retryable) {
      done(d);
      droppedRejected.addAndGet(d.alerts);
    } else if (!retry || now - d.firstAttemptNanos >= config.maxRetryDuration().toNanos()) {
      done(d);
      droppedRetriesExhausted.addAndGet(d.alerts);
    } else {
      long backoff = Math.min(config.maxBackoff().toNanos(),
          config.initialBackoff().toNanos() << Math.min(30, d.attempts - 1));
      if (retryAfterSeconds.isPresent()) {
        backoff = Math.min(config.maxBackoff().toNanos(), Math.max(backoff, retryAfterSeconds.getAsLong() * 1_000_000_000L));
      }
      d.nextAttemptNanos = System.nanoTime() + backoff;
    }
  }

  private synchronized void done(Delivery d) {
    queue.remove(d);
  }

  private static String abbreviate(String body) {
    String oneLine = body.replaceAll("\\s+", " ").trim();
    return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
  }

  /** Stops the thread, then tries what is still queued once each until {@code deadlineNanos}. */
  void close(long deadlineNanos) {
    closed = true;
    thread.interrupt();
    try {
      thread.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
      while (System.nanoTime() < deadlineNanos) {
        Delivery d;
        synchronized (this) {
          d = queue.peekFirst();
        }
        if (d == null) {
          return;
        }
        attempt(d, false);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(System.nanoTime() + 2_000_000_000L);
  }
}
