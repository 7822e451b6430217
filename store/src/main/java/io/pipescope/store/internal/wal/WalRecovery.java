package io.pipescope.store.internal.wal;

import static io.pipescope.store.internal.wal.FragmentFormat.PAGE_SIZE;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * Makes a log directory safe to append to, by the rule stated on {@link WriteAheadLog}: every
 * segment is read through; damage is repaired only when it is a torn tail of the last segment, and
 * otherwise reported untouched.
 */
final class WalRecovery {
  private static final Logger LOG = Logger.getLogger(WriteAheadLog.class.getName());

  private WalRecovery() {}

  /**
   * Checks every segment in {@code dir} and cuts a torn tail off the last one.
   *
   * @return the segment to append to, or null when there is none
   * @throws WalCorruptionException for damage that is not a torn tail; nothing was changed
   */
  static SegmentFile recover(Path dir) throws IOException {
    List<SegmentFile> segments = SegmentFile.list(dir);
    if (segments.isEmpty()) {
      return null;
    }
    SegmentFile last = segments.get(segments.size() - 1);
    WalReader reader = new WalReader(segments);
    try (reader) {
      while (reader.next()) {
        // Reading through is the check.
      }
      return last;
    } catch (WalCorruptionException damage) {
      if (reader.segment() != last.index()) {
        throw damage.withConsequence(
            "it is not in the last segment, where a crash can tear a write, so the log was left untouched");
      }
      long intact = firstIntactFragmentFrom(last.path(), damage.offset());
      if (intact >= 0) {
        throw damage.withConsequence(
            "an intact fragment follows at offset " + intact + ", so this is not a torn tail and the log was left untouched");
      }
      cutTornTail(last.path(), reader.offset(), damage);
      return last;
    }
  }

  /**
   * The offset of the first intact fragment at or after {@code from}, or -1. Any byte offset is
   * tried, not only where the damaged header says the next fragment starts, since the length in that
   * header may be the damaged byte. This reads the rest of the segment, and runs only after damage.
   */
  private static long firstIntactFragmentFrom(Path segment, long from) throws IOException {
    byte[] page = new byte[PAGE_SIZE];
    CRC32C crc = new CRC32C();
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
      for (long pageStart = from - from % PAGE_SIZE; ; pageStart += PAGE_SIZE) {
        int present = FragmentFormat.readPage(channel, pageStart, page);
        for (int at = (int) Math.max(0, from - pageStart); at < present; at++) {
          if (FragmentFormat.isIntactFragmentAt(page, at, present, crc)) {
            return pageStart + at;
          }
        }
        if (present < PAGE_SIZE) {
          return -1;
        }
      }
    }
  }

  private static void cutTornTail(Path segment, long keep, WalCorruptionException damage) throws IOException {
    long size;
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      size = channel.size();
      channel.truncate(keep);
      channel.force(true);
    }
    LOG.warning(
        String.format(
            "Repaired a torn tail in WAL segment %s: dropped %d bytes, from offset %d (the end of the last"
                + " complete record) to the end of the file, after finding %s at offset %d",
            segment, size - keep, keep, damage.problem(), damage.offset()));
  }
}
