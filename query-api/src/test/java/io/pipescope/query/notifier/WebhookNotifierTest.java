package io.pipescope.query.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.rules.AlertNotification;
import io.pipescope.query.testing.RecordingReceiver;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Delivery to a real HTTP receiver on loopback: formats, retries while it is down, drops it cannot recover. */
class WebhookNotifierTest {
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Clock clock = Clock.systemUTC();
  private RecordingReceiver receiver;
  private WebhookNotifier notifier;

  @AfterEach
  void tearDown() {
    if (notifier != null) {
      notifier.close(System.nanoTime());
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private WebhookNotifier start(WebhookConfig.Format format, Duration maxRetry) {
    WebhookConfig config = new WebhookConfig("team-chat", receiver.url("/hooks/T000/B000"), format,
        Duration.ofSeconds(2), true, Duration.ofHours(4), Duration.ofMillis(50), Duration.ofMillis(200), maxRetry, 10,
        java.util.Map.of("Authorization", "Bearer chat-token"));
    notifier = new WebhookNotifier(config, "http://pipescope:9490", http, clock);
    notifier.start();
    return notifier;
  }

  private AlertNotification firing() {
    return new AlertNotification(Labels.of("alertname", "HighRework", "checker_name", "arch"),
        Labels.of("summary", "arch reworks 31%"), clock.millis(), clock.millis() + 60_000, "http://pipescope:9490/graph");
  }

  private AlertNotification resolved(AlertNotification a) {
    return new AlertNotification(a.labels(), a.annotations(), a.startsAt(), clock.millis() - 1, a.generatorUrl());
  }

  @Test
  void slackMessageIsPostedAsJsonAndTheResolutionAfterIt() throws Exception {
    receiver = RecordingReceiver.onFreePort().start();
    start(WebhookConfig.Format.SLACK, Duration.ofMinutes(1));
    AlertNotification a = firing();
    notifier.accept(List.of(a));
    notifier.accept(List.of(a));
    RecordingReceiver.Request first = receiver.next(10);
    assertNotNull(first, "firing notification delivered");
    assertEquals("/hooks/T000/B000", first.path());
    assertEquals("application/json", first.contentType());
    assertEquals("Bearer chat-token", first.authorization(), "configured headers are sent");
    assertEquals("[FIRING:1] HighRework (arch)", json.readTree(first.body()).get("text").asText());

    notifier.accept(List.of(resolved(a)));
    RecordingReceiver.Request second = receiver.next(10);
    assertNotNull(second, "resolution delivered");
    assertEquals("[RESOLVED] HighRework (arch)", json.readTree(second.body()).get("text").asText());
    await(() -> notifier.sent.get() == 2, "both counted as sent");
    assertNull(receiver.next(0), "the repeated firing send was not delivered twice");
  }

  @Test
  void alertmanagerFormatCarriesTheReceiverName() throws Exception {
    receiver = RecordingReceiver.onFreePort().start();
    start(WebhookConfig.Format.ALERTMANAGER, Duration.ofMinutes(1));
    notifier.accept(List.of(firing()));
    JsonNode payload = json.readTree(receiver.next(10).body());
    assertEquals("team-chat", payload.get("receiver").asText());
    assertEquals("arch", payload.get("alerts").get(0).get("labels").get("checker_name").asText());
  }

  @Test
  void receiverDownForAWhileGetsTheNotificationOnceItIsBack() throws Exception {
    receiver = RecordingReceiver.onFreePort();
    start(WebhookConfig.Format.SLACK, Duration.ofMinutes(1));
    notifier.accept(List.of(firing()));
    await(() -> notifier.failedAttempts.get() >= 3, "attempts against the down receiver");
    assertEquals(0, notifier.sent.get());
    assertEquals(1, notifier.queueLength());

    receiver.start();
    RecordingReceiver.Request delivered = receiver.next(10);
    assertNotNull(delivered, "delivered after the receiver came back");
    assertEquals("[FIRING:1] HighRework (arch)", json.readTree(delivered.body()).get("text").asText());
    await(() -> notifier.sent.get() == 1, "counted as sent");
    assertEquals(0, notifier.queueLength());
    assertTrue(notifier.lastError().isEmpty());
  }

  @Test
  void serverErrorsAreRetriedUntilTheReceiverAccepts() throws Exception {
    receiver = RecordingReceiver.onFreePort().start();
    receiver.answer(503);
    start(WebhookConfig.Format.SLACK, Duration.ofMinutes(1));
    notifier.accept(List.of(firing()));
    assertNotNull(receiver.next(10));
    assertNotNull(receiver.next(10), "retried after 503");
    receiver.answer(200);
    await(() -> notifier.sent.get() == 1, "accepted on a later attempt");
    assertTrue(notifier.lastError().isEmpty());
  }

  @Test
  void clientErrorIsNotRetried() throws Exception {
    receiver = RecordingReceiver.onFreePort().start();
    receiver.answer(400);
    start(WebhookConfig.Format.SLACK, Duration.ofMinutes(1));
    notifier.accept(List.of(firing()));
    await(() -> notifier.droppedRejected.get() == 1, "dropped as rejected");
    assertTrue(notifier.lastError().startsWith("HTTP 400"), notifier.lastError());
    assertNotNull(receiver.next(0));
    Thread.sleep(300);
    assertTrue(receiver.drain().isEmpty(), "a body the receiver refuses is not sent again");
  }

  @Test
  void notificationIsDroppedAfterTheMaximumRetryDuration() throws Exception {
    receiver = RecordingReceiver.onFreePort();
    start(WebhookConfig.Format.SLACK, Duration.ofMillis(300));
    notifier.accept(List.of(firing()));
    await(() -> notifier.droppedRetriesExhausted.get() == 1, "given up");
    assertEquals(0, notifier.queueLength());
    assertTrue(notifier.failedAttempts.get() >= 2);
  }

  @Test
  void fullQueueDropsTheOldestNotification() throws Exception {
    receiver = RecordingReceiver.onFreePort();
    start(WebhookConfig.Format.SLACK, Duration.ofMinutes(1));
    for (int i = 0; i < 12; i++) {
      notifier.accept(List.of(new AlertNotification(Labels.of("alertname", "A" + i), Labels.empty(),
          clock.millis(), clock.millis() + 60_000, "http://ps/graph")));
    }
    assertEquals(10, notifier.queueLength());
    assertEquals(2, notifier.droppedQueueFull.get());
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }
}
