package io.pipescope.store.internal.block;

/**
 * The layout of the files in a block's {@code chunks/} directory, byte for byte Prometheus's
 * (tsdb/docs/format/chunks.md), so an XOR chunk is stored exactly as Prometheus stores it.
 *
 * <pre>
 * segment file 000001, 000002, ...   at most {@link #MAX_SEGMENT_BYTES} each
 *   magic     4 bytes  0x85BD40DD, big-endian
 *   version   1 byte   1
 *   padding   3 bytes  0
 *   chunk...  back to back, no padding between
 * chunk
 *   length    uvarint  bytes of data
 *   encoding  1 byte   {@link #ENCODING_XOR}
 *   data      the XOR chunk, its 2-byte sample count included
 *   checksum  4 bytes  CRC32C of encoding and data, big-endian
 * chunk reference: segment number (upper 32 bits) and offset of the chunk in it (lower 32)
 * </pre>
 */
final class ChunkSegmentFormat {
  static final String DIRECTORY = "chunks";
  static final int MAGIC = 0x85BD40DD;
  static final int VERSION = 1;
  static final int HEADER_BYTES = 8;
  static final int CHECKSUM_BYTES = 4;
  /** Prometheus's chunkenc.EncXOR. */
  static final int ENCODING_XOR = 1;
  /** Prometheus's segment size: few files per block, and each offset fits the reference's 32 bits. */
  static final long MAX_SEGMENT_BYTES = 512L << 20;

  private ChunkSegmentFormat() {}

  /** Segment numbers start at 1, written as six digits: 000001. */
  static String fileName(int segment) {
    return String.format("%06d", segment);
  }

  static long ref(int segment, long offset) {
    return (long) segment << 32 | offset;
  }

  static int segment(long ref) {
    return (int) (ref >>> 32);
  }

  static int offset(long ref) {
    return (int) ref;
  }
}
