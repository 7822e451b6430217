package io.pipescope.store.internal.index;

/** No references; the combinators recognise this instance and skip work around it. */
final class EmptyPostings implements Postings {
  static final EmptyPostings INSTANCE = new EmptyPostings();

  private EmptyPostings() {}

  @Override
  public boolean next() {
    return false;
  }

  @Override
  public boolean seek(long ref) {
    return false;
  }

  @Override
  public long at() {
    throw new IllegalStateException("empty postings have no current reference");
  }
}
