package io.pipescope.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader that is behind (remote write to a receiver that is down) holds back the WAL segments it
 * has not read: the checkpoint after a block cut keeps them, lets them go once the hold moves on,
 * and never keeps more than the hold limit.
 */
class WalHoldTest {
  private static final long HOUR = 3_600_000L;
  private static final int SERIES = 20;
  private static final int SEGMENT = 64 * 1024;

  @TempDir Path dir;

  private StoreOptions options() {
    return StoreOptions.at(dir).withWalSegmentBytes(SEGMENT);
  }

  @Test
  void aCheckpointKeepsTheSegmentsAHoldHasNotReleasedAndTakesThemOnceReleased() throws Exception {
    List<Long> sampleTimes = new ArrayList<>();
    try (TimeSeriesStore store = TimeSeriesStore.open(options())) {
      WalHold hold = store.holdWal("remote write test", 0);
      write(store, 0, 7 * HOUR);
      int current = store.walEnd().segment();
      assertTrue(current >= 4, "several segments written: " + current);
      store.maintain(7 * HOUR);
      assertEquals(2, store.blocks().size(), "the head was cut: a checkpoint was due");
      assertEquals(0, segments().get(0), "segment 0 is still there for the hold");
      assertTrue(!checkpointExists(), "nothing was checkpointed: the hold starts at the first segment");

      // Every sample logged since the hold was taken can still be read, block cut or not.
      try (WalTail tail = store.walTail(WalPosition.START)) {
        WalTail.Visitor times = visitor(sampleTimes, new TreeSet<>());
        while (tail.next(0, TimeUnit.SECONDS, times)) {
          // reading
        }
      }
      assertEquals(7 * HOUR / 15_000 * SERIES, sampleTimes.size(), "every sample is in the held segments");

      hold.moveTo(current - 1);
      store.maintain(7 * HOUR);
      assertEquals(current - 1, segments().get(0), "the segments before the hold went to a checkpoint");
      assertTrue(checkpointExists());
      hold.close();
      store.maintain(7 * HOUR);
      assertEquals(List.of(current), segments(), "with no hold, only the segment being written is kept");
    }
    try (TimeSeriesStore reopened = TimeSeriesStore.open(options())) {
      assertEquals(7 * HOUR / 15_000 * SERIES, count(reopened), "checkpoint, kept segments and blocks replay to every sample");
    }
  }

  @Test
  void theHoldLimitBoundsTheSegmentsKeptAndTheReaderSkipsWhatWent() throws Exception {
    try (TimeSeriesStore store = TimeSeriesStore.open(options().withWalHoldBytes(2L * SEGMENT))) {
      WalHold hold = store.holdWal("a receiver that never comes back", 0);
      write(store, 0, 7 * HOUR);
      int current = store.walEnd().segment();
      store.maintain(7 * HOUR);
      List<Integer> kept = segments();
      assertEquals(current, kept.get(kept.size() - 1));
      long heldBytes = 0;
      for (int s : kept.subList(0, kept.size() - 1)) {
        heldBytes += Files.size(dir.resolve("wal").resolve(String.format("%08d", s)));
      }
      assertTrue(heldBytes <= 2L * SEGMENT, "at most the limit is kept for the hold: " + heldBytes);
      assertTrue(kept.get(0) > 0, "the oldest held segments were checkpointed anyway");
      assertEquals(1.0, metric(store, "pipescope_store_wal_hold_overruns"));
      try (WalTail tail = store.walTail(new WalPosition(hold.segment(), 0))) {
        assertTrue(tail.next(0, TimeUnit.SECONDS, visitor(new ArrayList<>(), new TreeSet<>())));
        assertEquals(kept.get(0), tail.recordStart().segment());
        assertEquals((long) kept.get(0), tail.segmentsSkipped(), "the reader knows how many segments it lost");
      }
    }
  }

  @Test
  void theSeriesOfEveryRefAreFoundInTheCheckpointAndTheSegmentsBeforeAPosition() throws Exception {
    try (TimeSeriesStore store = TimeSeriesStore.open(options())) {
      write(store, 0, 7 * HOUR);
      store.maintain(7 * HOUR);
      assertTrue(checkpointExists(), "the segments with the series records were checkpointed");
      Set<String> names = new TreeSet<>();
      store.readWalSeries(store.walEnd(), visitor(new ArrayList<>(), names));
      assertEquals(SERIES, names.size(), names.toString());
      Set<String> none = new TreeSet<>();
      List<Long> samples = new ArrayList<>();
      store.readWalSeries(store.walEnd(), visitor(samples, none));
      assertTrue(samples.isEmpty(), "series only");
    }
  }

  private static WalTail.Visitor visitor(List<Long> sampleTimes, Set<String> series) {
    return new WalTail.Visitor() {
      @Override
      public void series(long ref, Labels labels) {
        series.add(labels.get("s"));
      }

      @Override
      public void sample(long ref, long timestampMillis, double value) {
        sampleTimes.add(timestampMillis);
      }

      @Override
      public void deleted(long ref) {
      }
    };
  }

  private List<Integer> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("wal"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]{8}"))
          .map(Integer::parseInt).sorted().toList();
    }
  }

  private boolean checkpointExists() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("wal"))) {
      return files.anyMatch(p -> p.getFileName().toString().startsWith("checkpoint."));
    }
  }

  private static void write(TimeSeriesStore store, long from, long to) throws Exception {
    long[] refs = new long[SERIES];
    for (long t = from; t < to; t += 15_000) {
      Appender app = store.appender();
      for (int s = 0; s < SERIES; s++) {
        refs[s] = app.append(refs[s], Labels.of("__name__", "m", "s", String.format("%02d", s)), t, t / 1000.0 + s);
      }
      app.commit();
    }
  }

  private static long count(TimeSeriesStore store) {
    long n = 0;
    try (Querier q = store.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(false, LabelMatcher.equal("__name__", "m"));
      while (set.next()) {
        SampleIterator it = set.at().iterator();
        while (it.next()) {
          n++;
        }
      }
    }
    return n;
  }

  private static double metric(TimeSeriesStore store, String name) {
    double[] found = {Double.NaN};
    String[] family = {""};
    store.collect(new io.pipescope.aggregator.metrics.MetricCollector() {
      @Override
      public void family(String n, io.pipescope.aggregator.metrics.MetricType type, String help) {
        family[0] = n;
      }

      @Override
      public void sample(Labels labels, double value) {
        if (family[0].equals(name)) {
          found[0] = value;
        }
      }

      @Override
      public void histogram(Labels labels, io.pipescope.aggregator.metrics.HistogramSnapshot histogram) {
      }
    });
    return found[0];
  }
}
