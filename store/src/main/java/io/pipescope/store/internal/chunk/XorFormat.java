package io.pipescope.store.internal.chunk;

/**
 * The layout of Prometheus's XOR chunk ({@code tsdb/chunkenc/xor.go}), shared by the encoder and
 * the decoder so the two cannot drift apart.
 *
 * <pre>
 * header        2 bytes, big-endian sample count
 * sample 1      varint timestamp, 64-bit value
 * sample 2      uvarint timestamp delta, value
 * sample 3..n   delta-of-delta timestamp, value
 *
 * delta of delta  0                           dod == 0
 *                 10   + 14 bits              one of the {@link #DOD_WIDTHS} buckets,
 *                 110  + 17 bits              two's complement, chosen by {@link #fits}
 *                 1110 + 20 bits
 *                 1111 + 64 bits              anything else
 * value           0                           same bits as the previous value
 *                 10 + significant bits       XOR fits the previous leading/trailing window
 *                 11 + 5-bit leading zeros + 6-bit significant count (64 written as 0)
 *                    + significant bits       a new window
 * </pre>
 */
final class XorFormat {
  static final int HEADER_BYTES = 2;
  static final int HEADER_BITS = HEADER_BYTES * 8;
  /** The header's two bytes count at most this many samples. */
  static final int MAX_SAMPLES = 0xFFFF;

  /** Bucket {@code i} is announced by {@code i + 1} one bits and a zero; the 64-bit bucket by four ones. */
  static final int[] DOD_WIDTHS = {14, 17, 20};
  static final int DOD_FULL_PREFIX_ONES = DOD_WIDTHS.length + 1;

  static final int LEADING_BITS = 5;
  static final int SIGNIFICANT_BITS = 6;
  /** The 5-bit field holds at most 31; longer runs of leading zeros are stored as 31 significant zeros. */
  static final int MAX_LEADING = (1 << LEADING_BITS) - 1;

  /** Marks an encoder or decoder that has not seen a leading/trailing window yet. */
  static final int NO_WINDOW = -1;

  private XorFormat() {}

  /**
   * Whether {@code dod} goes in a bucket of {@code width} bits. The range is Prometheus's
   * {@code bitRange}: one wider on the positive side than two's complement, and {@link
   * #fromBucket} reads the top pattern back as positive. Kept exactly so the bytes match.
   */
  static boolean fits(long dod, int width) {
    long half = 1L << (width - 1);
    return -(half - 1) <= dod && dod <= half;
  }

  /** Reads a bucket's {@code width} bits back into the delta of delta {@link #fits} accepted. */
  static long fromBucket(long bits, int width) {
    return bits > 1L << (width - 1) ? bits - (1L << width) : bits;
  }

  /** The prefix announcing bucket {@code index}: {@code index + 1} ones then a zero. */
  static long bucketPrefix(int index) {
    return (1L << (index + 2)) - 2;
  }

  static int bucketPrefixLength(int index) {
    return index + 2;
  }
}
