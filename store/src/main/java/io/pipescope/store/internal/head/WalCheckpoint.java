package io.pipescope.store.internal.head;

import io.pipescope.store.internal.wal.RefSample;
import io.pipescope.store.internal.wal.RefSeries;
import io.pipescope.store.internal.wal.WalOptions;
import io.pipescope.store.internal.wal.WalReader;
import io.pipescope.store.internal.wal.WalRecords;
import io.pipescope.store.internal.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Prometheus's WAL checkpoint: once a block holds the head's older samples, the WAL segments
 * before the one being written are replaced by {@code checkpoint.NNNNNNNN} (N = the last segment
 * it replaces): the series records of every live series and the samples of those segments that are
 * still in the head. Written under a temporary name and renamed, so a crash leaves either the old
 * segments or the checkpoint (or both, which replays to the same head).
 */
public final class WalCheckpoint {
  private static final Pattern NAME = Pattern.compile("checkpoint\\.(\\d{8})");
  private static final int SAMPLES_PER_RECORD = 10_000;

  private WalCheckpoint() {}

  /** The newest checkpoint directory in {@code walDir}, or null. */
  public static Path newest(Path walDir) throws IOException {
    try (Stream<Path> files = Files.list(walDir)) {
      return files.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
          .max(Comparator.comparing(p -> p.getFileName().toString())).orElse(null);
    }
  }

  /**
   * Writes a checkpoint of the segments before {@code firstKeptSegment} and deletes them (and
   * older checkpoints).
   */
  public static void write(Path walDir, WriteAheadLog wal, int firstKeptSegment, Head head) throws IOException {
    if (firstKeptSegment <= 0) {
      return;
    }
    String name = "checkpoint." + String.format("%08d", firstKeptSegment - 1);
    Path tmp = walDir.resolve(name + ".tmp");
    deleteRecursively(tmp);
    long minValid = head.minValidTime();
    try (WriteAheadLog out = WriteAheadLog.open(tmp, WalOptions.defaults())) {
      out.log(WalRecords.encodeSeries(head.liveSeries()));
      List<RefSample> kept = new ArrayList<>();
      for (Path source : sources(walDir)) {
        try (WalReader reader = WalReader.open(source)) {
          while (reader.next()) {
            if (source.equals(walDir) && reader.segment() >= firstKeptSegment) {
              break;
            }
            byte[] record = reader.record();
            if (WalRecords.Type.of(record) != WalRecords.Type.SAMPLES) {
              continue;
            }
            for (RefSample s : WalRecords.decodeSamples(record)) {
              if (s.timestampMillis() >= minValid && head.series(s.ref()) != null) {
                kept.add(s);
              }
            }
            if (kept.size() >= SAMPLES_PER_RECORD) {
              out.log(WalRecords.encodeSamples(kept));
              kept.clear();
            }
          }
        }
      }
      if (!kept.isEmpty()) {
        out.log(WalRecords.encodeSamples(kept));
      }
    }
    Path target = walDir.resolve(name);
    deleteRecursively(target);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    wal.truncateBefore(firstKeptSegment);
    for (Path old : olderCheckpoints(walDir, name)) {
      deleteRecursively(old);
    }
  }

  /** The previous checkpoint (if any), then the WAL itself: everything the new one replaces. */
  private static List<Path> sources(Path walDir) throws IOException {
    List<Path> out = new ArrayList<>();
    Path previous = newest(walDir);
    if (previous != null) {
      out.add(previous);
    }
    out.add(walDir);
    return out;
  }

  private static List<Path> olderCheckpoints(Path walDir, String keep) throws IOException {
    try (Stream<Path> files = Files.list(walDir)) {
      return files.filter(p -> {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() && !p.getFileName().toString().equals(keep);
      }).toList();
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
