package io.pipescope.store.internal.index;

import static io.pipescope.store.internal.index.ExpandedPostings.expand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PostingsTest {

  @Test
  void ofRefusesReferencesThatDoNotIncreaseStrictly() {
    assertThrows(IllegalArgumentException.class, () -> Postings.of(1, 3, 2));
    assertThrows(IllegalArgumentException.class, () -> Postings.of(1, 2, 2));
  }

  @Test
  void ofKeepsItsOwnCopyOfTheReferences() {
    long[] refs = {1, 2, 3};
    Postings p = Postings.of(refs);
    refs[0] = 99;

    assertEquals(List.of(1L, 2L, 3L), expand(p));
  }

  @Test
  void intersectKeepsOnlyReferencesInEveryInput() {
    Postings p =
        Postings.intersect(Postings.of(1, 2, 3, 5, 8, 13), Postings.of(2, 3, 5, 7, 11, 13), Postings.of(1, 3, 5, 13, 21));

    assertEquals(List.of(3L, 5L, 13L), expand(p));
  }

  @Test
  void intersectOfNothingOrWithAnEmptyInputIsEmpty() {
    assertSame(Postings.empty(), Postings.intersect());
    assertSame(Postings.empty(), Postings.intersect(Postings.of(1, 2), Postings.empty()));
    assertEquals(List.of(), expand(Postings.intersect(Postings.of(1, 3), Postings.of(2, 4))));
  }

  @Test
  void mergeIsTheSortedUnionWithEachReferenceOnce() {
    Postings p = Postings.merge(Postings.of(1, 4, 9), Postings.of(2, 4, 10), Postings.empty(), Postings.of(4, 9, 11));

    assertEquals(List.of(1L, 2L, 4L, 9L, 10L, 11L), expand(p));
  }

  @Test
  void mergeOfNothingIsEmpty() {
    assertSame(Postings.empty(), Postings.merge());
    assertSame(Postings.empty(), Postings.merge(Postings.empty(), Postings.empty()));
  }

  @Test
  void withoutRemovesTheDroppedReferences() {
    Postings p = Postings.without(Postings.of(1, 2, 3, 4, 5, 6), Postings.of(0, 2, 3, 6, 7));

    assertEquals(List.of(1L, 4L, 5L), expand(p));
  }

  @Test
  void withoutAnEmptyListKeepsTheFullListAndNothingMinusAnythingIsNothing() {
    Postings full = Postings.of(1, 2);

    assertSame(full, Postings.without(full, Postings.empty()));
    assertSame(Postings.empty(), Postings.without(Postings.empty(), Postings.of(1)));
  }

  /** Each kind of postings, built to hold 2, 4, 6, 8, 10. */
  static Stream<Arguments> evens() {
    return Stream.of(
        Arguments.of("list", (Supplier<Postings>) () -> Postings.of(2, 4, 6, 8, 10)),
        Arguments.of(
            "intersect",
            (Supplier<Postings>)
                () -> Postings.intersect(Postings.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), Postings.of(0, 2, 4, 6, 8, 10, 12))),
        Arguments.of(
            "merge", (Supplier<Postings>) () -> Postings.merge(Postings.of(2, 6, 10), Postings.of(4, 8), Postings.of(2, 8))),
        Arguments.of(
            "without",
            (Supplier<Postings>)
                () -> Postings.without(Postings.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), Postings.of(1, 3, 5, 7, 9, 11))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("evens")
  void seekBeforeNextMovesToTheFirstReferenceAtOrAfterTheTarget(String kind, Supplier<Postings> evens) {
    Postings p = evens.get();

    assertTrue(p.seek(5));
    assertEquals(6, p.at());
    assertTrue(p.next());
    assertEquals(8, p.at());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("evens")
  void seekToAPresentReferenceStopsOnIt(String kind, Supplier<Postings> evens) {
    Postings p = evens.get();
    p.next();

    assertTrue(p.seek(8));
    assertEquals(8, p.at());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("evens")
  void seekNeverMovesBackwards(String kind, Supplier<Postings> evens) {
    Postings p = evens.get();
    p.next();
    p.next();

    assertTrue(p.seek(1));
    assertEquals(4, p.at());
    assertTrue(p.next());
    assertEquals(6, p.at());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("evens")
  void seekPastTheEndExhaustsThePostings(String kind, Supplier<Postings> evens) {
    Postings p = evens.get();
    p.next();

    assertFalse(p.seek(11));
    assertFalse(p.next());
    assertFalse(p.seek(0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("evens")
  void seekPastTheEndBeforeNextFindsNothing(String kind, Supplier<Postings> evens) {
    Postings p = evens.get();

    assertFalse(p.seek(Long.MAX_VALUE));
    assertFalse(p.next());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("evens")
  void nextWalksEveryReferenceThenStaysExhausted(String kind, Supplier<Postings> evens) {
    Postings p = evens.get();

    assertEquals(List.of(2L, 4L, 6L, 8L, 10L), expand(p));
    assertFalse(p.next());
    assertFalse(p.seek(10));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("evens")
  void atBeforeAnyMoveIsRefused(String kind, Supplier<Postings> evens) {
    assertThrows(IllegalStateException.class, evens.get()::at);
  }
}
