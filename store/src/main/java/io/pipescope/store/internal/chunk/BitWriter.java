package io.pipescope.store.internal.chunk;

import java.util.Arrays;

/**
 * Appends bits, most significant first, to a byte array that grows by doubling. Bits past
 * {@link #bitLength()} are always zero and a write only ORs bits into them, so a reader that
 * decodes bits written earlier may look at the byte being completed without seeing them change.
 */
final class BitWriter {
  private byte[] buffer;
  private int bitLength;

  BitWriter(int initialCapacityBytes) {
    this.buffer = new byte[Math.max(1, initialCapacityBytes)];
  }

  /**
   * Continues after the first {@code bitLength} bits of {@code bytes}, which it copies and never
   * writes to; the copy's bits past that length are cleared.
   */
  static BitWriter continuing(byte[] bytes, int bitLength, int initialCapacityBytes) {
    int used = byteLength(bitLength);
    if (used > bytes.length) {
      throw new IllegalArgumentException(bitLength + " bits do not fit in " + bytes.length + " bytes");
    }
    BitWriter writer = new BitWriter(Math.max(used, initialCapacityBytes));
    System.arraycopy(bytes, 0, writer.buffer, 0, used);
    writer.bitLength = bitLength;
    clearBitsAfter(writer.buffer, bitLength);
    return writer;
  }

  /** Sets to zero the bits after {@code bitLength} in the byte holding the last of them. */
  static void clearBitsAfter(byte[] bytes, int bitLength) {
    int spare = -bitLength & 7;
    if (spare != 0) {
      bytes[bitLength >>> 3] &= (byte) (0xFF << spare);
    }
  }

  static int byteLength(int bitLength) {
    return (bitLength + 7) >>> 3;
  }

  void writeBit(boolean bit) {
    writeBits(bit ? 1 : 0, 1);
  }

  /** Writes the low {@code count} bits of {@code value} (0 to 64), most significant first. */
  void writeBits(long value, int count) {
    ensureCapacity(bitLength + count);
    int remaining = count;
    while (remaining > 0) {
      int free = 8 - (bitLength & 7);
      int take = Math.min(free, remaining);
      remaining -= take;
      int bits = (int) (value >>> remaining) & ((1 << take) - 1);
      buffer[bitLength >>> 3] |= (byte) (bits << (free - take));
      bitLength += take;
    }
  }

  /** Go's {@code binary.PutUvarint}: 7 bits a byte, least significant group first, high bit = more. */
  void writeUvarint(long value) {
    long rest = value;
    while ((rest & ~0x7FL) != 0) {
      writeBits((rest & 0x7F) | 0x80, 8);
      rest >>>= 7;
    }
    writeBits(rest, 8);
  }

  /** Go's {@code binary.PutVarint}: zig-zag, so small negative numbers stay short, then uvarint. */
  void writeVarint(long value) {
    writeUvarint((value << 1) ^ (value >> 63));
  }

  /** The backing array: the written bits, then zeros. It is replaced, never reused, when it grows. */
  byte[] buffer() {
    return buffer;
  }

  int bitLength() {
    return bitLength;
  }

  private void ensureCapacity(int bits) {
    int needed = byteLength(bits);
    if (needed > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
    }
  }
}
