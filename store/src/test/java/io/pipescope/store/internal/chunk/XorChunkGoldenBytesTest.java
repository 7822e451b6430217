package io.pipescope.store.internal.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Exact bytes, worked out on paper from Prometheus's {@code tsdb/chunkenc/xor.go}, so the format
 * cannot drift from Prometheus's. Each comment spells the bits out.
 */
class XorChunkGoldenBytesTest {

  private static String encode(long[] timestamps, double[] values) {
    XorChunk chunk = new XorChunk();
    XorAppender appender = chunk.appender();
    for (int i = 0; i < timestamps.length; i++) {
      appender.append(timestamps[i], values[i]);
    }
    return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(chunk.bytes());
  }

  @Test
  void threeSamplesEncodeAsPrometheusWritesThem() {
    String expected =
        "00 03" // 3 samples
            + " D0 0F" // varint 1000: zig-zag 2000 = 0b1111_1010000 -> 0x50|0x80, 0x0F
            + " 3F F0 00 00 00 00 00 00" // 1.0
            + " E8 07" // uvarint delta 1000 -> 0x68|0x80, 0x07
            // 0 (1.0 again) | 0 (dod 0) | 11 new window, 00001 leading, 001011 = 11 significant,
            // 11111111111 = (1.0 ^ 2.0) >>> 52 | 000000 padding
            + " 30 97 FF C0";

    assertEquals(expected, encode(new long[] {1000, 2000, 3000}, new double[] {1.0, 1.0, 2.0}));
  }

  @Test
  void reusedWindowsAndSmallDeltaOfDeltasEncodeAsPrometheusWritesThem() {
    String expected =
        "00 05 D0 0F 3F F0 00 00 00 00 00 00 E8 07" // as above
            // sample 3 as above (26 bits), then
            // sample 4: 10 + 00000000000101 (dod +5) | 10 reuse window (1, 52) + 00000000010 (8.0 ^ 2.0)
            // sample 5: 10 + 11111111110110 (dod -10) | 0 (8.0 again), no padding: 72 bits
            + " 30 97 FF E0 01 60 05 7F EC";

    assertEquals(
        expected,
        encode(new long[] {1000, 2000, 3000, 4005, 5000}, new double[] {1.0, 1.0, 2.0, 8.0, 8.0}));
  }

  @Test
  void deltaOfDeltasAtEachBucketEdgeEncodeAsPrometheusWritesThem() {
    // dods 8192, -8191 (14 bits: Prometheus's range is one wider on the positive side),
    // -8192, 65536 (17 bits), 65537, 524288 (20 bits), 524289 (64 bits); every value 0.0.
    long[] timestamps = {0, 1000, 10192, 11193, 4002, 62347, 186229, 834399, 2006858};
    String expected =
        "00 09 00 00 00 00 00 00 00 00 00 E8 07"
            // 0 | 10 10000000000000 0 | 10 10000000000001 0 | 110 11110000000000000 0
            // | 110 10000000000000000 0 | 1110 00010000000000000001 0 | 1110 10000000000000000000 0
            // | 1111 (64-bit 524289) 0 | padding
            + " 50 00 28 00 5B C0 00 D0 00 07 08 00 0B A0 00 01 E0 00 00 00 00 01 00 00 20";

    assertEquals(expected, encode(timestamps, new double[timestamps.length]));
  }

  @Test
  void anXorOfSixtyFourSignificantBitsWritesZeroInTheSixBitField() {
    // 1.0 ^ -1.0000000000000002 = 0x8000000000000001: no leading or trailing zeros.
    double allBitsDiffer = Double.longBitsToDouble(0xBFF0000000000001L);
    String expected =
        "00 02 00 3F F0 00 00 00 00 00 00 01"
            // 11 new window | 00000 leading | 000000 = 64 significant | 1 62x0 1 | padding
            + " C0 04 00 00 00 00 00 00 00 08";

    assertEquals(expected, encode(new long[] {0, 1}, new double[] {1.0, allBitsDiffer}));
  }
}
