package io.pipescope.store.internal.index;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * The lookups {@link PostingsForMatchers} makes in an index: the head's {@link MemPostings} now,
 * a block's on-disk index later. A label is only ever indexed with a non-empty value.
 */
public interface PostingsReader {
  /** Every series in the index. */
  Postings allPostings();

  /** Series whose label {@code name} has exactly {@code value}. */
  Postings postings(String name, String value);

  /** Series whose label {@code name} has a value accepted by {@code predicate}. */
  Postings postingsForLabelMatching(String name, Predicate<String> predicate);

  /** Series whose label {@code name} has one of {@code values}. */
  default Postings postings(String name, Collection<String> values) {
    List<Postings> each = new ArrayList<>(values.size());
    for (String value : values) {
      each.add(postings(name, value));
    }
    return Postings.merge(each);
  }

  /** Series that have the label {@code name}, whatever its value. */
  default Postings postingsForAllLabelValues(String name) {
    return postingsForLabelMatching(name, value -> true);
  }
}
