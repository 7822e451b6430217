package io.pipescope.store.internal.block;

import io.pipescope.store.internal.index.Postings;

/** Postings over a sorted array of series ids, shared and never changed, as a block's lists are. */
final class ArrayPostings implements Postings {
  private final int[] ids;
  private int pos = -1;

  ArrayPostings(int[] ids) {
    this.ids = ids;
  }

  @Override
  public boolean next() {
    if (pos < ids.length) {
      pos++;
    }
    return pos < ids.length;
  }

  @Override
  public boolean seek(long ref) {
    if (pos < 0) {
      pos = 0;
    }
    if (pos >= ids.length || ids[pos] >= ref) {
      return pos < ids.length;
    }
    // Binary search in (pos, length) for the first id >= ref.
    int lo = pos + 1;
    int hi = ids.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ids[mid] < ref) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    pos = lo;
    return pos < ids.length;
  }

  @Override
  public long at() {
    if (pos < 0 || pos >= ids.length) {
      throw new IllegalStateException("postings are not positioned on a reference");
    }
    return ids[pos];
  }
}
