package io.pipescope.store.internal.chunk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads bits, most significant first, from bytes {@code [offset, limit)} of a byte array or
 * buffer, eight bytes at a time. It reads by absolute index, so it never moves the buffer's
 * position, and never looks at a byte at or past {@code limit}.
 */
final class BitReader {
  private final ByteBuffer bytes;
  private final int limit;
  private int nextByte;
  /** Bits loaded but not yet read are the low {@code available} bits of {@code window}. */
  private long window;
  private int available;

  BitReader(byte[] bytes, int offset, int limit) {
    this(ByteBuffer.wrap(bytes), offset, limit);
  }

  /** Indexes are the buffer's absolute ones (0 is the start of a slice). */
  BitReader(ByteBuffer bytes, int offset, int limit) {
    if (offset < 0 || offset > limit || limit > bytes.limit()) {
      throw new IndexOutOfBoundsException("[" + offset + ", " + limit + ") of " + bytes.limit() + " bytes");
    }
    this.bytes = bytes.order() == ByteOrder.BIG_ENDIAN ? bytes : bytes.duplicate().order(ByteOrder.BIG_ENDIAN);
    this.limit = limit;
    this.nextByte = offset;
  }

  boolean readBit() {
    if (available == 0) {
      load();
    }
    available--;
    return ((window >>> available) & 1) != 0;
  }

  /** Reads {@code count} bits (1 to 64) into the low bits of the result. */
  long readBits(int count) {
    if (count <= available) {
      available -= count;
      return (window >>> available) & lowBits(count);
    }
    long high = available == 0 ? 0 : window & lowBits(available);
    int rest = count - available;
    load();
    if (rest > available) {
      throw new CorruptChunkException("chunk ends inside a " + count + "-bit field");
    }
    available -= rest;
    long low = (window >>> available) & lowBits(rest);
    return rest == 64 ? low : (high << rest) | low;
  }

  /** Go's {@code binary.ReadUvarint}, refusing encodings longer than a 64-bit value needs. */
  long readUvarint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      long b = readBits(8);
      if (shift == 63 && b > 1) {
        break;
      }
      value |= (b & 0x7F) << shift;
      if (b < 0x80) {
        return value;
      }
    }
    throw new CorruptChunkException("varint overflows 64 bits");
  }

  long readVarint() {
    long zigZag = readUvarint();
    return (zigZag >>> 1) ^ -(zigZag & 1);
  }

  /** Bits read so far, counted from absolute index 0 of the bytes. */
  int bitPosition() {
    return nextByte * 8 - available;
  }

  private void load() {
    int remaining = limit - nextByte;
    if (remaining >= Long.BYTES) {
      window = bytes.getLong(nextByte);
      nextByte += Long.BYTES;
      available = Long.SIZE;
      return;
    }
    if (remaining == 0) {
      throw new CorruptChunkException("chunk ends before its last sample");
    }
    long loaded = 0;
    for (int i = 0; i < remaining; i++) {
      loaded = (loaded << 8) | (bytes.get(nextByte + i) & 0xFF);
    }
    window = loaded;
    nextByte = limit;
    available = remaining * 8;
  }

  private static long lowBits(int count) {
    return -1L >>> (64 - count);
  }
}
