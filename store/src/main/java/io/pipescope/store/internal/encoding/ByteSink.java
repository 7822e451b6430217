package io.pipescope.store.internal.encoding;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/** A growing byte array with the encodings block files use (Go's varints, big-endian integers). */
public final class ByteSink {
  private byte[] bytes;
  private int size;

  public ByteSink(int expectedSize) {
    bytes = new byte[Math.max(16, expectedSize)];
  }

  public int size() {
    return size;
  }

  public void putByte(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  public void putBigEndian32(int v) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (v >>> shift);
    }
  }

  public void putBigEndian64(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (v >>> shift);
    }
  }

  /** Base-128, seven bits a byte, least significant first, as Go's binary.PutUvarint. */
  public void putUvarint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    bytes[size++] = (byte) v;
  }

  /** Zig-zag then uvarint, as Go's binary.PutVarint: small magnitudes of either sign stay short. */
  public void putVarint(long v) {
    putUvarint((v << 1) ^ (v >> 63));
  }

  public void putBytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, bytes, size, b.length);
    size += b.length;
  }

  /** A uvarint byte length, then the UTF-8 bytes. */
  public void putString(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    putUvarint(utf8.length);
    putBytes(utf8);
  }

  /** The CRC32C (Castagnoli) of the bytes from {@code from} to the end. */
  public int crc32c(int from) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, from, size - from);
    return (int) crc.getValue();
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, size);
  }

  /** A copy of the bytes written. */
  public byte[] toByteArray() {
    return java.util.Arrays.copyOf(bytes, size);
  }

  public void clear() {
    size = 0;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
