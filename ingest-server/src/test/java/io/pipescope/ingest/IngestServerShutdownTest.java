package io.pipescope.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Graceful shutdown: stop accepting, finish what was accepted, then close. */
class IngestServerShutdownTest {

  @Test
  void shutdownFinishesTheAcceptedRequestAndRefusesNewConnections() throws Exception {
    CountDownLatch consumerEntered = new CountDownLatch(1);
    CountDownLatch releaseConsumer = new CountDownLatch(1);
    AtomicLong consumed = new AtomicLong();
    IngestServer server = new IngestServer(IngestConfig.defaults().withPorts(0, 0), batch -> {
      consumerEntered.countDown();
      try {
        releaseConsumer.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      batch.forEach(rs -> rs.getScopeSpansList().forEach(ss -> consumed.addAndGet(ss.getSpansCount())));
    });
    server.start();
    String url = "http://127.0.0.1:" + server.httpAddress().getPort() + "/v1/traces";
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(post(url), HttpResponse.BodyHandlers.ofString());
    assertTrue(consumerEntered.await(10, TimeUnit.SECONDS), "the request never reached the consumer");

    CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> server.shutdown(Duration.ofSeconds(20)));
    Thread.sleep(200);
    assertFalse(shutdown.isDone(), "shutdown must wait for the accepted request");
    boolean refused;
    try {
      HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      refused = fresh.send(post(url), HttpResponse.BodyHandlers.ofString()).statusCode() == 503;
    } catch (ConnectException e) {
      refused = true;
    } catch (IOException e) {
      refused = true;
    }
    assertTrue(refused, "a new request during shutdown must be refused");

    releaseConsumer.countDown();
    HttpResponse<String> response = inFlight.get(20, TimeUnit.SECONDS);
    assertEquals(200, response.statusCode(), response.body());
    shutdown.get(20, TimeUnit.SECONDS);
    assertEquals(1, consumed.get(), "the accepted span was consumed before shutdown finished");
  }

  private static HttpRequest post(String url) {
    byte[] id16 = new byte[16];
    byte[] id8 = new byte[8];
    id16[0] = 1;
    id8[0] = 1;
    ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder()
            .setTraceId(ByteString.copyFrom(id16)).setSpanId(ByteString.copyFrom(id8)).setName("s")
            .setStartTimeUnixNano(1).setEndTimeUnixNano(2))))
        .build();
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray()))
        .build();
  }
}
