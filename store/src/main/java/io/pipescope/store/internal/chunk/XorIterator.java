package io.pipescope.store.internal.chunk;

import static io.pipescope.store.internal.chunk.XorFormat.DOD_FULL_PREFIX_ONES;
import static io.pipescope.store.internal.chunk.XorFormat.DOD_WIDTHS;
import static io.pipescope.store.internal.chunk.XorFormat.HEADER_BYTES;
import static io.pipescope.store.internal.chunk.XorFormat.LEADING_BITS;
import static io.pipescope.store.internal.chunk.XorFormat.NO_WINDOW;
import static io.pipescope.store.internal.chunk.XorFormat.SIGNIFICANT_BITS;

import io.pipescope.store.SampleIterator;

/**
 * Decodes a fixed number of samples from the bytes of an XOR chunk, ignoring the header's count:
 * the chunk hands over the count it had committed, and the iterator never reads past it. Once
 * {@link #next} or {@link #seek} has returned false, both keep returning false.
 */
final class XorIterator implements SampleIterator {
  private final BitReader in;
  private final int numTotal;
  private int numRead;
  private boolean exhausted;

  private long timestamp = Long.MIN_VALUE;
  private long delta;
  private long valueBits;
  private int leading = NO_WINDOW;
  private int trailing;

  /** Reads {@code numSamples} samples from {@code bytes[0, byteLength)}, header included. */
  XorIterator(byte[] bytes, int byteLength, int numSamples) {
    this.in = new BitReader(bytes, HEADER_BYTES, byteLength);
    this.numTotal = numSamples;
  }

  @Override
  public boolean next() {
    if (exhausted || numRead == numTotal) {
      exhausted = true;
      return false;
    }
    if (numRead == 0) {
      timestamp = in.readVarint();
      valueBits = in.readBits(64);
    } else {
      delta = numRead == 1 ? in.readUvarint() : delta + readDeltaOfDelta();
      timestamp += delta;
      readValue();
    }
    numRead++;
    return true;
  }

  @Override
  public boolean seek(long timestampMillis) {
    if (exhausted) {
      return false;
    }
    while (numRead == 0 || timestamp < timestampMillis) {
      if (!next()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public long timestamp() {
    return timestamp;
  }

  @Override
  public double value() {
    return Double.longBitsToDouble(valueBits);
  }

  private long readDeltaOfDelta() {
    int ones = 0;
    while (ones < DOD_FULL_PREFIX_ONES && in.readBit()) {
      ones++;
    }
    if (ones == 0) {
      return 0;
    }
    if (ones == DOD_FULL_PREFIX_ONES) {
      return in.readBits(64);
    }
    int width = DOD_WIDTHS[ones - 1];
    return XorFormat.fromBucket(in.readBits(width), width);
  }

  private void readValue() {
    if (!in.readBit()) {
      return;
    }
    if (in.readBit()) {
      leading = (int) in.readBits(LEADING_BITS);
      int significant = (int) in.readBits(SIGNIFICANT_BITS);
      trailing = 64 - leading - (significant == 0 ? 64 : significant);
      if (trailing < 0) {
        throw new CorruptChunkException(leading + " leading zeros and " + significant + " significant bits exceed 64");
      }
    } else if (leading == NO_WINDOW) {
      // Prometheus's appender, resumed on a chunk that has no window yet, starts from an implied
      // window of all 64 bits and may reuse it; decode that as Prometheus does.
      leading = 0;
      trailing = 0;
    }
    valueBits ^= in.readBits(64 - leading - trailing) << trailing;
  }

  // The decoder's state after the last sample read: what an appender resumes from.

  int bitPosition() {
    return in.bitPosition();
  }

  long delta() {
    return delta;
  }

  long valueBits() {
    return valueBits;
  }

  int leading() {
    return leading;
  }

  int trailing() {
    return trailing;
  }
}
