package io.pipescope.store;

import io.pipescope.aggregator.storage.Appender;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeSeriesStoreTest {
  @TempDir Path dir;

  @Test
  void everyCommittedSampleSurvivesARestartBitForBit() throws Exception {
    List<long[]> written = new ArrayList<>();
    Random random = new Random(11);
    double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, StaleMarker.VALUE};
    try (TimeSeriesStore store = TimeSeriesStore.open(StoreOptions.at(dir))) {
      for (int batch = 0; batch < 50; batch++) {
        Appender app = store.appender();
        for (int s = 0; s < 40; s++) {
          double v = (batch + s) % 23 == 0 ? specials[(batch + s) % specials.length] : random.nextDouble();
          long t = 1_700_000_000_000L + batch * 15_000L;
          app.append(0, series(s), t, v);
          written.add(new long[] {s, t, Double.doubleToRawLongBits(v)});
        }
        app.commit();
      }
    }
    try (TimeSeriesStore reopened = TimeSeriesStore.open(StoreOptions.at(dir))) {
      assertEquals(40, reopened.numSeries());
      assertEquals(2000, reopened.replayed().samples());
      assertEquals(0, reopened.replayed().orphanSamples());
      List<long[]> read = new ArrayList<>();
      try (Querier q = reopened.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
        SeriesSet set = q.select(true, LabelMatcher.equal("__name__", "m"));
        while (set.next()) {
          int s = Integer.parseInt(set.at().labels().get("s"));
          SampleIterator it = set.at().iterator();
          while (it.next()) {
            read.add(new long[] {s, it.timestamp(), Double.doubleToRawLongBits(it.value())});
          }
        }
      }
      read.sort((a, b) -> a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[0], b[0]));
      written.sort((a, b) -> a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[0], b[0]));
      assertEquals(written.size(), read.size());
      for (int i = 0; i < written.size(); i++) {
        assertEquals(List.of(written.get(i)[0], written.get(i)[1], written.get(i)[2]),
            List.of(read.get(i)[0], read.get(i)[1], read.get(i)[2]), "sample " + i);
      }
      // Appends continue after a restart, with refs that do not clash with replayed ones.
      Appender app = reopened.appender();
      app.append(0, Labels.of("__name__", "m", "s", "new"), 1_800_000_000_000L, 1);
      app.commit();
      assertEquals(41, reopened.numSeries());
    }
  }

  @Test
  void aTornTailLosesOnlyTheUnfinishedBatch() throws Exception {
    try (TimeSeriesStore store = TimeSeriesStore.open(StoreOptions.at(dir))) {
      for (int batch = 0; batch < 10; batch++) {
        Appender app = store.appender();
        app.append(0, series(0), batch * 1000L, batch);
        app.commit();
      }
    }
    Path segment = lastSegment();
    try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
      file.setLength(file.length() - 3); // a crash mid-write of the last batch
    }
    try (TimeSeriesStore reopened = TimeSeriesStore.open(StoreOptions.at(dir))) {
      assertEquals(9, reopened.replayed().samples());
      Appender app = reopened.appender();
      app.append(0, series(0), 20_000, 20);
      app.commit();
    }
    try (TimeSeriesStore again = TimeSeriesStore.open(StoreOptions.at(dir))) {
      assertEquals(10, again.replayed().samples(), "the repaired log takes new batches after the cut");
    }
  }

  @Test
  void corruptionBeforeTheTailStopsOpenWithFileAndOffset() throws Exception {
    try (TimeSeriesStore store = TimeSeriesStore.open(StoreOptions.at(dir))) {
      for (int batch = 0; batch < 10; batch++) {
        Appender app = store.appender();
        app.append(0, series(0), batch * 1000L, batch);
        app.commit();
      }
    }
    Path segment = lastSegment();
    try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
      file.seek(20);
      int b = file.read();
      file.seek(20);
      file.write(b ^ 0xff);
    }
    IOException e = assertThrows(IOException.class, () -> TimeSeriesStore.open(StoreOptions.at(dir)));
    assertTrue(e.getMessage().contains(segment.getFileName().toString()), e.getMessage());
  }

  private Path lastSegment() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("wal"))) {
      return files.filter(p -> p.getFileName().toString().matches("\\d{8}")).sorted()
          .reduce((a, b) -> b).orElseThrow();
    }
  }

  private static Labels series(int s) {
    return Labels.of("__name__", "m", "s", Integer.toString(s));
  }
}
