package io.pipescope.store.internal.block;

import static io.pipescope.store.internal.block.ChunkSegmentFormat.ENCODING_XOR;
import static io.pipescope.store.internal.block.ChunkSegmentFormat.HEADER_BYTES;

import io.pipescope.store.internal.encoding.ByteSink;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes chunks back to back into segment files (layout in {@link ChunkSegmentFormat}), starting a
 * new segment when the next chunk would pass the size limit. Each segment is synced to disk when
 * it is finished; the caller syncs the directory.
 */
final class ChunkSegmentWriter implements Closeable {
  private final Path directory;
  private final long maxSegmentBytes;
  private final ByteSink entry = new ByteSink(256);
  private int segment;
  private FileChannel channel;
  private OutputStream out;
  private long position;

  ChunkSegmentWriter(Path directory, long maxSegmentBytes) {
    if (maxSegmentBytes <= HEADER_BYTES || maxSegmentBytes > ChunkSegmentFormat.MAX_SEGMENT_BYTES) {
      throw new IllegalArgumentException("segment size must be in (" + HEADER_BYTES + ", "
          + ChunkSegmentFormat.MAX_SEGMENT_BYTES + "], got " + maxSegmentBytes);
    }
    this.directory = directory;
    this.maxSegmentBytes = maxSegmentBytes;
  }

  /** Appends one XOR chunk; returns its reference. */
  long write(byte[] chunk) throws IOException {
    entry.clear();
    entry.putUvarint(chunk.length);
    int checked = entry.size();
    entry.putByte(ENCODING_XOR);
    entry.putBytes(chunk);
    entry.putBigEndian32(entry.crc32c(checked));
    // A chunk larger than a whole segment still goes in, alone, rather than nowhere.
    if (out == null || (position + entry.size() > maxSegmentBytes && position > HEADER_BYTES)) {
      startSegment();
    }
    long ref = ChunkSegmentFormat.ref(segment, position);
    entry.writeTo(out);
    position += entry.size();
    return ref;
  }

  private void startSegment() throws IOException {
    finishSegment();
    segment++;
    channel = FileChannel.open(directory.resolve(ChunkSegmentFormat.fileName(segment)),
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    ByteSink header = new ByteSink(HEADER_BYTES);
    header.putBigEndian32(ChunkSegmentFormat.MAGIC);
    header.putByte(ChunkSegmentFormat.VERSION);
    header.putByte(0);
    header.putByte(0);
    header.putByte(0);
    header.writeTo(out);
    position = HEADER_BYTES;
  }

  private void finishSegment() throws IOException {
    if (out == null) {
      return;
    }
    try {
      out.flush();
      channel.force(true);
    } finally {
      out = null;
      channel.close();
    }
  }

  /** Finishes and syncs the last segment. */
  @Override
  public void close() throws IOException {
    finishSegment();
  }

}
