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

  /**
   * Replays the newest checkpoint in {@code walDirectory} (if any), then the segments. Samples
   * before the head's min valid time are in blocks already and are skipped.
   */
  public static Result replay(Path walDirectory, Head head) throws IOException {
    long start = System.nanoTime();
    long[] counts = new long[3];
    Path checkpoint = WalCheckpoint.newest(walDirectory);
    if (checkpoint != null) {
      replayInto(checkpoint, head, counts);
    }
    replayInto(walDirectory, head, counts);
    head.applied(counts[1]);
    return new Result(counts[0], counts[1], counts[2], (System.nanoTime() - start) / 1_000_000);
  }

  private static void replayInto(Path directory, Head head, long[] counts) throws IOException {
    long series = 0;
    long samples = 0;
    long orphans = 0;
    long minValid = head.minValidTime();
    try (WalReader reader = WalReader.open(directory)) {
      while (reader.next()) {
        byte[] record = reader.record();
        switch (WalRecords.Type.of(record)) {
          case SERIES -> {
            for (RefSeries s : WalRecords.decodeSeries(record)) {
              head.restore(s.ref(), s.labels());
              series++;
            }
          }
          case DELETED_SERIES -> head.forget(WalRecords.decodeDeletedSeries(record));
          case SAMPLES -> {
            for (RefSample s : WalRecords.decodeSamples(record)) {
              MemSeries target = head.series(s.ref());
              if (s.timestampMillis() < minValid) {
                continue; // in a block already
              }
              if (target == null) {
                orphans++;
              } else {
                // Samples were checked before they were logged; replay keeps their order.
                target.append(s.timestampMillis(), s.value());
                head.observed(s.timestampMillis());
                samples++;
              }
            }
          }
        }
      }
    }
    counts[0] += series;
    counts[1] += samples;
    counts[2] += orphans;
  }
}
