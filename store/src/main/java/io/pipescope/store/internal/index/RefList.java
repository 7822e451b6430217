package io.pipescope.store.internal.index;

import java.util.Arrays;
import java.util.Set;

/**
 * The sorted, distinct references of one label pair, shared with readers without copying. A
 * snapshot is the array and the length at the time it is taken; afterwards the list writes into
 * that array only past its current length (an append), and otherwise into a fresh array (an
 * insertion before the end, a removal), so a snapshot never changes under its reader. The caller
 * guards every method with the index's lock, which also publishes the writes to later snapshots.
 */
final class RefList {
  private static final int INITIAL_CAPACITY = 4;

  private long[] refs = new long[INITIAL_CAPACITY];
  private int size;

  /** Adds {@code ref} in order; false when it is already present. */
  boolean add(long ref) {
    if (size == 0 || ref > refs[size - 1]) {
      // References are assigned increasing, so this append is the usual case.
      if (size == refs.length) {
        refs = Arrays.copyOf(refs, size * 2);
      }
      refs[size++] = ref;
      return true;
    }
    int found = Arrays.binarySearch(refs, 0, size, ref);
    if (found >= 0) {
      return false;
    }
    int at = -found - 1;
    long[] copy = new long[Math.max(refs.length, size + 1)];
    System.arraycopy(refs, 0, copy, 0, at);
    copy[at] = ref;
    System.arraycopy(refs, at, copy, at + 1, size - at);
    refs = copy;
    size++;
    return true;
  }

  /** Removes the references in {@code deleted}; false when none was present. */
  boolean removeAll(Set<Long> deleted) {
    int kept = 0;
    long[] copy = null;
    for (int i = 0; i < size; i++) {
      boolean drop = deleted.contains(refs[i]);
      if (drop && copy == null) {
        copy = new long[refs.length];
        System.arraycopy(refs, 0, copy, 0, i);
        kept = i;
      } else if (!drop && copy != null) {
        copy[kept++] = refs[i];
      }
    }
    if (copy == null) {
      return false;
    }
    refs = copy;
    size = kept;
    return true;
  }

  boolean isEmpty() {
    return size == 0;
  }

  Postings snapshot() {
    return size == 0 ? Postings.empty() : new ListPostings(refs, size);
  }
}
