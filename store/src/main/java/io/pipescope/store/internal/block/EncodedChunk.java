package io.pipescope.store.internal.block;

/**
 * One encoded XOR chunk of a series and the time of its first and last sample, as the index keeps
 * them so a query can skip a chunk without reading it. {@code bytes} are {@code XorChunk.bytes()},
 * 2-byte sample count header included; they are not copied and must not change afterwards.
 */
public record EncodedChunk(long minTime, long maxTime, byte[] bytes) {
  public EncodedChunk {
    if (bytes.length < 2) {
      throw new IllegalArgumentException("an XOR chunk starts with a 2-byte header; got " + bytes.length + " bytes");
    }
    if (minTime > maxTime) {
      throw new IllegalArgumentException("chunk minTime " + minTime + " is after its maxTime " + maxTime);
    }
  }

  /** The sample count from the chunk's header. */
  public int numSamples() {
    return ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
  }
}
