package io.pipescope.store.internal.chunk;

import io.pipescope.aggregator.storage.Appender;
import static io.pipescope.store.internal.chunk.XorFormat.HEADER_BITS;
import static io.pipescope.store.internal.chunk.XorFormat.HEADER_BYTES;

import io.pipescope.store.SampleIterator;
import java.util.Arrays;

/**
 * Float samples compressed as Prometheus's XOR chunk (Gorilla: delta-of-delta timestamps, XOR'd
 * values; the layout is in {@link XorFormat}). {@link #bytes()} are byte for byte what Prometheus
 * writes for the same samples, so chunks move between the two unchanged. Values keep their exact
 * bits, NaN payloads such as the staleness marker included.
 *
 * <p>Threads: one writer (calling {@link #appender()} and appending), any number of readers. A
 * reader sees the samples committed when it asks: an iterator captures the sample count and the
 * byte array at creation and never reads past them. That is safe without locks because appends
 * only add bits after the committed ones, either OR-ing into zero bits of the last byte or
 * writing into a larger copy of the array, which is published before the count that needs it.
 */
public final class XorChunk {
  /** Written after {@link #stream}: the committed bit length (high bits) and sample count (low 16). */
  private volatile long committed;
  /** The array holding the committed bits; its header is only filled in by {@link #bytes()}. */
  private volatile byte[] stream;
  /** The writer's; recovered from the bytes on first use. */
  private XorAppender appender;

  /** An empty chunk. */
  public XorChunk() {
    this(new byte[HEADER_BYTES], HEADER_BITS, 0);
  }

  private XorChunk(byte[] stream, int bitLength, int numSamples) {
    this.stream = stream;
    this.committed = pack(bitLength, numSamples);
  }

  /**
   * A chunk over encoded bytes, such as read from disk. The array is not copied and must not
   * change afterwards; appending works on a copy.
   *
   * @throws IllegalArgumentException when there is no 2-byte header
   */
  public static XorChunk wrap(byte[] bytes) {
    if (bytes.length < HEADER_BYTES) {
      throw new IllegalArgumentException("an XOR chunk starts with a 2-byte header; got " + bytes.length + " bytes");
    }
    int numSamples = ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
    return new XorChunk(bytes, bytes.length * 8, numSamples);
  }

  /**
   * The chunk's appender, for the writer thread only. The first call replays the existing samples
   * to recover the encoder's state, as Prometheus's {@code XORChunk.Appender} does.
   */
  public XorAppender appender() {
    if (appender == null) {
      long snapshot = committed;
      appender = XorAppender.resume(this, stream, byteLength(snapshot), numSamples(snapshot));
    }
    return appender;
  }

  public int numSamples() {
    return numSamples(committed);
  }

  /** Bytes the committed samples take, header included. */
  public int encodedSize() {
    return byteLength(committed);
  }

  /** A fresh copy of the encoded chunk, trimmed to its last byte, header included. */
  public byte[] bytes() {
    long snapshot = committed;
    byte[] copy = Arrays.copyOf(stream, byteLength(snapshot));
    // A concurrent append may be setting bits after the committed ones in the last byte.
    BitWriter.clearBitsAfter(copy, bitLength(snapshot));
    int numSamples = numSamples(snapshot);
    copy[0] = (byte) (numSamples >>> 8);
    copy[1] = (byte) numSamples;
    return copy;
  }

  /** The samples committed now; later appends do not show up in it, nor disturb it. */
  public SampleIterator iterator() {
    long snapshot = committed;
    return new XorIterator(stream, byteLength(snapshot), numSamples(snapshot));
  }

  /** Called by the appender after each sample; the array first, so a reader of the count sees it. */
  void publish(byte[] buffer, int bitLength, int numSamples) {
    if (stream != buffer) {
      stream = buffer;
    }
    committed = pack(bitLength, numSamples);
  }

  private static long pack(int bitLength, int numSamples) {
    return ((long) bitLength << 16) | numSamples;
  }

  private static int bitLength(long snapshot) {
    return (int) (snapshot >>> 16);
  }

  private static int byteLength(long snapshot) {
    return BitWriter.byteLength(bitLength(snapshot));
  }

  private static int numSamples(long snapshot) {
    return (int) (snapshot & 0xFFFF);
  }
}
