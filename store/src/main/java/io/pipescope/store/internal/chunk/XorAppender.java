package io.pipescope.store.internal.chunk;

import static io.pipescope.store.internal.chunk.XorFormat.DOD_FULL_PREFIX_ONES;
import static io.pipescope.store.internal.chunk.XorFormat.DOD_WIDTHS;
import static io.pipescope.store.internal.chunk.XorFormat.LEADING_BITS;
import static io.pipescope.store.internal.chunk.XorFormat.MAX_LEADING;
import static io.pipescope.store.internal.chunk.XorFormat.MAX_SAMPLES;
import static io.pipescope.store.internal.chunk.XorFormat.NO_WINDOW;
import static io.pipescope.store.internal.chunk.XorFormat.SIGNIFICANT_BITS;

/**
 * Encodes samples onto the end of an {@link XorChunk}. Used by the chunk's single writer thread;
 * each append becomes visible to iterators created after it returns.
 */
public final class XorAppender {
  /** Room for about 120 scraped samples (Prometheus's chunk size) before the first growth. */
  private static final int INITIAL_CAPACITY_BYTES = 128;

  private final XorChunk chunk;
  private final BitWriter out;
  private int numSamples;
  private long lastTimestamp;
  private long lastDelta;
  private long lastValueBits;
  private int leading = NO_WINDOW;
  private int trailing;

  private XorAppender(XorChunk chunk, BitWriter out) {
    this.chunk = chunk;
    this.out = out;
  }

  /**
   * Replays the first {@code numSamples} samples of {@code bytes} to recover the state an appender
   * would have after appending them, so that further appends give the same bytes as appending
   * everything at once. Writes go to a copy; {@code bytes} is never modified.
   */
  static XorAppender resume(XorChunk chunk, byte[] bytes, int byteLength, int numSamples) {
    XorIterator replay = new XorIterator(bytes, byteLength, numSamples);
    while (replay.next()) {
      // Only the state after the last sample matters.
    }
    BitWriter out = BitWriter.continuing(bytes, replay.bitPosition(), INITIAL_CAPACITY_BYTES);
    XorAppender appender = new XorAppender(chunk, out);
    appender.numSamples = numSamples;
    appender.lastTimestamp = replay.timestamp();
    appender.lastDelta = replay.delta();
    appender.lastValueBits = replay.valueBits();
    appender.leading = replay.leading();
    appender.trailing = replay.trailing();
    return appender;
  }

  /**
   * Adds a sample after the last one. The caller guarantees {@code timestamp} is greater than the
   * previous sample's: the encoding would store an older one faithfully, but iterators' {@code
   * seek} assumes increasing timestamps. (The head checks order before a sample gets here.)
   *
   * @throws IllegalStateException when the chunk already holds 65,535
   *     samples, all its header can count
   */
  public void append(long timestamp, double value) {
    if (numSamples == MAX_SAMPLES) {
      throw new IllegalStateException("an XOR chunk holds at most " + MAX_SAMPLES + " samples");
    }
    long valueBits = Double.doubleToRawLongBits(value);
    if (numSamples == 0) {
      out.writeVarint(timestamp);
      out.writeBits(valueBits, 64);
    } else {
      long delta = timestamp - lastTimestamp;
      if (numSamples == 1) {
        out.writeUvarint(delta);
      } else {
        writeDeltaOfDelta(delta - lastDelta);
      }
      writeValue(valueBits);
      lastDelta = delta;
    }
    lastTimestamp = timestamp;
    lastValueBits = valueBits;
    numSamples++;
    chunk.publish(out.buffer(), out.bitLength(), numSamples);
  }

  private void writeDeltaOfDelta(long dod) {
    if (dod == 0) {
      out.writeBit(false);
      return;
    }
    for (int i = 0; i < DOD_WIDTHS.length; i++) {
      if (XorFormat.fits(dod, DOD_WIDTHS[i])) {
        out.writeBits(XorFormat.bucketPrefix(i), XorFormat.bucketPrefixLength(i));
        out.writeBits(dod, DOD_WIDTHS[i]);
        return;
      }
    }
    out.writeBits(-1L, DOD_FULL_PREFIX_ONES);
    out.writeBits(dod, 64);
  }

  private void writeValue(long valueBits) {
    long xor = valueBits ^ lastValueBits;
    if (xor == 0) {
      out.writeBit(false);
      return;
    }
    out.writeBit(true);
    int newLeading = Math.min(Long.numberOfLeadingZeros(xor), MAX_LEADING);
    int newTrailing = Long.numberOfTrailingZeros(xor);
    if (leading != NO_WINDOW && newLeading >= leading && newTrailing >= trailing) {
      out.writeBit(false);
      out.writeBits(xor >>> trailing, 64 - leading - trailing);
      return;
    }
    leading = newLeading;
    trailing = newTrailing;
    int significant = 64 - leading - trailing;
    out.writeBit(true);
    out.writeBits(leading, LEADING_BITS);
    // 64 significant bits do not fit in six; the low six bits (0) stand for 64, since a window
    // of 0 significant bits never occurs (an unchanged value takes the single 0 bit above).
    out.writeBits(significant, SIGNIFICANT_BITS);
    out.writeBits(xor >>> trailing, significant);
  }
}
