package io.pipescope.store.internal.wal;

import static io.pipescope.store.internal.wal.FragmentFormat.HEADER_SIZE;
import static io.pipescope.store.internal.wal.FragmentFormat.PAGE_SIZE;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads the records of one segment a page at a time, checking every fragment against
 * {@link FragmentFormat}; the rules are listed on {@link WalReader}.
 *
 * <p>A reader tailing a segment still being written reads no further than a {@link #limitTo limit}
 * that falls between records, and a page it found partial is read again once more may be there.
 */
final class SegmentReader implements Closeable {
  private final SegmentFile segment;
  private final FileChannel channel;
  private final byte[] page = new byte[PAGE_SIZE];
  private final CRC32C crc = new CRC32C();

  private long pageStart;
  private long nextPageStart;
  /** Bytes of the current page present in the file: less than a page only for the last one. */
  private int present;
  private int position;
  private long recordEnd;
  private boolean pageLoaded;
  /** Bytes of the file that may be read; the rest may be a write under way. */
  private long limit = Long.MAX_VALUE;

  SegmentReader(SegmentFile segment) throws IOException {
    this.segment = segment;
    this.channel = FileChannel.open(segment.path(), StandardOpenOption.READ);
  }

  SegmentFile segment() {
    return segment;
  }

  /** Reads no byte at or past {@code bytes}, which must be a record boundary; may grow between calls. */
  void limitTo(long bytes) {
    limit = bytes;
  }

  /** The byte offset just past the last complete record read, 0 before the first. */
  long recordEnd() {
    return recordEnd;
  }

  /**
   * Reads the next record into {@code record}.
   *
   * @return false at the end of the segment, which must fall between two records
   * @throws WalCorruptionException at the first fragment the writer cannot have produced
   */
  boolean next(ByteArrayOutputStream record) throws IOException {
    record.reset();
    long recordStart = -1;
    while (true) {
      if (position == present && !loadNextPage()) {
        if (recordStart >= 0) {
          throw damage(
              pageStart + present, "the segment ends inside the record that begins at offset " + recordStart);
        }
        return false;
      }
      long offset = pageStart + position;
      int code = page[position] & 0xff;
      if (code == 0) {
        skipPadding();
        continue;
      }
      FragmentType type = FragmentType.fromCode(code);
      if (type == null) {
        throw damage(
            offset, String.format("invalid fragment type 0x%02x (1 to 4 are full, first, middle, last)", code));
      }
      if (present - position < HEADER_SIZE) {
        throw damage(offset, "the segment ends inside a fragment header");
      }
      int length = FragmentFormat.payloadLength(page, position);
      int room = PAGE_SIZE - position - HEADER_SIZE;
      if (length > room) {
        throw damage(
            offset,
            "a " + type + " fragment claims " + length + " bytes but only " + room + " fit in the rest of its page");
      }
      int available = present - position - HEADER_SIZE;
      if (length > available) {
        throw damage(
            offset,
            "the segment ends inside a " + type + " fragment: " + available + " of its " + length + " bytes are present");
      }
      int stored = FragmentFormat.storedChecksum(page, position);
      int computed = FragmentFormat.checksum(crc, page, position + HEADER_SIZE, length);
      if (stored != computed) {
        throw damage(
            offset,
            String.format(
                "checksum mismatch in a %s fragment of %d bytes (stored %08x, computed %08x)",
                type, length, stored, computed));
      }
      if (recordStart < 0 && !type.startsRecord()) {
        throw damage(offset, "a " + type + " fragment with no first fragment before it");
      }
      if (recordStart >= 0 && type.startsRecord()) {
        throw damage(
            offset, "a " + type + " fragment where the record that begins at offset " + recordStart + " should continue");
      }
      if (recordStart < 0) {
        recordStart = offset;
      }
      record.write(page, position + HEADER_SIZE, length);
      position += HEADER_SIZE + length;
      if (type.endsRecord()) {
        recordEnd = pageStart + position;
        return true;
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private boolean loadNextPage() throws IOException {
    if (pageLoaded && present < PAGE_SIZE) {
      // A partial page ends the file or the limit; either may have grown since it was read.
      int read = readable(FragmentFormat.readPage(channel, pageStart, page), pageStart);
      if (read <= present) {
        return false;
      }
      present = read;
      return true;
    }
    int read = readable(FragmentFormat.readPage(channel, nextPageStart, page), nextPageStart);
    if (read == 0) {
      return false;
    }
    pageStart = nextPageStart;
    nextPageStart += PAGE_SIZE;
    present = read;
    position = 0;
    pageLoaded = true;
    return true;
  }

  private int readable(int read, long start) {
    return (int) Math.max(0, Math.min(read, limit - start));
  }

  /** Zeros are valid only as the padding of the last few bytes of a page, where no header fits. */
  private void skipPadding() throws WalCorruptionException {
    if (PAGE_SIZE - position >= HEADER_SIZE) {
      throw damage(
          pageStart + position,
          "zeros where a fragment header should begin (padding fills only the last "
              + (HEADER_SIZE - 1)
              + " or fewer bytes of a page)");
    }
    for (int i = position; i < present; i++) {
      if (page[i] != 0) {
        throw damage(pageStart + i, "a non-zero byte in the zero padding at the end of a page");
      }
    }
    position = present;
  }

  private WalCorruptionException damage(long offset, String problem) {
    return new WalCorruptionException(segment.path(), offset, problem);
  }
}
