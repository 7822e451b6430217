package io.pipescope.store.internal.block;

import io.pipescope.store.internal.encoding.ByteSink;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads what {@link ByteSink} writes from {@code [start, end)} of a buffer holding a whole file,
 * with absolute reads only (the buffer's position is never touched, so readers may share it).
 * Anything that runs past the end or out of range fails as a {@link CorruptBlockException} naming
 * the file, the section and the offset in the file.
 */
final class ByteSource {
  private final ByteBuffer buffer;
  private final Path file;
  private final String section;
  private final int end;
  private int position;

  ByteSource(ByteBuffer buffer, int start, int end, Path file, String section) {
    this.buffer = buffer;
    this.position = start;
    this.end = end;
    this.file = file;
    this.section = section;
  }

  int position() {
    return position;
  }

  boolean hasRemaining() {
    return position < end;
  }

  int readByte(String field) throws CorruptBlockException {
    need(1, field);
    return buffer.get(position++) & 0xFF;
  }

  int readBigEndian32(String field) throws CorruptBlockException {
    need(4, field);
    int v = buffer.getInt(position);
    position += 4;
    return v;
  }

  long readBigEndian64(String field) throws CorruptBlockException {
    need(8, field);
    long v = buffer.getLong(position);
    position += 8;
    return v;
  }

  long readUvarint(String field) throws CorruptBlockException {
    int start = position;
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte(field);
      v |= (long) (b & 0x7F) << shift;
      if (b < 0x80) {
        return v;
      }
    }
    throw corruptAt(start, "the varint " + field + " is longer than 10 bytes");
  }

  long readVarint(String field) throws CorruptBlockException {
    long zigzag = readUvarint(field);
    return (zigzag >>> 1) ^ -(zigzag & 1);
  }

  /** A uvarint that must lie in {@code [0, limit)}, such as a count or a reference into a table. */
  int readIndex(String field, long limit) throws CorruptBlockException {
    int start = position;
    long v = readUvarint(field);
    if (v < 0 || v >= limit) {
      throw corruptAt(start, field + " " + Long.toUnsignedString(v) + " is out of range [0, " + limit + ")");
    }
    return (int) v;
  }

  /** A count of entries that each take at least one byte, so it cannot exceed the bytes left. */
  int readCount(String field) throws CorruptBlockException {
    return readIndex(field, (long) end - position + 1);
  }

  String readString(String field) throws CorruptBlockException {
    int length = readCount(field + " length");
    need(length, field);
    int start = position;
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(buffer.slice(position, length))
          .toString();
      position += length;
      return s;
    } catch (CharacterCodingException e) {
      throw corruptAt(start, field + " is not valid UTF-8");
    }
  }

  CorruptBlockException corrupt(String problem) {
    return corruptAt(position, problem);
  }

  CorruptBlockException corruptAt(long offset, String problem) {
    return new CorruptBlockException(file, section, offset, problem);
  }

  private void need(int count, String field) throws CorruptBlockException {
    if (end - position < count) {
      throw corrupt(section + " ends inside the " + field);
    }
  }
}
