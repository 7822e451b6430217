package io.pipescope.store.internal.head;

import io.pipescope.store.internal.wal.RefSample;
import io.pipescope.store.internal.wal.RefSeries;
import io.pipescope.store.internal.wal.WalReader;
import io.pipescope.store.internal.wal.WalRecords;
import java.io.IOException;
import java.nio.file.Path;

/** Rebuilds the head from the write-ahead log after a restart. */
public final class HeadReplay {
  /** What replay found. {@code orphanSamples} had no series record (a batch torn by a crash). */
  public record Result(long series, long samples, long orphanSamples, long millis) {}

  private HeadReplay() {}

  public static Result replay(Path walDirectory, Head head) throws IOException {
    long start = System.nanoTime();
    long series = 0;
    long samples = 0;
    long orphans = 0;
    try (WalReader reader = WalReader.open(walDirectory)) {
      while (reader.next()) {
        byte[] record = reader.record();
        switch (WalRecords.Type.of(record)) {
          case SERIES -> {
            for (RefSeries s : WalRecords.decodeSeries(record)) {
              head.restore(s.ref(), s.labels());
              series++;
            }
          }
          case SAMPLES -> {
            for (RefSample s : WalRecords.decodeSamples(record)) {
              MemSeries target = head.series(s.ref());
              if (target == null) {
                orphans++;
              } else {
                // Samples were checked before they were logged; replay keeps their order.
                target.append(s.timestampMillis(), s.value());
                samples++;
              }
            }
          }
        }
      }
    }
    head.applied(samples);
    return new Result(series, samples, orphans, (System.nanoTime() - start) / 1_000_000);
  }
}
