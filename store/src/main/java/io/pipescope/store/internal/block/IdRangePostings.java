package io.pipescope.store.internal.block;

import io.pipescope.store.internal.index.Postings;

/** Every id in {@code [0, count)}: a block's series are numbered densely, so "all" needs no list. */
final class IdRangePostings implements Postings {
  private final long count;
  private long current = -1;

  IdRangePostings(long count) {
    this.count = count;
  }

  @Override
  public boolean next() {
    if (current < count) {
      current++;
    }
    return current < count;
  }

  @Override
  public boolean seek(long ref) {
    // Never backwards, never before the first id, never past the end.
    current = Math.min(Math.max(current, Math.max(ref, 0)), count);
    return current < count;
  }

  @Override
  public long at() {
    if (current < 0 || current >= count) {
      throw new IllegalStateException("postings are not positioned on a reference");
    }
    return current;
  }
}
