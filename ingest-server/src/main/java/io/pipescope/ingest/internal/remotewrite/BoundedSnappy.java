package io.pipescope.ingest.internal.remotewrite;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.pipescope.ingest.internal.InflightLease;
import io.pipescope.ingest.internal.Refusal;
import io.pipescope.ingest.internal.RefusedException;

/**
 * Decompresses a snappy block without trusting it. A block starts with its uncompressed length (a
 * varint); that claim is checked against the decompressed-size limit and charged to the request's
 * in-flight lease before the output array exists, so a few bytes claiming a gigabyte cost nothing.
 */
final class BoundedSnappy {
  /** A varint of at most 32 bits takes at most 5 bytes (snappy's format description). */
  private static final int MAX_VARINT_BYTES = 5;

  private BoundedSnappy() {}

  static byte[] decompress(byte[] block, long maxBytes, InflightLease lease) throws RefusedException {
    long declared = declaredLength(block);
    if (declared > maxBytes) {
      throw new RefusedException(Refusal.DECOMPRESSED_TOO_LARGE, "the snappy body declares " + declared
          + " uncompressed bytes, more than the limit of " + maxBytes + " (ingest.limits.max_decompressed_bytes)");
    }
    lease.acquire(declared);
    byte[] out = new byte[(int) declared];
    try {
      // aircompressor also refuses a block whose content does not fill exactly the declared length.
      int n = new SnappyDecompressor().decompress(block, 0, block.length, out, 0, out.length);
      if (n != out.length) {
        throw undecodable("the block expands to " + n + " bytes but declares " + declared);
      }
    } catch (MalformedInputException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw undecodable(e.getMessage());
    }
    return out;
  }

  /** The uncompressed length a block claims in its preamble. */
  static long declaredLength(byte[] block) throws RefusedException {
    long value = 0;
    for (int i = 0; i < Math.min(block.length, MAX_VARINT_BYTES); i++) {
      value |= (long) (block[i] & 0x7f) << (7 * i);
      if ((block[i] & 0x80) == 0) {
        if (value > 0xFFFF_FFFFL) {
          throw undecodable("the declared length " + value + " is more than 32 bits");
        }
        return value;
      }
    }
    throw undecodable(block.length == 0 ? "the body is empty" : "the declared length is not a valid varint");
  }

  private static RefusedException undecodable(String why) {
    return new RefusedException(Refusal.UNDECODABLE, "the body is not snappy (block format): " + why);
  }
}
