package io.pipescope.store.internal.chunk;

import io.pipescope.store.SampleIterator;

/**
 * The samples of one series with {@code mint <= t <= maxt}, over its time-ordered chunks, for the
 * head and blocks alike. A chunk is opened only when the iteration reaches it, and {@link #seek}
 * passes over chunks ending before its target without opening them. Once {@link #next} or
 * {@link #seek} has returned false, both keep returning false.
 */
public final class RangeChunksIterator implements SampleIterator {
  /** A series' chunks by position: their end times, and the chunk itself when it is needed. */
  public interface ChunkSequence {
    long maxTime(int chunk);

    XorChunk open(int chunk);
  }

  private final ChunkSequence chunks;
  private final int endChunk;
  private final long mint;
  private final long maxt;
  private int nextChunk;
  private int currentChunk = -1;
  private SampleIterator current;
  private boolean positioned;
  private boolean done;

  /** Iterates chunks {@code [firstChunk, endChunk)}, which the caller found overlapping [mint, maxt]. */
  public RangeChunksIterator(ChunkSequence chunks, int firstChunk, int endChunk, long mint, long maxt) {
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
    if (current != null && chunks.maxTime(currentChunk) >= target && current.seek(target)) {
      return settle();
    }
    while (nextChunk < endChunk && chunks.maxTime(nextChunk) < target) {
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
    current = chunks.open(currentChunk).iterator();
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
