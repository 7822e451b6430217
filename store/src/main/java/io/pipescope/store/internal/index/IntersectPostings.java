package io.pipescope.store.internal.index;

import java.util.List;

/**
 * References in every input. Each step seeks all inputs to the largest reference any of them is
 * on, until they agree, so a short input makes a long one skip ahead rather than walk.
 */
final class IntersectPostings implements Postings {
  private final Postings[] inputs;
  private long current;
  private boolean started;
  private boolean exhausted;

  IntersectPostings(List<Postings> inputs) {
    this.inputs = inputs.toArray(new Postings[0]);
  }

  @Override
  public boolean next() {
    if (exhausted) {
      return false;
    }
    // Every input sits on the current reference (or none has started), so each moves by one.
    long candidate = Long.MIN_VALUE;
    for (Postings p : inputs) {
      if (!p.next()) {
        return exhaust();
      }
      candidate = Math.max(candidate, p.at());
    }
    started = true;
    return align(candidate);
  }

  @Override
  public boolean seek(long ref) {
    if (exhausted) {
      return false;
    }
    if (started && current >= ref) {
      return true;
    }
    started = true;
    return align(ref);
  }

  private boolean align(long candidate) {
    current = candidate;
    int agreeing = 0;
    for (int i = 0; agreeing < inputs.length; i = (i + 1) % inputs.length) {
      Postings p = inputs[i];
      if (!p.seek(current)) {
        return exhaust();
      }
      if (p.at() == current) {
        agreeing++;
      } else {
        current = p.at();
        agreeing = 1;
      }
    }
    return true;
  }

  private boolean exhaust() {
    exhausted = true;
    return false;
  }

  @Override
  public long at() {
    if (!started || exhausted) {
      throw new IllegalStateException("postings are not positioned on a reference");
    }
    return current;
  }
}
