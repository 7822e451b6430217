package io.pipescope.remotewrite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.proto.prometheus.Label;
import io.pipescope.proto.prometheus.TimeSeries;
import io.pipescope.remotewrite.QueueConfig;
import io.pipescope.remotewrite.RecordingReceiver;
import io.pipescope.remotewrite.RecordingReceiver.Answer;
import io.pipescope.remotewrite.RemoteWriteTarget;
import io.pipescope.remotewrite.RemoteWriter;
import io.pipescope.store.StoreOptions;
import io.pipescope.store.TimeSeriesStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability across restarts: the WAL is the queue, the progress file says how far each shard got,
 * and the store keeps the segments not yet sent.
 */
class RestartTest {
  private static final long HOUR = 3_600_000L;

  @TempDir Path dir;

  private final QueueConfig oneShard = new QueueConfig(1, 500, 50, Duration.ofMillis(10), Duration.ofMillis(10),
      Duration.ofMillis(50), true);

  private StoreOptions storeOptions() {
    return StoreOptions.at(dir.resolve("data"));
  }

  @Test
  void aRestartWhileTheReceiverIsDownLosesNothingAndSendsNothingTwice() throws Exception {
    List<String> series = names("m", 10);
    try (RecordingReceiver receiver = RecordingReceiver.down()) {
      RemoteWriteTarget target = RemoteWriteTarget.of(receiver.url()).withName("central").withQueue(oneShard);
      try (TimeSeriesStore store = TimeSeriesStore.open(storeOptions())) {
        RemoteWriter writer = start(store, target);
        writeRounds(store, series, 1, 3);
        awaitRetries(writer);
        writer.close(Duration.ofMillis(200));
      }
      try (TimeSeriesStore store = TimeSeriesStore.open(storeOptions())) {
        RemoteWriter writer = start(store, target);
        writeRounds(store, series, 4, 6);
        receiver.up();
        receiver.awaitSamples(series.size() * 6);
        writer.close(Duration.ofSeconds(5));
      }
      assertEverySeriesOnceInOrder(receiver, series, 1, 6);
    }
  }

  @Test
  void aRestartSendsAgainOnlyWhatNoShardHadAcknowledged() throws Exception {
    QueueConfig twoShards = new QueueConfig(2, 500, 4, Duration.ofMillis(10), Duration.ofMillis(10),
        Duration.ofMillis(50), true);
    List<String> fast = new ArrayList<>();
    List<String> slow = new ArrayList<>();
    for (int i = 0; fast.size() < 6 || slow.size() < 3; i++) {
      String name = "s" + i;
      (WalWatcher.shardOf(labels(name), 2) == 0 ? fast : slow).add(name);
    }
    List<String> all = new ArrayList<>(fast.subList(0, 6));
    all.addAll(slow.subList(0, 3));
    try (RecordingReceiver receiver = RecordingReceiver.start()) {
      // Shard 1's requests fail until the restart; shard 0's are stored.
      receiver.respond(r -> sends(r, slow) ? Answer.status(503) : Answer.OK);
      RemoteWriteTarget target = RemoteWriteTarget.of(receiver.url()).withName("central").withQueue(twoShards);
      try (TimeSeriesStore store = TimeSeriesStore.open(storeOptions())) {
        RemoteWriter writer = start(store, target);
        writeRounds(store, all, 1, 5); // every record holds samples of both shards
        receiver.awaitSamples(6 * 5);
        awaitMetric(writer, "pipescope_remote_storage_samples", 6 * 5); // acknowledged, not only arrived
        writer.close(Duration.ZERO);
        String progress = Files.readString(dir.resolve("rw/central.progress"));
        SendProgress.State state = SendProgress.load(dir.resolve("rw/central.progress"));
        assertEquals(null, state.marks()[1], "shard 1 had nothing acknowledged:\n" + progress);
        assertTrue(state.marks()[0] != null && state.resume().isBefore(state.marks()[0].record()),
            "the first samples record is read again, though shard 0 had samples after it acknowledged:\n" + progress);
      }
      receiver.respond(r -> Answer.OK);
      try (TimeSeriesStore store = TimeSeriesStore.open(storeOptions())) {
        RemoteWriter writer = start(store, target);
        receiver.awaitSamples(9 * 5);
        writer.close(Duration.ofSeconds(5));
      }
      assertEverySeriesOnceInOrder(receiver, all, 1, 5);
    }
  }

  @Test
  void aCrashWithABatchInFlightLosesNothingAndSendsAtMostThatBatchAgain() throws Exception {
    List<String> series = names("m", 5);
    CountDownLatch release = new CountDownLatch(1);
    try (RecordingReceiver receiver = RecordingReceiver.start()) {
      int[] calls = {0};
      // The third request is stored but its answer never comes before the sender stops: the sender
      // cannot know it arrived.
      receiver.respond(r -> {
        synchronized (calls) {
          calls[0]++;
          if (calls[0] != 3) {
            return Answer.OK;
          }
        }
        await(release);
        return Answer.OK;
      });
      QueueConfig batchesOfFive = new QueueConfig(1, 500, 5, Duration.ofMillis(1), Duration.ofMillis(10),
          Duration.ofMillis(50), true);
      RemoteWriteTarget target = RemoteWriteTarget.of(receiver.url()).withName("central").withQueue(batchesOfFive);
      try (TimeSeriesStore store = TimeSeriesStore.open(storeOptions())) {
        RemoteWriter writer = start(store, target);
        writeRounds(store, series, 1, 8);
        receiver.awaitRequests(3);
        writer.close(Duration.ZERO); // as a crash: the in-flight batch is abandoned unacknowledged
      }
      release.countDown();
      try (TimeSeriesStore store = TimeSeriesStore.open(storeOptions())) {
        RemoteWriter writer = start(store, target);
        receiver.awaitSamples(5 * 8 + 5);
        writer.close(Duration.ofSeconds(5));
      }
      int duplicates = receiver.sampleCount() - 5 * 8;
      assertEquals(5, duplicates, "exactly the one batch in flight was sent again");
      for (String s : series) {
        List<Long> times = times(receiver, s);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), times.stream().distinct().toList(), s + ": nothing lost");
      }
    }
  }

  @Test
  void theStoreKeepsTheSegmentsNotYetSentThroughABlockCutAndCheckpoint() throws Exception {
    List<String> series = names("m", 20);
    StoreOptions smallSegments = storeOptions().withWalSegmentBytes(64 * 1024);
    try (RecordingReceiver receiver = RecordingReceiver.down();
        TimeSeriesStore store = TimeSeriesStore.open(smallSegments)) {
      RemoteWriter writer = start(store, RemoteWriteTarget.of(receiver.url()).withQueue(oneShard));
      try {
        long rounds = 7 * HOUR / 15_000;
        for (long r = 0; r < rounds; r++) {
          Appender app = store.appender();
          for (String s : series) {
            app.append(0, labels(s), r * 15_000, r);
          }
          app.commit();
        }
        assertTrue(store.walEnd().segment() >= 4, "several segments: " + store.walEnd());
        store.maintain(7 * HOUR);
        assertEquals(2, store.blocks().size(), "the head was cut into blocks");
        assertEquals("00000000", oldestSegment(), "the unsent segments were kept");
        receiver.up();
        receiver.awaitSamples((int) (rounds * series.size()));
        for (String s : series) {
          List<Long> times = times(receiver, s);
          assertEquals(rounds, times.size(), s + ": every sample, once");
          for (int i = 0; i < times.size(); i++) {
            assertEquals(i * 15_000L, times.get(i), s + ": in order");
          }
        }
      } finally {
        writer.close(Duration.ofSeconds(5));
      }
      store.maintain(7 * HOUR);
      assertEquals(String.format("%08d", store.walEnd().segment()), oldestSegment(),
          "once sent, the segments go to the checkpoint");
    }
  }

  private RemoteWriter start(TimeSeriesStore store, RemoteWriteTarget target) throws Exception {
    return RemoteWriter.start(store, List.of(target), Map.of(), dir.resolve("rw"));
  }

  private static void writeRounds(TimeSeriesStore store, List<String> series, long from, long to) throws Exception {
    for (long t = from; t <= to; t++) {
      Appender app = store.appender();
      for (String s : series) {
        app.append(0, labels(s), t, t * 10);
      }
      app.commit();
    }
  }

  private static void assertEverySeriesOnceInOrder(RecordingReceiver receiver, List<String> series, long from, long to) {
    List<Long> expected = new ArrayList<>();
    for (long t = from; t <= to; t++) {
      expected.add(t);
    }
    assertEquals(series.size(), receiver.samples().size(), receiver.samples().keySet().toString());
    for (String s : series) {
      assertEquals(expected, times(receiver, s), s);
    }
  }

  private static List<Long> times(RecordingReceiver receiver, String series) {
    List<Long> out = new ArrayList<>();
    List<long[]> samples = receiver.samples().get("{__name__=\"m\", s=\"" + series + "\"}");
    if (samples != null) {
      samples.forEach(s -> out.add(s[0]));
    }
    return out;
  }

  private static boolean sends(io.pipescope.proto.prometheus.WriteRequest r, List<String> series) {
    for (TimeSeries ts : r.getTimeseriesList()) {
      for (Label l : ts.getLabelsList()) {
        if (l.getName().equals("s") && series.contains(l.getValue())) {
          return true;
        }
      }
    }
    return false;
  }

  private static Labels labels(String s) {
    return Labels.of("__name__", "m", "s", s);
  }

  private static List<String> names(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  private String oldestSegment() throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve("data/wal"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]{8}")).sorted().findFirst()
          .orElseThrow();
    }
  }

  private static void awaitRetries(RemoteWriter writer) throws InterruptedException {
    awaitMetric(writer, "pipescope_remote_storage_samples_retried", 1);
  }

  private static void awaitMetric(RemoteWriter writer, String family, double atLeast) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (metric(writer, family) < atLeast) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(family + " did not reach " + atLeast + " within 30 s");
      }
      Thread.sleep(10);
    }
  }

  private static double metric(RemoteWriter writer, String family) {
    double[] total = {0};
    String[] open = {""};
    writer.collect(new io.pipescope.aggregator.metrics.MetricCollector() {
      @Override
      public void family(String name, io.pipescope.aggregator.metrics.MetricType type, String help) {
        open[0] = name;
      }

      @Override
      public void sample(Labels labels, double value) {
        if (open[0].equals(family)) {
          total[0] += value;
        }
      }

      @Override
      public void histogram(Labels labels, io.pipescope.aggregator.metrics.HistogramSnapshot histogram) {
      }
    });
    return total[0];
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
