package io.pipescope.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Millions of samples across thousands of series, with NaN, ±Inf and staleness markers, read back
 * identically from the head, after the head was cut into blocks and those were compacted, and
 * after a restart. Compared through a checksum of (series, time, value bits) in label-then-time
 * order, so the test holds no second copy of the data.
 */
class LargeRoundTripTest {
  private static final int SERIES = 2000;
  private static final int SAMPLES = 1100;
  private static final long STEP = 30_000;
  private static final long HOUR = 3_600_000L;

  @TempDir Path dir;

  @Test
  void millionsOfSamplesRoundTripThroughBlocksCompactionAndRestart() throws Exception {
    StoreOptions options = StoreOptions.at(dir).withWalSegmentBytes(8 * 1024 * 1024);
    long expected = expectedChecksum();
    try (TimeSeriesStore store = TimeSeriesStore.open(options)) {
      Labels[] labels = new Labels[SERIES];
      long[] refs = new long[SERIES];
      for (int s = 0; s < SERIES; s++) {
        labels[s] = Labels.of("__name__", "load_" + (s % 10), "series", String.format("%05d", s));
      }
      for (int i = 0; i < SAMPLES; i++) {
        Appender app = store.appender();
        for (int s = 0; s < SERIES; s++) {
          refs[s] = app.append(refs[s], labels[s], i * STEP, value(s, i));
        }
        app.commit();
      }
      assertEquals(expected, checksum(store), "from the head");
      store.maintain(SAMPLES * STEP);
      assertEquals(2, store.blocks().size(), "[0, 6h) compacted from three 2 h blocks, and [6h, 8h)");
      assertEquals(expected, checksum(store), "from compacted blocks and the head");
    }
    try (TimeSeriesStore reopened = TimeSeriesStore.open(options)) {
      assertEquals(expected, checksum(reopened), "after a restart");
    }
  }

  private static double value(int s, int i) {
    return switch ((s * 31 + i) % 997) {
      case 0 -> Double.NaN;
      case 1 -> Double.POSITIVE_INFINITY;
      case 2 -> Double.NEGATIVE_INFINITY;
      case 3 -> StaleMarker.VALUE;
      default -> s % 3 == 0 ? i * (s % 7 + 1) : s % 3 == 1 ? (i / 10) : Math.sin(i * 0.1 + s) * 100;
    };
  }

  /** The checksum of what was written, in the order a sorted select reads it back. */
  private static long expectedChecksum() {
    CRC32C crc = new CRC32C();
    // Label order: __name__ (load_0..load_9), then series; series s has name load_(s % 10).
    for (int name = 0; name < 10; name++) {
      for (int s = name; s < SERIES; s += 10) {
        for (int i = 0; i < SAMPLES; i++) {
          add(crc, s, i * STEP, Double.doubleToRawLongBits(value(s, i)));
        }
      }
    }
    return crc.getValue();
  }

  private static long checksum(TimeSeriesStore store) {
    CRC32C crc = new CRC32C();
    try (Querier q = store.querier(0, SAMPLES * STEP)) {
      SeriesSet set = q.select(true, LabelMatcher.of(LabelMatcher.Type.REGEX, "__name__", "load_.*"));
      while (set.next()) {
        int s = Integer.parseInt(set.at().labels().get("series"));
        SampleIterator it = set.at().iterator();
        while (it.next()) {
          add(crc, s, it.timestamp(), Double.doubleToRawLongBits(it.value()));
        }
      }
    }
    return crc.getValue();
  }

  private static void add(CRC32C crc, long s, long t, long bits) {
    for (long v : new long[] {s, t, bits}) {
      for (int shift = 0; shift < 64; shift += 8) {
        crc.update((int) (v >>> shift));
      }
    }
  }
}
