package io.pipescope.store.internal.index;

import static io.pipescope.store.internal.index.ExpandedPostings.expand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.LabelMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * One thread creates series while others select. Every selection must be sorted and distinct,
 * and hold only series the matchers accept: a series is indexed with all its labels at once, and
 * the base of a subtraction is read before what is subtracted from it.
 */
class PostingsForMatchersConcurrencyTest {
  private static final int SERIES = 20_000;
  private static final int READERS = 3;
  private static final List<String> SELECTORS =
      List.of(
          "{__name__=\"up\"}",
          "{a!=\"1\"}",
          "{a=\"\"}",
          "{a=~\"1|2\",job!=\"\"}",
          "{a!~\"1|2\"}",
          "{__name__=~\"up|down\",job!~\"api\"}",
          "{a=~\".+\",b!=\"x\"}",
          "{job=~\"d.*\"}");

  @Test
  void selectionsWhileSeriesAreAddedAreSortedDistinctAndOnlyHoldMatchingSeries() throws Exception {
    MemPostings index = new MemPostings();
    Map<Long, Labels> added = new ConcurrentHashMap<>();
    AtomicBoolean writerDone = new AtomicBoolean();
    CountDownLatch readersStarted = new CountDownLatch(READERS);
    ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        readers.add(pool.submit(() -> readUntil(writerDone, readersStarted, index, added)));
      }
      Future<?> writer =
          pool.submit(
              () -> {
                readersStarted.await();
                Random random = new Random(7L);
                for (long ref = 1; ref <= SERIES; ref++) {
                  Labels labels = randomLabels(random);
                  // Recorded first, so a reader that finds the reference can check its labels.
                  added.put(ref, labels);
                  index.add(ref, labels);
                }
                writerDone.set(true);
                return null;
              });

      writer.get(1, TimeUnit.MINUTES);
      for (Future<Integer> reader : readers) {
        assertTrue(reader.get(1, TimeUnit.MINUTES) > 0);
      }
    } finally {
      pool.shutdownNow();
    }
    for (String selector : SELECTORS) {
      LabelMatcher[] matchers = Selectors.parse(selector);
      assertEquals(
          BruteForceSelection.select(added, matchers), expand(PostingsForMatchers.select(index, matchers)), selector);
    }
  }

  /** Selects until the writer is done (at least once each); returns how many selections it made. */
  private static int readUntil(
      AtomicBoolean writerDone, CountDownLatch started, MemPostings index, Map<Long, Labels> added) {
    started.countDown();
    int selections = 0;
    boolean last;
    do {
      last = writerDone.get();
      String selector = SELECTORS.get(selections % SELECTORS.size());
      LabelMatcher[] matchers = Selectors.parse(selector);
      long previous = Long.MIN_VALUE;
      for (long ref : expand(PostingsForMatchers.select(index, matchers))) {
        if (ref <= previous) {
          throw new AssertionError(selector + ": " + ref + " after " + previous);
        }
        if (!BruteForceSelection.matchesAll(added.get(ref), matchers)) {
          throw new AssertionError(selector + " selected " + ref + " " + added.get(ref));
        }
        previous = ref;
      }
      selections++;
    } while (!last);
    return selections;
  }

  private static Labels randomLabels(Random random) {
    List<String> pairs = new ArrayList<>(List.of("__name__", random.nextBoolean() ? "up" : "down"));
    String[] jobs = {"api", "db", "web"};
    if (random.nextInt(4) > 0) {
      pairs.addAll(List.of("job", jobs[random.nextInt(jobs.length)]));
    }
    if (random.nextInt(3) > 0) {
      pairs.addAll(List.of("a", String.valueOf(1 + random.nextInt(3))));
    }
    if (random.nextBoolean()) {
      pairs.addAll(List.of("b", random.nextBoolean() ? "x" : "y"));
    }
    return Labels.of(pairs.toArray(new String[0]));
  }
}
