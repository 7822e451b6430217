package io.pipescope.store.internal.wal;

import io.pipescope.store.WalPosition;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * Reads the records of a log that is being written, in order, from a position on, as Prometheus's
 * WAL watcher does with its LiveReader. Simpler here: the log publishes how far it is synced
 * ({@link WriteAheadLog#readableEnd()}, always a batch boundary), and this reader never reads past
 * it, so it never meets a record half written and any damage it meets is real.
 *
 * <p>A segment the reader needs but the log has deleted (a checkpoint replaced it) is skipped and
 * counted; the caller decides what that loss means.
 */
public final class WalTailReader implements Closeable {
  private static final Logger LOG = Logger.getLogger(WalTailReader.class.getName());

  private final WriteAheadLog wal;
  private final Path dir;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private int segment;
  /** Records of the first segment read that end at or before this were read before: skipped. */
  private long skipUntil;
  private SegmentReader current;
  private byte[] record;
  private long recordStart;
  private long recordEnd;
  private long segmentsSkipped;

  private WalTailReader(WriteAheadLog wal, WalPosition from) {
    this.wal = wal;
    this.dir = wal.directory();
    this.segment = from.segment();
    this.skipUntil = from.offset();
    this.recordEnd = from.offset();
    this.recordStart = from.offset();
  }

  /**
   * A reader that returns the records ending after {@code from}. A position past the end of the
   * log (a log replaced, or a tail cut off by a crash under fsync NEVER) is moved back to a place
   * that loses nothing written since: the end, within the last segment; the oldest segment, past it.
   */
  public static WalTailReader open(WriteAheadLog wal, WalPosition from) throws IOException {
    WalPosition end = wal.readableEnd();
    WalPosition start = from;
    if (from.segment() > end.segment()) {
      List<SegmentFile> segments = wal.segments();
      start = new WalPosition(segments.isEmpty() ? end.segment() : segments.get(0).index(), 0);
      LOG.warning("WAL position " + from + " is past the end of the log in " + wal.directory() + " (" + end
          + "); reading from " + start);
    } else if (from.segment() == end.segment() && from.offset() > end.offset()) {
      start = end;
      LOG.warning("WAL position " + from + " is past the end of the log in " + wal.directory() + " (" + end
          + "); reading from its end");
    }
    return new WalTailReader(wal, start);
  }

  /**
   * Advances to the next record, waiting up to {@code timeoutNanos} for one to be synced.
   *
   * @return false when none came in time, or the log is closed and read to its end
   * @throws WalCorruptionException at damage, which ends reading
   */
  public boolean next(long timeoutNanos) throws IOException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (true) {
      WalPosition end = wal.readableEnd();
      if (current == null) {
        openSegment();
      }
      boolean complete = segment < end.segment();
      current.limitTo(complete ? Long.MAX_VALUE : end.offset());
      long start = current.recordEnd();
      if (current.next(buffer)) {
        if (current.recordEnd() <= skipUntil) {
          continue;
        }
        record = buffer.toByteArray();
        recordStart = start;
        recordEnd = current.recordEnd();
        return true;
      }
      if (complete) {
        // Nothing more will be written to it: the writer synced it before starting the next.
        current.close();
        current = null;
        segment++;
        skipUntil = 0;
        recordStart = 0;
        recordEnd = 0;
        continue;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || wal.isClosed()) {
        return false;
      }
      wal.awaitReadableAfter(end, left);
    }
  }

  private void openSegment() throws IOException {
    Path file = dir.resolve(SegmentFile.name(segment));
    if (!Files.exists(file)) {
      int next = -1;
      for (SegmentFile s : wal.segments()) {
        if (s.index() > segment) {
          next = s.index();
          break;
        }
      }
      if (next < 0) {
        throw new IOException("WAL segment " + file + " is gone and no later segment exists");
      }
      LOG.warning("WAL segments " + SegmentFile.name(segment) + " to " + SegmentFile.name(next - 1) + " in " + dir
          + " were deleted before they were read; reading on from " + SegmentFile.name(next));
      segmentsSkipped += next - segment;
      segment = next;
      skipUntil = 0;
      file = dir.resolve(SegmentFile.name(segment));
    }
    current = new SegmentReader(new SegmentFile(segment, file));
  }

  /** The record {@link #next} moved to; the array belongs to the caller. */
  public byte[] record() {
    if (record == null) {
      throw new IllegalStateException("no current record: call next() and check that it returned true");
    }
    return record;
  }

  /** Where to read from to read the current record again. */
  public WalPosition recordStart() {
    return new WalPosition(segment, recordStart);
  }

  /** Just past the current record: where to read from to continue after it. */
  public WalPosition recordEnd() {
    return new WalPosition(segment, recordEnd);
  }

  /** Segments the log deleted before this reader got to them. */
  public long segmentsSkipped() {
    return segmentsSkipped;
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
