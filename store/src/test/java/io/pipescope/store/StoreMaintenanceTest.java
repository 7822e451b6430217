package io.pipescope.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The head becomes blocks, the WAL a checkpoint, and retention drops whole old blocks. */
class StoreMaintenanceTest {
  private static final long HOUR = 3_600_000L;
  private static final int SERIES = 20;

  @TempDir Path dir;

  private StoreOptions options() {
    return StoreOptions.at(dir).withWalSegmentBytes(64 * 1024);
  }

  @Test
  void blocksAndCheckpointHoldExactlyWhatWasWrittenAcrossARestart() throws Exception {
    List<List<Long>> written = new ArrayList<>();
    try (TimeSeriesStore store = TimeSeriesStore.open(options())) {
      write(store, 0, 7 * HOUR, written);
      store.maintain(7 * HOUR);
      assertEquals(2, store.blocks().size(), "[0,2h) and [2h,4h) cut; the head keeps [4h,7h)");
      assertEquals(written, read(store, 0, 7 * HOUR), "blocks and head read as one");
      assertTrue(Files.list(dir.resolve("wal")).anyMatch(p -> p.getFileName().toString().startsWith("checkpoint.")),
          "the WAL segments before the current one were checkpointed");
      write(store, 7 * HOUR, 8 * HOUR, written);
    }
    try (TimeSeriesStore reopened = TimeSeriesStore.open(options())) {
      assertEquals(2, reopened.blocks().size());
      assertEquals(written, read(reopened, 0, 8 * HOUR), "nothing lost and nothing twice after a restart");
    }
  }

  @Test
  void finishedWindowsOfBlocksAreCompactedAndReadTheSame() throws Exception {
    List<List<Long>> written = new ArrayList<>();
    try (TimeSeriesStore store = TimeSeriesStore.open(options())) {
      write(store, 0, 13 * HOUR, written);
      store.maintain(13 * HOUR);
      List<String> ranges = new ArrayList<>();
      for (var b : store.blocks()) {
        ranges.add(b.meta().minTime() / HOUR + "h-" + b.meta().maxTime() / HOUR + "h level " + b.meta().compaction().level());
      }
      assertEquals(List.of("0h-6h level 2", "6h-8h level 1", "8h-10h level 1"), ranges,
          "the finished 6 h window [0, 6h) is one block; [6h, 12h) is not finished while the head is in it");
      assertEquals(written, read(store, 0, 13 * HOUR));
    }
    try (TimeSeriesStore reopened = TimeSeriesStore.open(options())) {
      assertEquals(3, reopened.blocks().size());
      assertEquals(written, read(reopened, 0, 13 * HOUR));
    }
  }

  @Test
  void deletedSeriesAreGoneFromBlocksAndHeadAndStayGoneAfterARestart() throws Exception {
    List<List<Long>> written = new ArrayList<>();
    try (TimeSeriesStore store = TimeSeriesStore.open(options())) {
      write(store, 0, 7 * HOUR, written);
      store.maintain(7 * HOUR);
      TimeSeriesStore.Deletion deletion = store.deleteSeries(LabelMatcher.equal("s", "03"));
      assertEquals(1, deletion.headSeries());
      assertEquals(2, deletion.blocksRewritten());
    }
    written.removeIf(sample -> sample.get(0) == 3);
    try (TimeSeriesStore reopened = TimeSeriesStore.open(options())) {
      assertEquals(written, read(reopened, 0, 7 * HOUR));
      assertEquals(2, reopened.blocks().size());
    }
  }

  @Test
  void sizeRetentionDropsTheOldestBlocksFirst() throws Exception {
    List<List<Long>> written = new ArrayList<>();
    try (TimeSeriesStore store = TimeSeriesStore.open(options())) {
      write(store, 0, 7 * HOUR, written);
      store.maintain(7 * HOUR);
      assertEquals(2, store.blocks().size());
    }
    long oneBlock;
    try (TimeSeriesStore store = TimeSeriesStore.open(options())) {
      oneBlock = store.blocks().get(1).sizeBytes();
    }
    try (TimeSeriesStore store = TimeSeriesStore.open(options().withRetentionBytes(oneBlock))) {
      store.maintain(7 * HOUR);
      assertEquals(1, store.blocks().size());
      assertEquals(2 * HOUR, store.blocks().get(0).meta().minTime(), "the newer block is the one kept");
    }
  }

  @Test
  void retentionDeletesWholeExpiredBlocksAndNothingNewer() throws Exception {
    List<List<Long>> written = new ArrayList<>();
    try (TimeSeriesStore store = TimeSeriesStore.open(options().withRetention(Duration.ofHours(3)))) {
      write(store, 0, 7 * HOUR, written);
      store.maintain(7 * HOUR);
      assertEquals(0, store.blocks().size(), "both blocks end at or before 7h - 3h");
      List<List<Long>> kept = new ArrayList<>();
      for (List<Long> s : written) {
        if (s.get(1) >= 4 * HOUR) {
          kept.add(s);
        }
      }
      assertEquals(kept, read(store, 0, 7 * HOUR));
      try (Stream<Path> entries = Files.list(dir)) {
        assertEquals(List.of("wal"), entries.map(p -> p.getFileName().toString()).toList(), "block directories gone");
      }
    }
  }

  private static void write(TimeSeriesStore store, long from, long to, List<List<Long>> written) throws Exception {
    long[] refs = new long[SERIES];
    for (long t = from; t < to; t += 15_000) {
      Appender app = store.appender();
      for (int s = 0; s < SERIES; s++) {
        double v = t / 1000.0 + s;
        refs[s] = app.append(refs[s], Labels.of("__name__", "m", "s", String.format("%02d", s)), t, v);
        written.add(List.of((long) s, t, Double.doubleToRawLongBits(v)));
      }
      app.commit();
    }
    written.sort((a, b) -> !a.get(0).equals(b.get(0)) ? Long.compare(a.get(0), b.get(0)) : Long.compare(a.get(1), b.get(1)));
  }

  private static List<List<Long>> read(TimeSeriesStore store, long mint, long maxt) {
    List<List<Long>> out = new ArrayList<>();
    try (Querier q = store.querier(mint, maxt)) {
      SeriesSet set = q.select(true, LabelMatcher.equal("__name__", "m"));
      while (set.next()) {
        int s = Integer.parseInt(set.at().labels().get("s"));
        SampleIterator it = set.at().iterator();
        while (it.next()) {
          out.add(List.of((long) s, it.timestamp(), Double.doubleToRawLongBits(it.value())));
        }
      }
    }
    return out;
  }
}
