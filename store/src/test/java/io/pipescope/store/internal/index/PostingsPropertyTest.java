package io.pipescope.store.internal.index;

import static io.pipescope.store.internal.index.ExpandedPostings.expand;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Random trees of intersect, merge and without over random lists, walked with random next and seek
 * calls, against the same walk over a sorted set computed with set arithmetic.
 */
class PostingsPropertyTest {
  private static final int CASES = 3000;
  private static final int UNIVERSE = 60;

  /** Postings and the set they must hold. */
  private record Built(Postings postings, TreeSet<Long> refs, String description) {}

  @Test
  void combinatorsAgreeWithSetArithmeticUnderRandomNextAndSeek() {
    Random random = new Random(20_241_125L);
    for (int c = 0; c < CASES; c++) {
      // The same seed builds the same tree twice: one is expanded, the other walked.
      long treeSeed = random.nextLong();
      Built expanded = build(new Random(treeSeed), 3);
      String label = "case " + c + ": " + expanded.description();

      assertEquals(List.copyOf(expanded.refs()), expand(expanded.postings()), label);
      walk(random, build(new Random(treeSeed), 3), label);
    }
  }

  private static void walk(Random random, Built built, String label) {
    Postings p = built.postings();
    TreeSet<Long> expected = built.refs();
    Long position = null;
    boolean exhausted = false;
    for (int step = 0; step < 30; step++) {
      boolean seek = random.nextBoolean();
      long target = random.nextInt(UNIVERSE + 5) - 2;
      boolean moved;
      if (seek) {
        moved = p.seek(target);
        if (!exhausted && (position == null || position < target)) {
          position = expected.ceiling(target);
          exhausted = position == null;
        }
      } else {
        moved = p.next();
        if (!exhausted) {
          position = position == null ? (expected.isEmpty() ? null : expected.first()) : expected.higher(position);
          exhausted = position == null;
        }
      }
      String what = label + ", step " + step + (seek ? " seek(" + target + ")" : " next()");
      assertEquals(!exhausted, moved, what);
      if (moved) {
        assertEquals(position.longValue(), p.at(), what);
      }
    }
  }

  private static Built build(Random random, int depth) {
    if (depth == 0 || random.nextInt(3) == 0) {
      return list(random);
    }
    int kind = random.nextInt(3);
    if (kind == 2) {
      Built full = build(random, depth - 1);
      Built drop = build(random, depth - 1);
      TreeSet<Long> refs = new TreeSet<>(full.refs());
      refs.removeAll(drop.refs());
      return new Built(
          Postings.without(full.postings(), drop.postings()),
          refs,
          "without(" + full.description() + ", " + drop.description() + ")");
    }
    int n = 1 + random.nextInt(3);
    Postings[] inputs = new Postings[n];
    TreeSet<Long> refs = null;
    StringBuilder description = new StringBuilder(kind == 0 ? "intersect(" : "merge(");
    for (int i = 0; i < n; i++) {
      Built input = build(random, depth - 1);
      inputs[i] = input.postings();
      description.append(i > 0 ? ", " : "").append(input.description());
      if (refs == null) {
        refs = new TreeSet<>(input.refs());
      } else if (kind == 0) {
        refs.retainAll(input.refs());
      } else {
        refs.addAll(input.refs());
      }
    }
    Postings combined = kind == 0 ? Postings.intersect(inputs) : Postings.merge(inputs);
    return new Built(combined, refs, description.append(')').toString());
  }

  private static Built list(Random random) {
    TreeSet<Long> refs = new TreeSet<>();
    int density = random.nextInt(4);
    for (long r = 0; r < UNIVERSE; r++) {
      if (density > 0 && random.nextInt(4) < density) {
        refs.add(r);
      }
    }
    long[] array = refs.stream().mapToLong(Long::longValue).toArray();
    return new Built(Postings.of(array), refs, refs.toString());
  }
}
