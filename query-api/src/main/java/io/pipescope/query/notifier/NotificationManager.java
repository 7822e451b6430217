package io.pipescope.query.notifier;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.MetricType;
import io.pipescope.query.rules.AlertNotification;
import io.pipescope.query.rules.AlertSender;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * Takes the alerts the rules send and passes them on (notifier/notifier.go): external labels
 * added, queued (bounded: past the capacity the oldest alerts are dropped and counted), and sent
 * in batches of up to 256 to every Alertmanager at once; a batch that no Alertmanager accepted is
 * counted as dropped, since the rules send firing alerts again at the next resend. Webhooks get
 * every alert at once and decide for themselves what to deliver.
 */
public final class NotificationManager implements AlertSender, MetricSource, AutoCloseable {
  /** Alerts per POST, as Prometheus's maxBatchSize. */
  static final int MAX_BATCH_SIZE = 256;

  /**
   * @param externalLabels added to every alert that lacks them (Prometheus's global external_labels)
   * @param externalUrl pipescope's URL as its users reach it, for webhook payloads
   * @param queueCapacity alerts waiting for the Alertmanagers (Prometheus's
   *     --alertmanager.notification-queue-capacity, 10000)
   */
  public record Options(List<AlertmanagerTarget> alertmanagers, List<WebhookConfig> webhooks,
      Map<String, String> externalLabels, String externalUrl, int queueCapacity) {
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

    public Options {
      alertmanagers = List.copyOf(alertmanagers);
      webhooks = List.copyOf(webhooks);
      externalLabels = Map.copyOf(externalLabels);
      if (queueCapacity < 1) {
        throw new IllegalArgumentException("queue_capacity must be at least 1, got " + queueCapacity);
      }
      if (webhooks.stream().map(WebhookConfig::name).distinct().count() != webhooks.size()) {
        throw new IllegalArgumentException("webhook names must be unique");
      }
    }

    public boolean sendsAnywhere() {
      return !alertmanagers.isEmpty() || !webhooks.isEmpty();
    }
  }

  /** Counts per Alertmanager. */
  private record AlertmanagerStats(AlertmanagerTarget target, AtomicLong sent, AtomicLong errors) {}

  private final Options options;
  private final HttpClient http;
  private final List<AlertmanagerStats> alertmanagers = new ArrayList<>();
  private final List<WebhookNotifier> webhooks = new ArrayList<>();
  private final ArrayDeque<AlertNotification> queue = new ArrayDeque<>();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread sender;
  private volatile boolean closed;

  public NotificationManager(Options options, Clock clock) {
    this.options = options;
    this.http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .executor(Executors.newCachedThreadPool(r -> {
          Thread t = new Thread(r, "notification-http");
          t.setDaemon(true);
          return t;
        }))
        .build();
    for (AlertmanagerTarget t : options.alertmanagers()) {
      alertmanagers.add(new AlertmanagerStats(t, new AtomicLong(), new AtomicLong()));
    }
    for (WebhookConfig w : options.webhooks()) {
      webhooks.add(new WebhookNotifier(w, options.externalUrl(), http, clock));
    }
    this.sender = new Thread(this::run, "alertmanager-notifier");
    sender.setDaemon(true);
  }

  public NotificationManager start() {
    if (!alertmanagers.isEmpty()) {
      sender.start();
    }
    webhooks.forEach(WebhookNotifier::start);
    return this;
  }

  @Override
  public void send(List<AlertNotification> alerts) {
    List<AlertNotification> labelled = new ArrayList<>(alerts.size());
    for (AlertNotification a : alerts) {
      labelled.add(withExternalLabels(a));
    }
    for (WebhookNotifier w : webhooks) {
      w.accept(labelled);
    }
    if (alertmanagers.isEmpty()) {
      return;
    }
    synchronized (this) {
      int capacity = options.queueCapacity();
      int from = Math.max(0, labelled.size() - capacity);
      int overflow = queue.size() + labelled.size() - from - capacity;
      for (int i = 0; i < overflow; i++) {
        queue.pollFirst();
      }
      dropped.addAndGet(from + Math.max(0, overflow));
      queue.addAll(labelled.subList(from, labelled.size()));
      notifyAll();
    }
  }

  private AlertNotification withExternalLabels(AlertNotification a) {
    if (options.externalLabels().isEmpty()) {
      return a;
    }
    TreeMap<String, String> labels = new TreeMap<>(options.externalLabels());
    for (int i = 0; i < a.labels().size(); i++) {
      labels.put(a.labels().name(i), a.labels().value(i));
    }
    return new AlertNotification(Labels.from(labels), a.annotations(), a.startsAt(), a.endsAt(), a.generatorUrl());
  }

  private void run() {
    while (!closed) {
      try {
        List<AlertNotification> batch = nextBatch(true);
        if (!batch.isEmpty()) {
          sendToAlertmanagers(batch);
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized List<AlertNotification> nextBatch(boolean wait) throws InterruptedException {
    while (wait && queue.isEmpty() && !closed) {
      wait();
    }
    List<AlertNotification> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH_SIZE));
    while (batch.size() < MAX_BATCH_SIZE && !queue.isEmpty()) {
      batch.add(queue.pollFirst());
    }
    return batch;
  }

  /** Posts to every Alertmanager in parallel and waits for all; true when any accepted the batch. */
  private boolean sendToAlertmanagers(List<AlertNotification> batch) {
    String body = AlertPayloads.alertmanagerV2(batch);
    List<CompletableFuture<Boolean>> results = new ArrayList<>();
    for (AlertmanagerStats am : alertmanagers) {
      results.add(AlertmanagerClient.post(http, am.target(), body).thenApply(ok -> {
        (ok ? am.sent() : am.errors()).addAndGet(batch.size());
        return ok;
      }));
    }
    boolean anyAccepted = false;
    for (CompletableFuture<Boolean> r : results) {
      anyAccepted |= r.join();
    }
    if (!anyAccepted) {
      dropped.addAndGet(batch.size());
    }
    return anyAccepted;
  }

  public synchronized int queueLength() {
    return queue.size();
  }

  /** The notification metrics, named as Prometheus's prometheus_notifications_*. */
  @Override
  public void collect(MetricCollector c) {
    c.family("pipescope_notifications_alertmanagers_discovered", MetricType.GAUGE,
        "The number of Alertmanagers alerts are sent to.");
    c.sample(Labels.empty(), alertmanagers.size());
    c.family("pipescope_notifications_queue_capacity", MetricType.GAUGE,
        "The capacity of the alert notification queue.");
    c.sample(Labels.empty(), options.queueCapacity());
    c.family("pipescope_notifications_queue_length", MetricType.GAUGE,
        "The number of alert notifications in the queue.");
    c.sample(Labels.empty(), queueLength());
    c.family("pipescope_notifications_dropped", MetricType.COUNTER,
        "Alerts dropped: the queue was full, or no Alertmanager accepted them.");
    c.sample(Labels.empty(), dropped.get());
    perAlertmanager(c, "pipescope_notifications_sent", "Alerts sent to the Alertmanager.", a -> a.sent().get());
    perAlertmanager(c, "pipescope_notifications_errors", "Alerts the Alertmanager did not accept (error, timeout).",
        a -> a.errors().get());
    perWebhook(c, "pipescope_webhook_notifications_sent", MetricType.COUNTER,
        "Alerts delivered to the webhook.", w -> w.sent.get());
    perWebhook(c, "pipescope_webhook_notifications_failed_attempts", MetricType.COUNTER,
        "Delivery attempts that failed (each retry counts).", w -> w.failedAttempts.get());
    perWebhook(c, "pipescope_webhook_queue_length", MetricType.GAUGE,
        "Notifications waiting for delivery.", WebhookNotifier::queueLength);
    c.family("pipescope_webhook_notifications_dropped", MetricType.COUNTER,
        "Alerts never delivered: queue full, retries exhausted, or rejected by the receiver (4xx).");
    for (WebhookNotifier w : webhooks) {
      c.sample(Labels.of("webhook", w.config().name(), "reason", "queue_full"), w.droppedQueueFull.get());
      c.sample(Labels.of("webhook", w.config().name(), "reason", "retries_exhausted"),
          w.droppedRetriesExhausted.get());
      c.sample(Labels.of("webhook", w.config().name(), "reason", "rejected"), w.droppedRejected.get());
    }
  }

  private void perAlertmanager(MetricCollector c, String name, String help, ToLongFunction<AlertmanagerStats> value) {
    c.family(name, MetricType.COUNTER, help);
    for (AlertmanagerStats a : alertmanagers) {
      c.sample(Labels.of("alertmanager", a.target().alertsEndpoint().toString()), value.applyAsLong(a));
    }
  }

  private void perWebhook(MetricCollector c, String name, MetricType type, String help,
      ToLongFunction<WebhookNotifier> value) {
    c.family(name, type, help);
    for (WebhookNotifier w : webhooks) {
      c.sample(Labels.of("webhook", w.config().name()), value.applyAsLong(w));
    }
  }

  /**
   * Stops taking work and, as Prometheus drains its queue on shutdown, sends what is queued and
   * delivers what the webhooks hold, for at most {@code grace}.
   */
  public void close(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    closed = true;
    sender.interrupt();
    try {
      sender.join(Math.max(1, grace.toMillis()));
      while (System.nanoTime() < deadline) {
        List<AlertNotification> batch = nextBatch(false);
        if (batch.isEmpty()) {
          break;
        }
        sendToAlertmanagers(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (WebhookNotifier w : webhooks) {
      w.close(deadline);
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
