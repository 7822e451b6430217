package io.pipescope.store.internal.query;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.LabelsOrder;
import io.pipescope.store.Querier;
import io.pipescope.store.SampleIterator;
import io.pipescope.store.Series;
import io.pipescope.store.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Several queriers over consecutive, disjoint time ranges (the blocks, oldest first, then the
 * head) as one: series with the same labels are one series whose samples run through the parts
 * in order. Series come out sorted by labels either way, since merging needs sorted inputs.
 */
public final class MergedQuerier implements Querier {
  private final List<Querier> parts;

  public MergedQuerier(List<Querier> partsOldestFirst) {
    this.parts = List.copyOf(partsOldestFirst);
  }

  @Override
  public SeriesSet select(boolean sorted, LabelMatcher... matchers) {
    if (parts.size() == 1) {
      return parts.get(0).select(sorted, matchers);
    }
    List<Cursor> cursors = new ArrayList<>();
    for (Querier part : parts) {
      SeriesSet set = part.select(true, matchers);
      Cursor c = new Cursor(set);
      if (c.advance()) {
        cursors.add(c);
      }
    }
    return new SeriesSet() {
      private Series current;

      @Override
      public boolean next() {
        Labels smallest = null;
        for (Cursor c : cursors) {
          if (c.head != null && (smallest == null || LabelsOrder.INSTANCE.compare(c.head.labels(), smallest) < 0)) {
            smallest = c.head.labels();
          }
        }
        if (smallest == null) {
          return false;
        }
        List<Series> same = new ArrayList<>();
        for (Cursor c : cursors) {
          if (c.head != null && c.head.labels().equals(smallest)) {
            same.add(c.head);
            c.advance();
          }
        }
        Labels labels = smallest;
        current = same.size() == 1 ? same.get(0) : new Series() {
          @Override
          public Labels labels() {
            return labels;
          }

          @Override
          public SampleIterator iterator() {
            List<SampleIterator> iterators = new ArrayList<>();
            for (Series s : same) {
              iterators.add(s.iterator());
            }
            return new ConcatenatedSamples(iterators);
          }
        };
        return true;
      }

      @Override
      public Series at() {
        return current;
      }
    };
  }

  /** One part's series set and the series it is on. */
  private static final class Cursor {
    final SeriesSet set;
    Series head;

    Cursor(SeriesSet set) {
      this.set = set;
    }

    boolean advance() {
      head = set.next() ? set.at() : null;
      return head != null;
    }
  }

  @Override
  public List<String> labelValues(String name, LabelMatcher... matchers) {
    TreeSet<String> all = new TreeSet<>();
    for (Querier part : parts) {
      all.addAll(part.labelValues(name, matchers));
    }
    return new ArrayList<>(all);
  }

  @Override
  public List<String> labelNames(LabelMatcher... matchers) {
    TreeSet<String> all = new TreeSet<>();
    for (Querier part : parts) {
      all.addAll(part.labelNames(matchers));
    }
    return new ArrayList<>(all);
  }

  @Override
  public void close() {
    for (Querier part : parts) {
      part.close();
    }
  }
}
