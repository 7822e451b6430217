package io.pipescope.store.internal.head;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.LabelsOrder;
import io.pipescope.store.Querier;
import io.pipescope.store.SampleIterator;
import io.pipescope.store.Series;
import io.pipescope.store.SeriesSet;
import io.pipescope.store.internal.index.Postings;
import io.pipescope.store.internal.index.PostingsForMatchers;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Reads the head over [mint, maxt]: series through the postings index, samples from their chunks. */
final class HeadQuerier implements Querier {
  private final Head head;
  private final long mint;
  private final long maxt;

  HeadQuerier(Head head, long mint, long maxt) {
    this.head = head;
    this.mint = mint;
    this.maxt = maxt;
  }

  @Override
  public SeriesSet select(boolean sorted, LabelMatcher... matchers) {
    List<MemSeries> found = matching(matchers);
    if (sorted) {
      found.sort((a, b) -> LabelsOrder.INSTANCE.compare(a.labels(), b.labels()));
    }
    return new SeriesSet() {
      private int i = -1;

      @Override
      public boolean next() {
        return ++i < found.size();
      }

      @Override
      public Series at() {
        MemSeries s = found.get(i);
        return new Series() {
          @Override
          public Labels labels() {
            return s.labels();
          }

          @Override
          public SampleIterator iterator() {
            return s.iterator(mint, maxt);
          }
        };
      }
    };
  }

  /** Series matching every matcher that hold samples in the range. */
  private List<MemSeries> matching(LabelMatcher... matchers) {
    Postings refs = PostingsForMatchers.select(head.postings(), matchers);
    List<MemSeries> found = new ArrayList<>();
    while (refs.next()) {
      MemSeries s = head.series(refs.at());
      if (s != null && s.overlaps(mint, maxt)) {
        found.add(s);
      }
    }
    return found;
  }

  @Override
  public List<String> labelValues(String name, LabelMatcher... matchers) {
    TreeSet<String> values = new TreeSet<>();
    for (MemSeries s : matching(matchers)) {
      String v = s.labels().get(name);
      if (v != null && !v.isEmpty()) {
        values.add(v);
      }
    }
    return new ArrayList<>(values);
  }

  @Override
  public List<String> labelNames(LabelMatcher... matchers) {
    TreeSet<String> names = new TreeSet<>();
    for (MemSeries s : matching(matchers)) {
      for (int i = 0; i < s.labels().size(); i++) {
        names.add(s.labels().name(i));
      }
    }
    return new ArrayList<>(names);
  }

  @Override
  public void close() {}
}
