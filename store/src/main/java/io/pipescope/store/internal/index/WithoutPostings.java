package io.pipescope.store.internal.index;

/**
 * References of {@code full} that {@code drop} lacks. {@code drop} is only ever sought to the
 * reference {@code full} is on, so a long drop list is skipped through, not walked.
 */
final class WithoutPostings implements Postings {
  private final Postings full;
  private final Postings drop;
  private boolean started;
  private boolean exhausted;
  private boolean dropStarted;
  private boolean dropExhausted;

  WithoutPostings(Postings full, Postings drop) {
    this.full = full;
    this.drop = drop;
  }

  @Override
  public boolean next() {
    if (exhausted) {
      return false;
    }
    started = true;
    return skipDropped(full.next());
  }

  @Override
  public boolean seek(long ref) {
    if (exhausted) {
      return false;
    }
    if (started && full.at() >= ref) {
      return true;
    }
    started = true;
    return skipDropped(full.seek(ref));
  }

  /** From where {@code full} stands ({@code fullHasRef}), moves it to the first reference not dropped. */
  private boolean skipDropped(boolean fullHasRef) {
    while (fullHasRef) {
      if (!isDropped(full.at())) {
        return true;
      }
      fullHasRef = full.next();
    }
    exhausted = true;
    return false;
  }

  private boolean isDropped(long ref) {
    if (dropExhausted) {
      return false;
    }
    if (!dropStarted || drop.at() < ref) {
      dropStarted = true;
      if (!drop.seek(ref)) {
        dropExhausted = true;
        return false;
      }
    }
    return drop.at() == ref;
  }

  @Override
  public long at() {
    if (!started || exhausted) {
      throw new IllegalStateException("postings are not positioned on a reference");
    }
    return full.at();
  }
}
