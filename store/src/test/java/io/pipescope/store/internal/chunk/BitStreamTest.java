package io.pipescope.store.internal.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.ObjLongConsumer;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BitStreamTest {

  @Test
  void fieldsOfEveryWidthComeBackAcrossByteAndWordBoundaries() {
    Random random = new Random(11);
    int[] widths = new int[5000];
    long[] values = new long[widths.length];
    BitWriter out = new BitWriter(1);
    for (int i = 0; i < widths.length; i++) {
      widths[i] = 1 + random.nextInt(64);
      values[i] = random.nextLong() >>> (64 - widths[i]);
      out.writeBits(values[i], widths[i]);
    }

    BitReader in = new BitReader(out.buffer(), 0, BitWriter.byteLength(out.bitLength()));
    for (int i = 0; i < widths.length; i++) {
      assertEquals(values[i], in.readBits(widths[i]), "field " + i + " of " + widths[i] + " bits");
    }
    assertEquals(out.bitLength(), in.bitPosition());
  }

  @Test
  void onlyTheLowBitsOfAValueAreWritten() {
    BitWriter out = new BitWriter(4);
    out.writeBits(-1L, 3);
    out.writeBits(0b1010, 2);

    assertEquals(5, out.bitLength());
    assertEquals((byte) 0b1111_0000, out.buffer()[0]);
  }

  /** Expected bytes are Go's binary.PutUvarint / binary.PutVarint output. */
  @ParameterizedTest(name = "uvarint {0}")
  @CsvSource({"0, 00", "1, 01", "127, 7F", "128, 80 01", "300, AC 02", "-1, FF FF FF FF FF FF FF FF FF 01"})
  void uvarintsAreGosEncoding(long value, String hex) {
    assertVarint(hex, value, BitWriter::writeUvarint, BitReader::readUvarint);
  }

  @ParameterizedTest(name = "varint {0}")
  @CsvSource({"0, 00", "-1, 01", "1, 02", "-64, 7F", "64, 80 01", "1000, D0 0F",
      "-9223372036854775808, FF FF FF FF FF FF FF FF FF 01"})
  void varintsAreGosZigZagEncoding(long value, String hex) {
    assertVarint(hex, value, BitWriter::writeVarint, BitReader::readVarint);
  }

  private static void assertVarint(
      String hex,
      long value,
      ObjLongConsumer<BitWriter> write,
      ToLongFunction<BitReader> read) {
    BitWriter out = new BitWriter(1);
    write.accept(out, value);
    byte[] bytes = Arrays.copyOf(out.buffer(), BitWriter.byteLength(out.bitLength()));

    assertArrayEquals(HexFormat.ofDelimiter(" ").parseHex(hex), bytes);
    assertEquals(value, read.applyAsLong(new BitReader(bytes, 0, bytes.length)));
  }

  @Test
  void aUvarintLongerThanTenBytesIsCorrupt() {
    byte[] bytes = HexFormat.ofDelimiter(" ").parseHex("FF FF FF FF FF FF FF FF FF 02");

    assertThrows(CorruptChunkException.class, () -> new BitReader(bytes, 0, bytes.length).readUvarint());
  }

  @Test
  void aReaderOverABufferSliceStartsAtTheSlicesFirstByte() {
    ByteBuffer whole = ByteBuffer.wrap(HexFormat.ofDelimiter(" ").parseHex("EE EE 12 34 56 78 9A BC DE F0 11 EE"));
    ByteBuffer slice = whole.position(2).limit(11).slice();

    BitReader in = new BitReader(slice, 1, 9);

    assertEquals(0x3, in.readBits(4));
    assertEquals(0x456789ABCDEF01L, in.readBits(56));
    assertEquals(0x1, in.readBits(4));
    assertEquals(0, slice.position(), "the reader must not move the buffer");
  }

  @Test
  void readingPastTheLimitIsCorruptNotAnotherBytesBits() {
    byte[] bytes = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF};
    BitReader in = new BitReader(bytes, 0, 2);
    in.readBits(12);

    assertThrows(CorruptChunkException.class, () -> in.readBits(5));
  }
}
