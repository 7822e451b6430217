package io.pipescope.store.internal.wal;

import static io.pipescope.store.internal.wal.FragmentFormat.HEADER_SIZE;
import static io.pipescope.store.internal.wal.FragmentFormat.MAX_PAYLOAD;
import static io.pipescope.store.internal.wal.FragmentFormat.PAGE_SIZE;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32C;

/**
 * Appends records to the newest segment in the layout of {@link FragmentFormat}, gathering them in
 * a page buffer so that a batch of small records costs one write(2). A record that would not fit in
 * the rest of the segment starts the next one, so records never cross segments; a record larger
 * than a whole segment gets a fresh segment to itself and makes it longer than the limit.
 *
 * <p>Used by one thread (the group-commit writer), except {@link #forceFromAnotherThread()}.
 */
final class SegmentWriter implements Closeable {
  private final Path dir;
  private final int pagesPerSegment;
  private final byte[] page = new byte[PAGE_SIZE];
  private final CRC32C crc = new CRC32C();
  private final LongAdder fsyncs = new LongAdder();

  private volatile FileChannel channel;
  private volatile int segmentIndex;
  /** Pages of the current segment that are complete in the file. */
  private int donePages;
  /** Bytes of the current page that are filled. */
  private int filled;
  /** Bytes of the current page that are written to the file. */
  private int written;

  private SegmentWriter(Path dir, int segmentBytes, int segmentIndex, FileChannel channel, long size) {
    this.dir = dir;
    this.pagesPerSegment = segmentBytes / PAGE_SIZE;
    this.segmentIndex = segmentIndex;
    this.channel = channel;
    // A segment may end inside a page (after a batch, or after repair): appending resumes there.
    this.donePages = (int) (size / PAGE_SIZE);
    this.filled = (int) (size % PAGE_SIZE);
    this.written = filled;
  }

  /** A writer that starts the log with a new, empty segment. */
  static SegmentWriter createFirst(Path dir, int index, int segmentBytes) throws IOException {
    return new SegmentWriter(dir, segmentBytes, index, SegmentFile.create(dir, index), 0);
  }

  /** A writer that appends to the end of an existing segment. */
  static SegmentWriter appendTo(SegmentFile segment, int segmentBytes) throws IOException {
    Path dir = segment.path().getParent();
    FileChannel channel = FileChannel.open(segment.path(), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    try {
      return new SegmentWriter(dir, segmentBytes, segment.index(), channel, channel.size());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  int segmentIndex() {
    return segmentIndex;
  }

  /** Bytes of the current segment in its file: where the next write lands once the page buffer is flushed. */
  long size() {
    return (long) donePages * PAGE_SIZE + written;
  }

  /** Data syncs of segment files so far, by this writer and by {@link #forceFromAnotherThread()}. */
  long fsyncCount() {
    return fsyncs.sum();
  }

  /** Adds one record to the page buffer, writing out every page it completes. */
  void append(byte[] record) throws IOException {
    if (pageIsFull()) {
      finishPage();
    }
    if (record.length > payloadBytesLeftInSegment() && (donePages > 0 || filled > 0)) {
      startNextSegment();
    }
    int copied = 0;
    boolean first = true;
    do {
      // With exactly a header's room left, the first fragment is empty (as in Prometheus's wlog),
      // so "first" is the first fragment written, not "nothing copied yet".
      int length = Math.min(record.length - copied, PAGE_SIZE - filled - HEADER_SIZE);
      FragmentType type = FragmentType.of(first, copied + length == record.length);
      first = false;
      int checksum = FragmentFormat.checksum(crc, record, copied, length);
      FragmentFormat.writeHeader(page, filled, type, length, checksum);
      System.arraycopy(record, copied, page, filled + HEADER_SIZE, length);
      filled += HEADER_SIZE + length;
      copied += length;
      if (pageIsFull()) {
        finishPage();
      }
    } while (copied < record.length);
  }

  /** Writes what the page buffer holds beyond what is already in the file (no fsync). */
  void flush() throws IOException {
    ByteBuffer pending = ByteBuffer.wrap(page, written, filled - written);
    while (pending.hasRemaining()) {
      channel.write(pending);
    }
    written = filled;
  }

  /** Flushes, then syncs the current segment's data to disk. */
  void sync() throws IOException {
    flush();
    channel.force(false);
    fsyncs.increment();
  }

  /**
   * Syncs whatever has been flushed to the current segment, from a thread other than the writer's
   * (the INTERVAL flusher). A segment closed meanwhile by rollover or close was synced first, so a
   * closed channel means there is nothing left to do.
   */
  void forceFromAnotherThread() throws IOException {
    try {
      channel.force(false);
      fsyncs.increment();
    } catch (ClosedChannelException alreadySyncedAndClosed) {
      // Nothing to do, see above.
    }
  }

  /** Flushes, syncs and closes the current segment. */
  @Override
  public void close() throws IOException {
    try {
      sync();
    } finally {
      channel.close();
    }
  }

  /** Closes the segment without writing more: after a failed write the page buffer is not trusted. */
  void abandon() throws IOException {
    channel.close();
  }

  private boolean pageIsFull() {
    return PAGE_SIZE - filled < HEADER_SIZE;
  }

  /** Pads the current page with zeros, writes it out and starts the next one. */
  private void finishPage() throws IOException {
    Arrays.fill(page, filled, PAGE_SIZE, (byte) 0);
    filled = PAGE_SIZE;
    flush();
    donePages++;
    filled = 0;
    written = 0;
  }

  private long payloadBytesLeftInSegment() {
    long inThisPage = PAGE_SIZE - filled - HEADER_SIZE;
    return inThisPage + (long) MAX_PAYLOAD * (pagesPerSegment - donePages - 1);
  }

  /**
   * Closes the current segment and creates the next one. The finished segment is synced before its
   * successor exists, whatever the policy, so after a crash only the last segment can be torn.
   */
  private void startNextSegment() throws IOException {
    close();
    int next = segmentIndex + 1;
    channel = SegmentFile.create(dir, next);
    segmentIndex = next;
    donePages = 0;
    filled = 0;
    written = 0;
  }
}
