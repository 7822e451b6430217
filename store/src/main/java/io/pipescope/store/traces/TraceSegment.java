package io.pipescope.store.traces;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.ObjLongConsumer;
import java.util.zip.CRC32C;

/**
 * One append-only file of records: payload length (4 bytes), CRC32C of the payload (4 bytes),
 * payload. Records are read back by offset; a torn record at the end (a crash mid-write) is cut off
 * when the segment is opened.
 */
final class TraceSegment implements AutoCloseable {
  static final String SUFFIX = ".spans";
  private static final int HEADER = 8;

  final int id;
  final Path file;
  private final FileChannel channel;
  private long size;
  /** Unix ms of the segment's start: a new segment is begun once the current one is this old. */
  private final long createdMillis;
  /** Unix ms of the last write (or, for a segment read at start-up, its file's modification time). */
  private volatile long lastWriteMillis;

  private TraceSegment(int id, Path file, FileChannel channel, long size, long createdMillis, long lastWriteMillis) {
    this.id = id;
    this.file = file;
    this.channel = channel;
    this.size = size;
    this.createdMillis = createdMillis;
    this.lastWriteMillis = lastWriteMillis;
  }

  static Path path(Path dir, int id) {
    return dir.resolve(String.format("%08d", id) + SUFFIX);
  }

  static TraceSegment create(Path dir, int id, long nowMillis) throws IOException {
    Path file = path(dir, id);
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    return new TraceSegment(id, file, ch, 0, nowMillis, nowMillis);
  }

  /**
   * Opens an existing segment, handing every intact record to {@code records} (payload, offset)
   * and cutting off a torn tail.
   */
  static TraceSegment open(Path file, int id, ObjLongConsumer<byte[]> records) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      long end = ch.size();
      long offset = 0;
      CRC32C crc = new CRC32C();
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      while (offset + HEADER <= end) {
        header.clear();
        readFully(ch, header, offset);
        int length = header.getInt(0);
        int checksum = header.getInt(4);
        if (length < 0 || offset + HEADER + length > end) {
          break;
        }
        byte[] payload = new byte[length];
        readFully(ch, ByteBuffer.wrap(payload), offset + HEADER);
        crc.reset();
        crc.update(payload);
        if ((int) crc.getValue() != checksum) {
          break;
        }
        records.accept(payload, offset);
        offset += HEADER + length;
      }
      if (offset < end) {
        ch.truncate(offset);
      }
      long modified = Files.getLastModifiedTime(file).toMillis();
      return new TraceSegment(id, file, ch, offset, modified, modified);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Appends one record; returns its offset. Callers serialise appends. */
  long append(byte[] payload, long nowMillis) throws IOException {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    ByteBuffer record = ByteBuffer.allocate(HEADER + payload.length);
    record.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
    long offset = size;
    while (record.hasRemaining()) {
      channel.write(record, offset + record.position());
    }
    size += HEADER + payload.length;
    lastWriteMillis = nowMillis;
    return offset;
  }

  /** The payload of the record at {@code offset}; safe from any thread. */
  byte[] read(long offset) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    readFully(channel, header, offset);
    byte[] payload = new byte[header.getInt(0)];
    readFully(channel, ByteBuffer.wrap(payload), offset + HEADER);
    return payload;
  }

  long size() {
    return size;
  }

  long createdMillis() {
    return createdMillis;
  }

  long lastWriteMillis() {
    return lastWriteMillis;
  }

  void sync() throws IOException {
    channel.force(false);
  }

  private static void readFully(FileChannel ch, ByteBuffer into, long position) throws IOException {
    while (into.hasRemaining()) {
      int n = ch.read(into, position + into.position());
      if (n < 0) {
        throw new IOException("unexpected end of span segment");
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
