package io.pipescope.store.internal.wal;

import io.pipescope.store.FsyncPolicy;
import io.pipescope.store.WalPosition;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The write-ahead log, after Prometheus's tsdb/wlog: records are appended to numbered segment files
 * ({@code 00000000}, {@code 00000001}, ...) in 32 KiB pages, cut into checksummed fragments (see
 * {@code FragmentFormat}); {@link WalReader} reads them back.
 *
 * <p><b>Durability.</b> {@link #log} returns once its batch is written, and under
 * {@link FsyncPolicy#ALWAYS} synced; concurrent callers share one write and one fsync (see
 * {@code GroupCommit}). A batch is durable as a whole when acknowledged, but not atomic: a crash
 * during {@code log} can keep some of its records and lose the rest.
 *
 * <p><b>Repair on open.</b> {@link #open} reads every segment through. Damage is anything
 * {@link WalReader} rejects. The rule:
 *
 * <ul>
 *   <li>Damage in any segment but the last is never repaired: open fails with a
 *       {@link WalCorruptionException} naming the file and offset. (A segment is synced before the
 *       next one is created, so a crash cannot tear it.)
 *   <li>Damage in the last segment is a <em>torn tail</em> when no intact fragment with a non-empty
 *       payload begins at any byte offset from the damage to the end of the file: nothing was
 *       written after it, as when a crash cuts a write short or leaves zeros where data was due. The
 *       file is then truncated to the end of the last complete record before the damage, a warning
 *       says how many bytes were dropped from which offset and why, and appending continues there.
 *   <li>Damage in the last segment followed by an intact fragment is not a torn tail but corruption
 *       (a flipped bit, a lost page): open fails naming the file and offset, and changes nothing.
 * </ul>
 *
 * One consequence: should a crash persist a later page of an unacknowledged write but not an earlier
 * one, open fails rather than guess; an operator decides.
 */
public final class WriteAheadLog implements Closeable {
  private final Path dir;
  private final SegmentWriter writer;
  private final GroupCommit groupCommit;
  private final IntervalFlusher flusher;
  private final CommitWatermark watermark;

  private WriteAheadLog(Path dir, SegmentWriter writer, WalOptions options) {
    this.dir = dir;
    this.writer = writer;
    // What open found is on disk: recovery read it through, and a repaired tail was synced.
    this.watermark = new CommitWatermark(new WalPosition(writer.segmentIndex(), writer.size()));
    this.groupCommit = new GroupCommit(dir, writer, options.fsyncPolicy(), watermark);
    this.flusher =
        options.fsyncPolicy() == FsyncPolicy.INTERVAL
            ? new IntervalFlusher(writer, watermark, options.fsyncInterval(), groupCommit::fail,
                "pipescope-wal-fsync " + dir)
            : null;
  }

  /**
   * Opens the log in {@code dir}, creating the directory and the first segment if need be, and
   * repairs a torn tail as the class comment describes.
   *
   * @throws WalCorruptionException for damage that is not a torn tail
   */
  public static WriteAheadLog open(Path dir, WalOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    Files.createDirectories(dir);
    SegmentFile last = WalRecovery.recover(dir);
    SegmentWriter writer =
        last == null
            ? SegmentWriter.createFirst(dir, 0, options.segmentBytes())
            : SegmentWriter.appendTo(last, options.segmentBytes());
    return new WriteAheadLog(dir, writer, options);
  }

  /**
   * Appends the records as one batch, in order, and returns when they are durable under the fsync
   * policy. The arrays must not change until this returns.
   *
   * @throws IOException when the batch could not be written; the log then accepts no more writes
   *     until reopened
   */
  public void log(byte[]... records) throws IOException {
    for (byte[] record : records) {
      Objects.requireNonNull(record, "a WAL record must not be null");
    }
    if (records.length > 0) {
      groupCommit.commit(records);
    }
  }

  /** The segments in the directory, oldest first; the last is the one being written. */
  public List<SegmentFile> segments() throws IOException {
    return SegmentFile.list(dir);
  }

  /** The index of the segment being written. */
  public int currentSegment() {
    return writer.segmentIndex();
  }

  /**
   * Deletes every segment older than {@code segment}, for when a checkpoint holds what they did.
   *
   * @throws IllegalArgumentException when that would delete the segment being written
   */
  public void truncateBefore(int segment) throws IOException {
    int current = writer.segmentIndex();
    if (segment > current) {
      throw new IllegalArgumentException(
          "cannot delete the WAL segments before " + SegmentFile.name(segment) + ": segment "
              + SegmentFile.name(current) + " is still being written");
    }
    // Oldest first, so that if this stops half-way the segments left are still consecutive.
    for (SegmentFile file : SegmentFile.list(dir)) {
      if (file.index() < segment) {
        Files.deleteIfExists(file.path());
      }
    }
    SegmentFile.syncDirectory(dir);
  }

  /**
   * How far a reader tailing the log may read: the end of the last batch synced (under NEVER, the
   * last written). Everything before it is complete records.
   */
  public WalPosition readableEnd() {
    return watermark.synced();
  }

  /**
   * Waits until {@link #readableEnd()} is past {@code seen}, the log is closed, or the timeout
   * passes, and returns it.
   */
  public WalPosition awaitReadableAfter(WalPosition seen, long timeoutNanos) throws IOException {
    return watermark.awaitSyncedAfter(seen, timeoutNanos);
  }

  /** Whether {@link #close} was called: the log will not grow any more. */
  public boolean isClosed() {
    return watermark.closed();
  }

  /** How many times a segment's data has been synced to disk: one per group commit under ALWAYS. */
  public long fsyncCount() {
    return writer.fsyncCount();
  }

  public Path directory() {
    return dir;
  }

  /** Writes and syncs what is queued, and closes the log. Closing twice does nothing. */
  @Override
  public void close() throws IOException {
    try {
      if (flusher != null) {
        flusher.close();
      }
      groupCommit.close();
    } finally {
      watermark.close();
    }
  }
}
