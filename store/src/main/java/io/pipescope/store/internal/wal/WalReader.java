package io.pipescope.store.internal.wal;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the records of a write-ahead log in the order they were logged, segment by segment.
 *
 * <p>Every fragment is checked, and anything the writer cannot have produced stops the reader with
 * a {@link WalCorruptionException} naming the segment file, the byte offset and the problem: a
 * checksum mismatch; an unknown fragment type; a fragment out of sequence (a middle or last without
 * a first, or a new record before the previous one ended); a fragment longer than the rest of its
 * page; zeros where a fragment header should begin; a non-zero byte in page padding; or a segment
 * that ends inside a fragment or a record. Nothing is skipped.
 *
 * <p>It reads a log no one is appending to (before {@link WriteAheadLog#open} or after close, or
 * segments older than the one being written); {@link WalTailReader} reads a live log, up to what is
 * synced.
 */
public final class WalReader implements Closeable {
  private final List<SegmentFile> segments;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private int nextSegment;
  private SegmentReader current;
  private byte[] record;

  WalReader(List<SegmentFile> segments) {
    this.segments = List.copyOf(segments);
  }

  /** A reader over all segments in {@code dir}. */
  public static WalReader open(Path dir) throws IOException {
    return new WalReader(SegmentFile.list(dir));
  }

  /**
   * Advances to the next record.
   *
   * @return false after the last record
   * @throws WalCorruptionException at the first damage, which ends reading
   */
  public boolean next() throws IOException {
    while (true) {
      if (current == null) {
        if (nextSegment == segments.size()) {
          record = null;
          return false;
        }
        current = new SegmentReader(segments.get(nextSegment++));
      }
      if (current.next(buffer)) {
        record = buffer.toByteArray();
        return true;
      }
      if (nextSegment == segments.size()) {
        // Stay on the last segment, so that segment() and offset() tell where the log ends.
        record = null;
        return false;
      }
      current.close();
      current = null;
    }
  }

  /** The record {@link #next()} moved to; the array belongs to the caller. */
  public byte[] record() {
    if (record == null) {
      throw new IllegalStateException("no current record: call next() and check that it returned true");
    }
    return record;
  }

  /** The index of the segment being read, or -1 before the first. */
  public int segment() {
    return current == null ? -1 : current.segment().index();
  }

  /** The byte offset in {@link #segment()} just past the last complete record read from it. */
  public long offset() {
    return current == null ? 0 : current.recordEnd();
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      current.close();
    }
  }
}
