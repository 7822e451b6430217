package io.pipescope.store.internal.wal;

import io.pipescope.store.internal.encoding.ByteSink;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteSink} writes. A record too short for what it claims is rejected with
 * {@link IllegalArgumentException}: the checksum has already vouched for the bytes, so it is a record
 * this version does not understand.
 */
final class DecodingBuffer {
  private final byte[] bytes;
  private final String what;
  private int position;

  /** Decodes {@code bytes} from {@code position}; {@code what} names the record in error messages. */
  DecodingBuffer(byte[] bytes, int position, String what) {
    this.bytes = bytes;
    this.position = position;
    this.what = what;
  }

  boolean hasRemaining() {
    return position < bytes.length;
  }

  long readBigEndian64(String field) {
    need(8, field);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (bytes[position++] & 0xff);
    }
    return v;
  }

  long readUvarint(String field) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1, field);
      byte b = bytes[position++];
      v |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return v;
      }
    }
    throw new IllegalArgumentException(what + ": the varint " + field + " at byte " + position + " is longer than 10 bytes");
  }

  long readVarint(String field) {
    long zigzag = readUvarint(field);
    return (zigzag >>> 1) ^ -(zigzag & 1);
  }

  String readString(String field) {
    long length = readUvarint(field + " length");
    if (length > bytes.length - position) {
      throw new IllegalArgumentException(
          what + " of " + bytes.length + " bytes ends inside the " + field + " at byte " + position + ", which claims " + length + " bytes");
    }
    String s = new String(bytes, position, (int) length, StandardCharsets.UTF_8);
    position += (int) length;
    return s;
  }

  private void need(int count, String field) {
    if (bytes.length - position < count) {
      throw new IllegalArgumentException(what + " of " + bytes.length + " bytes ends inside the " + field + " at byte " + position);
    }
  }
}
