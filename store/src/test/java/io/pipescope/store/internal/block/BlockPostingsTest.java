package io.pipescope.store.internal.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.store.internal.index.Postings;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The block's postings keep the {@link Postings} contract: sorted, seek never backwards, at() only when positioned. */
class BlockPostingsTest {
  private static List<Long> drain(Postings p) {
    List<Long> ids = new ArrayList<>();
    while (p.next()) {
      ids.add(p.at());
    }
    return ids;
  }

  @Test
  void allPostingsAreEveryIdAndSeekClampsToTheRange() {
    assertEquals(List.of(0L, 1L, 2L), drain(new IdRangePostings(3)));
    Postings p = new IdRangePostings(5);
    assertThrows(IllegalStateException.class, p::at);
    assertTrue(p.seek(-7), "a target before the first id lands on it");
    assertEquals(0, p.at());
    assertTrue(p.seek(3));
    assertTrue(p.seek(1), "never backwards");
    assertEquals(3, p.at());
    assertFalse(p.seek(5));
    assertFalse(p.next());
    assertThrows(IllegalStateException.class, p::at);
  }

  @Test
  void arrayPostingsSeekByBinarySearchAndNeverBackwards() {
    Postings p = new ArrayPostings(new int[] {2, 4, 8, 16, 32});
    assertTrue(p.seek(5));
    assertEquals(8, p.at());
    assertTrue(p.seek(3));
    assertEquals(8, p.at());
    assertTrue(p.next());
    assertEquals(16, p.at());
    assertTrue(p.seek(32));
    assertFalse(p.next());
    assertFalse(p.seek(0));
  }

  @Test
  void lookupsByValueByPredicateAndForAllValues() {
    TreeMap<String, BlockPostings.ValueLists> byName = new TreeMap<>();
    byName.put("job", new BlockPostings.ValueLists(new String[] {"api", "ci", "db"},
        new int[][] {{0, 3}, {1}, {2, 4}}));
    BlockPostings postings = new BlockPostings(5, byName);
    assertEquals(List.of(0L, 3L), drain(postings.postings("job", "api")));
    assertEquals(List.of(), drain(postings.postings("job", "web")));
    assertEquals(List.of(), drain(postings.postings("zone", "a")));
    assertEquals(List.of(1L, 2L, 4L), drain(postings.postingsForLabelMatching("job", v -> !v.equals("api"))));
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), drain(postings.postingsForAllLabelValues("job")));
    assertEquals(List.of("job"), postings.labelNames());
    assertEquals(List.of("api", "ci", "db"), postings.labelValues("job"));
    assertEquals(List.of(), postings.labelValues("zone"));
  }
}
