package io.pipescope.store.internal.block;

import io.pipescope.store.internal.index.Postings;
import io.pipescope.store.internal.index.PostingsReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A block's inverted index, decoded from the index file's postings section: label name to sorted
 * values to the sorted ids of the series carrying each pair. Immutable, so lookups need no lock.
 *
 * <p>Held on the heap rather than read from the mapped file on each lookup (Prometheus's way): a
 * few bytes per series and label, and it keeps the lookups as simple as the head's. The {@link
 * PostingsReader} seam lets a lazy reader replace it without touching the querier.
 */
final class BlockPostings implements PostingsReader {
  /** The values of one label name, sorted, and the series ids of each. */
  record ValueLists(String[] values, int[][] ids) {
    int indexOf(String value) {
      return Arrays.binarySearch(values, value);
    }
  }

  private final int numSeries;
  private final TreeMap<String, ValueLists> byName;

  BlockPostings(int numSeries, TreeMap<String, ValueLists> byName) {
    this.numSeries = numSeries;
    this.byName = byName;
  }

  @Override
  public Postings allPostings() {
    return numSeries == 0 ? Postings.empty() : new IdRangePostings(numSeries);
  }

  @Override
  public Postings postings(String name, String value) {
    ValueLists lists = byName.get(name);
    int i = lists == null ? -1 : lists.indexOf(value);
    return i < 0 ? Postings.empty() : new ArrayPostings(lists.ids()[i]);
  }

  @Override
  public Postings postingsForLabelMatching(String name, Predicate<String> predicate) {
    ValueLists lists = byName.get(name);
    if (lists == null) {
      return Postings.empty();
    }
    List<Postings> each = new ArrayList<>();
    for (int i = 0; i < lists.values().length; i++) {
      if (predicate.test(lists.values()[i])) {
        each.add(new ArrayPostings(lists.ids()[i]));
      }
    }
    return Postings.merge(each);
  }

  /** The label names carried with a non-empty value by some series, sorted. */
  List<String> labelNames() {
    return new ArrayList<>(byName.keySet());
  }

  /** The non-empty values of label {@code name}, sorted. */
  List<String> labelValues(String name) {
    ValueLists lists = byName.get(name);
    return lists == null ? new ArrayList<>() : new ArrayList<>(Arrays.asList(lists.values()));
  }
}
