package io.pipescope.store.internal.head;

import io.pipescope.store.SampleIterator;
import io.pipescope.store.internal.chunk.XorChunk;
import java.util.List;

/** The samples of consecutive, time-ordered chunks, limited to [mint, maxt]. */
final class ChunksIterator implements SampleIterator {
  private final List<XorChunk> chunks;
  private final long mint;
  private final long maxt;
  private int index = -1;
  private SampleIterator current;
  private boolean done;

  ChunksIterator(List<XorChunk> chunks, long mint, long maxt) {
    this.chunks = chunks;
    this.mint = mint;
    this.maxt = maxt;
  }

  @Override
  public boolean next() {
    if (done) {
      return false;
    }
    while (true) {
      if (current == null || !current.next()) {
        if (!advanceChunk()) {
          return false;
        }
        if (!current.seek(mint)) {
          continue;
        }
      }
      if (current.timestamp() < mint) {
        continue;
      }
      if (current.timestamp() > maxt) {
        done = true;
        return false;
      }
      return true;
    }
  }

  private boolean advanceChunk() {
    index++;
    if (index >= chunks.size()) {
      done = true;
      current = null;
      return false;
    }
    current = chunks.get(index).iterator();
    return true;
  }

  @Override
  public boolean seek(long t) {
    if (done) {
      return false;
    }
    if (current != null && current.timestamp() >= t && current.timestamp() >= mint) {
      return current.timestamp() <= maxt || finish();
    }
    long target = Math.max(t, mint);
    while (true) {
      if (current != null && current.seek(target)) {
        return current.timestamp() <= maxt || finish();
      }
      if (!advanceChunk()) {
        return false;
      }
    }
  }

  private boolean finish() {
    done = true;
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
