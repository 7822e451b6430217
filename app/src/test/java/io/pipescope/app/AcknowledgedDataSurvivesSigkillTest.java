package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.Span;
import io.pipescope.app.testing.MetricsPage;
import io.pipescope.app.testing.RemoteWriteClient;
import io.pipescope.app.testing.Spans;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.Querier;
import io.pipescope.store.SampleIterator;
import io.pipescope.store.SeriesSet;
import io.pipescope.store.StoreOptions;
import io.pipescope.store.TimeSeriesStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pipescope serve is killed with SIGKILL at random points while one client exports spans over OTLP
 * and another remote-writes samples; after every restart, every span it acknowledged is counted
 * (flushed ones from the store, the rest replayed from the span log), none twice beyond the one
 * request in flight at the kill, and at the end every acknowledged remote-written sample is stored.
 */
class AcknowledgedDataSurvivesSigkillTest {
  private static final int ROUNDS = 5;
  private static final int SPANS_PER_REQUEST = 10;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedSpanIsCountedAfterSigkill() throws Exception {
    Random random = new Random(7);
    long acked = 0;
    for (int round = 0; round < ROUNDS; round++) {
      int http = freePort();
      int api = freePort();
      Process server = start(round, http, api);
      try {
        awaitHealthy(api, server);
        long counted = countedSpans(api);
        assertTrue(counted >= acked && counted <= acked + SPANS_PER_REQUEST,
            "round " + round + ": counted " + counted + " spans after restart, acknowledged " + acked);
        acked = counted; // a request in flight at the kill may have been logged without its ack
        AtomicLong ackedThisRound = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Thread client = new Thread(() -> export(http, ackedThisRound, stop));
        client.start();
        Thread remoteWriter = new Thread(() -> remoteWrite(http, remoteWriteAcked, stop));
        remoteWriter.start();
        // Killed only once something was acknowledged (a loaded machine may be slow to start), then
        // at a random moment of the writing.
        long firstAckBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ackedThisRound.get() == 0 && System.nanoTime() < firstAckBy && server.isAlive()) {
          Thread.sleep(5);
        }
        Thread.sleep(random.nextInt(1200));
        server.destroyForcibly(); // SIGKILL
        assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        stop.set(true);
        client.join(30_000);
        remoteWriter.join(30_000);
        acked += ackedThisRound.get();
        assertTrue(ackedThisRound.get() > 0, "round " + round + ": nothing was acknowledged");
      } finally {
        server.destroyForcibly();
      }
    }
    int api = freePort();
    Process last = start(ROUNDS, freePort(), api);
    try {
      awaitHealthy(api, last);
      long counted = countedSpans(api);
      assertTrue(counted >= acked && counted <= acked + SPANS_PER_REQUEST,
          "after the last kill: counted " + counted + ", acknowledged " + acked);
    } finally {
      last.destroy();
      last.waitFor(30, TimeUnit.SECONDS);
    }
    assertTrue(remoteWriteAcked.get() > 0, "no remote-written sample was acknowledged");
    try (TimeSeriesStore store = TimeSeriesStore.open(StoreOptions.at(dir.resolve("data")));
        Querier q = store.querier(0, Long.MAX_VALUE)) {
      SeriesSet set = q.select(false, LabelMatcher.equal("__name__", "crash_remote_write"));
      assertTrue(set.next(), "the remote-written series is stored");
      SampleIterator it = set.at().iterator();
      long expected = 0;
      while (it.next()) {
        assertEquals(expected, it.timestamp() - RW_T0, "remote-written samples are contiguous");
        assertEquals(expected, (long) it.value());
        expected++;
      }
      assertTrue(expected >= remoteWriteAcked.get(),
          "stored " + expected + " remote-written samples, acknowledged " + remoteWriteAcked.get());
    }
  }

  private static final long RW_T0 = 1_700_000_000_000L;
  private final AtomicLong remoteWriteAcked = new AtomicLong();

  /** Remote-writes one sample per request (time RW_T0 + n, value n) until stopped; counts each 204. */
  private static void remoteWrite(int port, AtomicLong acked, AtomicBoolean stop) {
    RemoteWriteClient client = new RemoteWriteClient(port);
    while (!stop.get()) {
      long n = acked.get();
      try {
        if (client.write("crash_remote_write", java.util.Map.of(), RW_T0 + n, n) == 204) {
          acked.incrementAndGet();
        }
      } catch (IOException e) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException interrupted) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Sends one request at a time until stopped; counts the spans of every 200. */
  private static void export(int port, AtomicLong acked, AtomicBoolean stop) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    while (!stop.get()) {
      List<Span> spans = new ArrayList<>();
      for (int i = 0; i < SPANS_PER_REQUEST; i++) {
        spans.add(Spans.valid("stage").build());
      }
      try {
        HttpResponse<Void> response = client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Spans.request("crash-client", spans).toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          acked.addAndGet(SPANS_PER_REQUEST);
        }
      } catch (IOException e) {
        // Not listening yet, or killed: try again until stopped.
        try {
          Thread.sleep(20);
        } catch (InterruptedException interrupted) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private Process start(int round, int httpPort, int apiPort) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.pipescope.app.Main", "serve",
        "--grpc-port", Integer.toString(freePort()), "--http-port", Integer.toString(httpPort),
        "--api-port", Integer.toString(apiPort),
        "--set", "storage.enabled=true", "--set", "storage.path=" + dir.resolve("data"),
        "--set", "storage.flush_interval=1s"));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("serve-" + round + ".log").toFile()).start();
  }

  private static long countedSpans(int apiPort) throws Exception {
    HttpResponse<String> metrics = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    return (long) MetricsPage.parse(metrics.body()).sum("calls_total", "service_name", "crash-client");
  }

  private void awaitHealthy(int apiPort, Process server) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError("pipescope exited: " + logs());
      }
      try {
        if (client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/-/ready")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("pipescope did not become ready: " + logs());
  }

  private String logs() throws IOException {
    StringBuilder all = new StringBuilder();
    try (var files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
        all.append(p.getFileName()).append(":\n").append(Files.readString(p)).append('\n');
      }
    }
    return all.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
