package io.pipescope.store.internal.index;

import static io.pipescope.store.internal.index.ExpandedPostings.expand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.pipescope.aggregator.metrics.Labels;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemPostingsTest {
  private final MemPostings index = new MemPostings();

  @Test
  void postingsListTheSeriesCarryingThePairInReferenceOrderWhateverTheAddOrder() {
    index.add(5, Labels.of("job", "api"));
    index.add(1, Labels.of("job", "api"));
    index.add(9, Labels.of("job", "db"));
    index.add(3, Labels.of("job", "api"));

    assertEquals(List.of(1L, 3L, 5L), expand(index.postings("job", "api")));
    assertEquals(List.of(1L, 3L, 5L, 9L), expand(index.allPostings()));
  }

  @Test
  void addingTheSameSeriesTwiceListsItOnce() {
    index.add(2, Labels.of("job", "api"));
    index.add(1, Labels.of("job", "api"));
    index.add(2, Labels.of("job", "api"));
    index.add(1, Labels.of("job", "api"));

    assertEquals(List.of(1L, 2L), expand(index.postings("job", "api")));
    assertEquals(List.of(1L, 2L), expand(index.allPostings()));
  }

  @Test
  void unknownNamesAndValuesHaveNoPostings() {
    index.add(1, Labels.of("job", "api"));

    assertSame(Postings.empty(), index.postings("job", "db"));
    assertSame(Postings.empty(), index.postings("zone", "eu"));
    assertSame(Postings.empty(), index.postingsForAllLabelValues("zone"));
    assertEquals(List.of(), index.labelValues("zone"));
  }

  @Test
  void aLabelWithAnEmptyValueIsNotIndexedButTheSeriesIs() {
    index.add(1, Labels.of("job", "api", "zone", ""));

    assertEquals(List.of("job"), index.labelNames());
    assertEquals(List.of(), index.labelValues("zone"));
    assertSame(Postings.empty(), index.postings("zone", ""));
    assertEquals(List.of(1L), expand(index.allPostings()));
  }

  @Test
  void theAllPostingsKeyListsEverySeries() {
    index.add(1, Labels.of("job", "api"));
    index.add(2, Labels.of("zone", "eu"));
    index.add(3, Labels.empty());

    assertEquals(
        List.of(1L, 2L, 3L),
        expand(index.postings(MemPostings.ALL_POSTINGS_NAME, MemPostings.ALL_POSTINGS_VALUE)));
  }

  @Test
  void labelNamesAndValuesAreSorted() {
    index.add(1, Labels.of("zone", "eu", "job", "web"));
    index.add(2, Labels.of("job", "api", "instance", "b:1"));
    index.add(3, Labels.of("job", "db", "instance", "a:1"));

    assertEquals(List.of("instance", "job", "zone"), index.labelNames());
    assertEquals(List.of("api", "db", "web"), index.labelValues("job"));
  }

  @Test
  void postingsForLabelMatchingMergesTheSeriesOfEveryAcceptedValue() {
    index.add(1, Labels.of("job", "api"));
    index.add(2, Labels.of("job", "db"));
    index.add(3, Labels.of("job", "web"));
    index.add(4, Labels.of("job", "api"));
    index.add(5, Labels.of("zone", "eu"));

    assertEquals(List.of(1L, 3L, 4L), expand(index.postingsForLabelMatching("job", v -> !v.equals("db"))));
    assertEquals(List.of(1L, 2L, 3L, 4L), expand(index.postingsForAllLabelValues("job")));
    assertSame(Postings.empty(), index.postingsForLabelMatching("job", v -> false));
  }

  @Test
  void postingsForSeveralValuesAreTheirUnion() {
    index.add(1, Labels.of("job", "api"));
    index.add(2, Labels.of("job", "db"));
    index.add(3, Labels.of("job", "web"));

    assertEquals(List.of(1L, 3L), expand(index.postings("job", List.of("web", "api", "nope"))));
  }

  @Test
  void deleteRemovesTheSeriesAndForgetsValuesAndNamesLeftWithoutSeries() {
    index.add(1, Labels.of("job", "api", "zone", "eu"));
    index.add(2, Labels.of("job", "api"));
    index.add(3, Labels.of("job", "db"));

    index.delete(Set.of(1L, 3L));

    assertEquals(List.of("job"), index.labelNames());
    assertEquals(List.of("api"), index.labelValues("job"));
    assertEquals(List.of(2L), expand(index.postings("job", "api")));
    assertEquals(List.of(2L), expand(index.allPostings()));
  }

  @Test
  void postingsTakenEarlierAreUnchangedByLaterAppendsInsertionsAndDeletes() {
    index.add(2, Labels.of("job", "api"));
    index.add(4, Labels.of("job", "api"));
    Postings beforeAppend = index.postings("job", "api");
    // The list has room for both of these, in the array the earlier postings read.
    index.add(6, Labels.of("job", "api"));
    Postings beforeInsert = index.postings("job", "api");
    index.add(1, Labels.of("job", "api"));
    Postings beforeDelete = index.postings("job", "api");
    index.delete(Set.of(4L, 6L));

    assertEquals(List.of(2L, 4L), expand(beforeAppend));
    assertEquals(List.of(2L, 4L, 6L), expand(beforeInsert));
    assertEquals(List.of(1L, 2L, 4L, 6L), expand(beforeDelete));
    assertEquals(List.of(1L, 2L), expand(index.postings("job", "api")));
  }
}
