package io.pipescope.store.internal.wal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growing byte array with the encodings of Prometheus's encoding.Encbuf, which WAL records use. */
final class EncodingBuffer {
  private byte[] bytes;
  private int size;

  EncodingBuffer(int expectedSize) {
    bytes = new byte[Math.max(16, expectedSize)];
  }

  void putByte(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  /** Eight bytes, big-endian. */
  void putBigEndian64(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (v >>> shift);
    }
  }

  /** Base-128, seven bits a byte, least significant first, as Go's binary.PutUvarint. */
  void putUvarint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    bytes[size++] = (byte) v;
  }

  /** Zig-zag then uvarint, as Go's binary.PutVarint: small magnitudes of either sign stay short. */
  void putVarint(long v) {
    putUvarint((v << 1) ^ (v >> 63));
  }

  /** A uvarint byte length, then the UTF-8 bytes. */
  void putString(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    putUvarint(utf8.length);
    ensure(utf8.length);
    System.arraycopy(utf8, 0, bytes, size, utf8.length);
    size += utf8.length;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
