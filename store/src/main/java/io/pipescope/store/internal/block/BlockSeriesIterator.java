package io.pipescope.store.internal.block;

import io.pipescope.store.SampleIterator;
import io.pipescope.store.internal.chunk.XorChunk;

/**
 * The samples of one block series with {@code mint <= t <= maxt}, over the chunks that overlap
 * that range. A chunk is read from its segment only when the iteration reaches it, and {@link
 * #seek} passes over chunks ending before its target without reading them. Once {@link #next} or
 * {@link #seek} has returned false, both keep returning false.
 */
final class BlockSeriesIterator implements SampleIterator {
  private final BlockIndex index;
  private final ChunkSegments chunks;
  private final int endChunk;
  private final long mint;
  private final long maxt;
  private int nextChunk;
  private int currentChunk = -1;
  private SampleIterator current;
  private boolean positioned;
  private boolean done;

  /** Iterates chunks {@code [firstChunk, endChunk)} of the index, which the caller found overlapping. */
  BlockSeriesIterator(BlockIndex index, ChunkSegments chunks, int firstChunk, int endChunk, long mint, long maxt) {
    this.index = index;
    this.chunks = chunks;
    this.nextChunk = firstChunk;
    this.endChunk = endChunk;
    this.mint = mint;
    this.maxt = maxt;
  }

  @Override
  public boolean next() {
    if (done) {
      return false;
    }
    while (true) {
      if (current != null && current.next()) {
        if (current.timestamp() < mint) {
          continue;
        }
        return settle();
      }
      if (!openNextChunk()) {
        return finish();
      }
    }
  }

  @Override
  public boolean seek(long t) {
    if (done) {
      return false;
    }
    if (positioned && current.timestamp() >= t) {
      return true;
    }
    long target = Math.max(t, mint);
    if (current != null && index.chunkMaxTime(currentChunk) >= target && current.seek(target)) {
      return settle();
    }
    while (nextChunk < endChunk && index.chunkMaxTime(nextChunk) < target) {
      nextChunk++;
    }
    while (openNextChunk()) {
      if (current.seek(target)) {
        return settle();
      }
    }
    return finish();
  }

  /** On a sample at or after mint: keeps it if it is within maxt, else ends the iteration. */
  private boolean settle() {
    if (current.timestamp() > maxt) {
      return finish();
    }
    positioned = true;
    return true;
  }

  private boolean openNextChunk() {
    positioned = false;
    if (nextChunk >= endChunk) {
      return false;
    }
    currentChunk = nextChunk++;
    current = XorChunk.wrap(chunks.read(index.chunkRef(currentChunk))).iterator();
    return true;
  }

  private boolean finish() {
    done = true;
    positioned = false;
    return false;
  }

  @Override
  public long timestamp() {
    return current.timestamp();
  }

  @Override
  public double value() {
    return current.value();
  }
}
