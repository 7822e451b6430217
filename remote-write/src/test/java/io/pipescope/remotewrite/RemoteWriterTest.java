package io.pipescope.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.HistogramSnapshot;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricType;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.remotewrite.RecordingReceiver.Answer;
import io.pipescope.remotewrite.internal.Sleeper;
import io.pipescope.store.StoreOptions;
import io.pipescope.store.TimeSeriesStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the store takes in reaches a receiver as remote write 1.0, in order, retried as Prometheus retries. */
class RemoteWriterTest {
  /** Short waits, so a test spends milliseconds on a batch, not seconds. */
  static final QueueConfig FAST = new QueueConfig(1, 1_000, 100, Duration.ofMillis(20), Duration.ofMillis(10),
      Duration.ofMillis(100), true);

  @TempDir Path dir;

  @Test
  void everySampleArrivesWithTheExternalLabelsAndTheProtocolsHeaders() throws Exception {
    try (RecordingReceiver receiver = RecordingReceiver.start();
        TimeSeriesStore store = TimeSeriesStore.open(StoreOptions.at(dir.resolve("data")))) {
      RemoteWriteTarget target = new RemoteWriteTarget(receiver.url(), "central", Duration.ofSeconds(5),
          Map.of("X-Scope-OrgID", "factory"), new RemoteWriteTarget.BasicAuth("pipescope", "s3cret"), FAST);
      RemoteWriter writer = RemoteWriter.start(store, List.of(target),
          Map.of("pipescope_instance", "a", "env", "lab"), dir.resolve("rw"));
      try {
        for (int t = 1; t <= 50; t++) {
          append(store, t * 1000L, t, "__name__", "runs_total", "checker", "build");
          append(store, t * 1000L, -t, "__name__", "runs_total", "checker", "deploy", "env", "prod");
        }
        receiver.awaitSamples(100);
      } finally {
        writer.close(Duration.ofSeconds(5));
      }
      Map<String, List<long[]>> got = receiver.samples();
      assertEquals(List.of(
          "{__name__=\"runs_total\", checker=\"build\", env=\"lab\", pipescope_instance=\"a\"}",
          "{__name__=\"runs_total\", checker=\"deploy\", env=\"prod\", pipescope_instance=\"a\"}"),
          List.copyOf(got.keySet()), "external labels added, sorted by name; the series' own env wins");
      List<long[]> build = got.get("{__name__=\"runs_total\", checker=\"build\", env=\"lab\", pipescope_instance=\"a\"}");
      for (int i = 0; i < 50; i++) {
        assertEquals((i + 1) * 1000L, build.get(i)[0]);
        assertEquals(Double.doubleToRawLongBits(i + 1), build.get(i)[1]);
      }
      Map<String, String> headers = receiver.requests().get(0).headers();
      assertEquals("snappy", headers.get("Content-Encoding"));
      assertEquals("application/x-protobuf", headers.get("Content-Type"));
      assertEquals("0.1.0", headers.get("X-Prometheus-Remote-Write-Version"));
      assertTrue(headers.get("User-Agent").startsWith("pipescope"), headers.get("User-Agent"));
      assertEquals("factory", headers.get("X-Scope-OrgID"));
      assertEquals("Basic cGlwZXNjb3BlOnMzY3JldA==", headers.get("Authorization"));
      assertEquals(100, metric(writer, "pipescope_remote_storage_samples", "central"));
      assertEquals(50, metric(writer, "pipescope_remote_storage_queue_highest_sent_timestamp_seconds", "central"));
    }
  }

  @Test
  void shardsKeepEverySeriesInOrderWhileSendingInParallel() throws Exception {
    QueueConfig fourShards = new QueueConfig(4, 200, 7, Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(100), true);
    int series = 40;
    int perSeries = 60;
    try (RecordingReceiver receiver = RecordingReceiver.start();
        TimeSeriesStore store = TimeSeriesStore.open(StoreOptions.at(dir.resolve("data")))) {
      // A receiver that answers at uneven speed, so shards overtake one another.
      AtomicInteger calls = new AtomicInteger();
      receiver.respond(r -> {
        if (calls.incrementAndGet() % 3 == 0) {
          sleep(15);
        }
        return Answer.OK;
      });
      RemoteWriter writer = RemoteWriter.start(store, List.of(RemoteWriteTarget.of(receiver.url()).withQueue(fourShards)),
          Map.of(), dir.resolve("rw"));
      try {
        for (int t = 1; t <= perSeries; t++) {
          Appender app = store.appender();
          for (int s = 0; s < series; s++) {
            app.append(0, Labels.of("__name__", "m", "s", Integer.toString(s)), t, t);
          }
          app.commit();
        }
        receiver.awaitSamples(series * perSeries);
      } finally {
        writer.close(Duration.ofSeconds(5));
      }
      Map<String, List<long[]>> got = receiver.samples();
      assertEquals(series, got.size());
      for (Map.Entry<String, List<long[]>> e : got.entrySet()) {
        List<Long> times = new ArrayList<>();
        e.getValue().forEach(s -> times.add(s[0]));
        List<Long> expected = new ArrayList<>();
        for (long t = 1; t <= perSeries; t++) {
          expected.add(t);
        }
        assertEquals(expected, times, e.getKey() + " arrived complete and in order");
      }
      assertTrue(receiver.requests().size() >= series * perSeries / 7, "batches of at most 7 samples");
      assertEquals(4, metric(writer, "pipescope_remote_storage_shards", "url-" + Integer.toHexString(
          receiver.url().toString().hashCode() & 0x7fffffff)));
    }
  }

  @Test
  void connectionErrors5xxAnd429AreRetriedWithBackoffAndTheBatchArrivesOnce() throws Exception {
    List<Long> waits = new ArrayList<>();
    Sleeper recording = millis -> {
      synchronized (waits) {
        waits.add(millis);
      }
    };
    QueueConfig config = new QueueConfig(1, 1_000, 100, Duration.ofMillis(20), Duration.ofMillis(30),
        Duration.ofMillis(200), true);
    try (RecordingReceiver receiver = RecordingReceiver.down();
        TimeSeriesStore store = TimeSeriesStore.open(StoreOptions.at(dir.resolve("data")))) {
      RemoteWriter writer = RemoteWriter.start(store, List.of(RemoteWriteTarget.of(receiver.url()).withQueue(config)),
          Map.of(), dir.resolve("rw"), recording);
      try {
        append(store, 1000, 1, "__name__", "up");
        awaitWaits(waits, 3); // refused connections: the receiver is not listening
        AtomicInteger calls = new AtomicInteger();
        receiver.respond(r -> switch (calls.incrementAndGet()) {
          case 1 -> Answer.status(500);
          case 2 -> Answer.status(503);
          case 3 -> new Answer(429, "3", false);
          case 4 -> new Answer(503, "1", false);
          default -> Answer.OK;
        });
        receiver.up();
        receiver.awaitSamples(1);
      } finally {
        writer.close(Duration.ofSeconds(5));
      }
      assertEquals(1, receiver.sampleCount(), "stored once");
      assertEquals(5, receiver.requests().size(), "four failures, then success");
      List<Long> lastTwo = waits.subList(waits.size() - 2, waits.size());
      assertEquals(List.of(3000L, 1000L), lastTwo, "the Retry-After of a 429 and of a 503 are waited out");
      long retried = metric(writer, "pipescope_remote_storage_samples_retried", null);
      assertEquals(waits.size(), retried, "each wait is one retry of the one sample");
      assertEquals(0, metric(writer, "pipescope_remote_storage_samples_failed", null));
    }
  }

  @Test
  void waitsDoubleFromMinBackoffUpToMaxBackoff() throws Exception {
    List<Long> waits = new ArrayList<>();
    Sleeper recording = millis -> {
      synchronized (waits) {
        waits.add(millis);
      }
    };
    QueueConfig config = new QueueConfig(1, 1_000, 100, Duration.ofMillis(20), Duration.ofMillis(30),
        Duration.ofMillis(200), true);
    try (RecordingReceiver receiver = RecordingReceiver.start();
        TimeSeriesStore store = TimeSeriesStore.open(StoreOptions.at(dir.resolve("data")))) {
      AtomicInteger calls = new AtomicInteger();
      receiver.respond(r -> calls.incrementAndGet() <= 6 ? Answer.status(502) : Answer.OK);
      RemoteWriter writer = RemoteWriter.start(store, List.of(RemoteWriteTarget.of(receiver.url()).withQueue(config)),
          Map.of(), dir.resolve("rw"), recording);
      try {
        append(store, 1000, 1, "__name__", "up");
        receiver.awaitSamples(1);
      } finally {
        writer.close(Duration.ofSeconds(5));
      }
      assertEquals(List.of(30L, 60L, 120L, 200L, 200L, 200L), waits);
    }
  }

  @Test
  void aRefusalThatIsNotRetriedDropsTheBatchCountsItAndTheNextBatchGoesOn() throws Exception {
    QueueConfig no429 = new QueueConfig(1, 1_000, 100, Duration.ofMillis(20), Duration.ofMillis(10),
        Duration.ofMillis(100), false);
    try (RecordingReceiver receiver = RecordingReceiver.start();
        TimeSeriesStore store = TimeSeriesStore.open(StoreOptions.at(dir.resolve("data")))) {
      receiver.respond(r -> {
        double v = r.getTimeseries(0).getSamples(0).getValue();
        return v == 1 ? Answer.status(400) : v == 2 ? new Answer(429, "1", false) : Answer.OK;
      });
      RemoteWriter writer = RemoteWriter.start(store, List.of(RemoteWriteTarget.of(receiver.url()).withQueue(no429)),
          Map.of(), dir.resolve("rw"));
      try {
        append(store, 1000, 1, "__name__", "up");
        receiver.awaitRequests(1);
        append(store, 2000, 2, "__name__", "up");
        receiver.awaitRequests(2);
        append(store, 3000, 3, "__name__", "up");
        receiver.awaitSamples(1);
      } finally {
        writer.close(Duration.ofSeconds(5));
      }
      assertEquals(3, receiver.requests().size(), "a 400 and a 429 (retry_on_http_429: false) are not retried");
      assertEquals(2, metric(writer, "pipescope_remote_storage_samples_failed", null));
      assertEquals(0, metric(writer, "pipescope_remote_storage_samples_retried", null));
      assertEquals(1, metric(writer, "pipescope_remote_storage_samples", null));
    }
  }

  static void append(TimeSeriesStore store, long t, double v, String... labels) throws Exception {
    Appender app = store.appender();
    app.append(0, Labels.of(labels), t, v);
    app.commit();
  }

  private static void awaitWaits(List<Long> waits, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      synchronized (waits) {
        if (waits.size() >= count) {
          return;
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("no retries within 30 s");
      }
      Thread.sleep(5);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The value of a remote storage metric for the queue named {@code queue} (any queue when null). */
  static long metric(RemoteWriter writer, String family, String queue) {
    double[] total = {0};
    String[] open = {""};
    writer.collect(new MetricCollector() {
      @Override
      public void family(String name, MetricType type, String help) {
        open[0] = name;
      }

      @Override
      public void sample(Labels labels, double value) {
        if (open[0].equals(family) && (queue == null || queue.equals(labels.get("remote_name")))) {
          total[0] += value;
        }
      }

      @Override
      public void histogram(Labels labels, HistogramSnapshot histogram) {
      }
    });
    return Math.round(total[0]);
  }
}
