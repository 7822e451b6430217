package io.pipescope.store.internal.index;

/**
 * Postings over the first {@code length} entries of a sorted array. The array is shared, not
 * copied: whoever hands it over promises never to change those entries again.
 */
final class ListPostings implements Postings {
  private final long[] refs;
  private final int length;
  private int pos = -1;

  ListPostings(long[] refs, int length) {
    this.refs = refs;
    this.length = length;
  }

  @Override
  public boolean next() {
    if (pos < length) {
      pos++;
    }
    return pos < length;
  }

  @Override
  public boolean seek(long ref) {
    if (pos < 0) {
      pos = 0;
    }
    if (pos >= length || refs[pos] >= ref) {
      return pos < length;
    }
    pos = firstAtOrAfter(ref, pos + 1);
    return pos < length;
  }

  /** Binary search in {@code [from, length)} for the first entry {@code >= ref}; length when none. */
  private int firstAtOrAfter(long ref, int from) {
    int lo = from;
    int hi = length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (refs[mid] < ref) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  @Override
  public long at() {
    if (pos < 0 || pos >= length) {
      throw new IllegalStateException("postings are not positioned on a reference");
    }
    return refs[pos];
  }
}
