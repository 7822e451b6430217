package io.pipescope.store.internal.index;

import java.util.List;

/**
 * References in any input, each once. The inputs that still have references form a min-heap on
 * their current reference, so a step costs a logarithm of the number of inputs.
 */
final class MergedPostings implements Postings {
  private final Postings[] inputs;
  private final Postings[] heap;
  private int heapSize;
  private long current;
  private boolean started;

  MergedPostings(List<Postings> inputs) {
    this.inputs = inputs.toArray(new Postings[0]);
    this.heap = new Postings[this.inputs.length];
  }

  @Override
  public boolean next() {
    if (!started) {
      started = true;
      for (Postings p : inputs) {
        if (p.next()) {
          heap[heapSize++] = p;
        }
      }
      heapify();
      return settle();
    }
    // Every input on the current reference moves past it; that skips the duplicates.
    while (heapSize > 0 && heap[0].at() == current) {
      advanceTop(heap[0].next());
    }
    return settle();
  }

  @Override
  public boolean seek(long ref) {
    if (!started) {
      started = true;
      for (Postings p : inputs) {
        if (p.seek(ref)) {
          heap[heapSize++] = p;
        }
      }
      heapify();
      return settle();
    }
    if (heapSize > 0 && current >= ref) {
      return true;
    }
    while (heapSize > 0 && heap[0].at() < ref) {
      advanceTop(heap[0].seek(ref));
    }
    return settle();
  }

  @Override
  public long at() {
    if (!started || heapSize == 0) {
      throw new IllegalStateException("postings are not positioned on a reference");
    }
    return current;
  }

  private boolean settle() {
    if (heapSize == 0) {
      return false;
    }
    current = heap[0].at();
    return true;
  }

  /** Restores the heap after its top input moved ({@code moved}) or ran out. */
  private void advanceTop(boolean moved) {
    if (!moved) {
      heap[0] = heap[--heapSize];
      heap[heapSize] = null;
    }
    siftDown(0);
  }

  private void heapify() {
    for (int i = heapSize / 2 - 1; i >= 0; i--) {
      siftDown(i);
    }
  }

  private void siftDown(int i) {
    while (true) {
      int smallest = i;
      int left = 2 * i + 1;
      int right = left + 1;
      if (left < heapSize && heap[left].at() < heap[smallest].at()) {
        smallest = left;
      }
      if (right < heapSize && heap[right].at() < heap[smallest].at()) {
        smallest = right;
      }
      if (smallest == i) {
        return;
      }
      Postings swap = heap[i];
      heap[i] = heap[smallest];
      heap[smallest] = swap;
      i = smallest;
    }
  }
}
