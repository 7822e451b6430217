package io.pipescope.store.internal.index;

import java.util.ArrayList;
import java.util.List;

/** Reads postings to the end, for comparing them with expected references. */
final class ExpandedPostings {
  private ExpandedPostings() {}

  static List<Long> expand(Postings postings) {
    List<Long> refs = new ArrayList<>();
    while (postings.next()) {
      refs.add(postings.at());
    }
    return refs;
  }
}
