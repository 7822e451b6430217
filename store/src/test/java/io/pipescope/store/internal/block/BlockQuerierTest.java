package io.pipescope.store.internal.block;

import static io.pipescope.store.internal.block.QuerierReads.assertSameSamples;
import static io.pipescope.store.internal.block.QuerierReads.assertSameSeries;
import static io.pipescope.store.internal.block.QuerierReads.selectAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.Querier;
import io.pipescope.store.SampleIterator;
import io.pipescope.store.SeriesSet;
import io.pipescope.store.StaleMarker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A block written from random series reads back exactly what went in, through the Querier seam. */
class BlockQuerierTest {
  private static final long MIN_TIME = 1_704_067_200_000L;
  private static final long MAX_TIME = MIN_TIME + 7_200_000L;

  @TempDir
  static Path parent;

  private static List<TestSeries> written;
  private static Block block;

  @BeforeAll
  static void writeBlock() throws Exception {
    written = TestSeries.random(new Random(42), 300, MIN_TIME, MAX_TIME);
    block = Block.open(BlockWriter.write(parent, TestSeries.contents(written, MIN_TIME, MAX_TIME)));
  }

  @AfterAll
  static void closeBlock() {
    block.close();
  }

  /** What a querier over [mint, maxt] should return, from the series as the test wrote them. */
  private static LinkedHashMap<Labels, List<long[]>> expected(long mint, long maxt, LabelMatcher... matchers) {
    LinkedHashMap<Labels, List<long[]>> expected = new LinkedHashMap<>();
    for (TestSeries s : written) {
      if (s.matchesAll(matchers) && s.hasChunkIn(mint, maxt)) {
        expected.put(s.labels(), s.samplesIn(mint, maxt));
      }
    }
    return expected;
  }

  @Test
  void everySampleReadsBackBitForBitIncludingNaNPayloadsAndStaleMarkers() {
    LinkedHashMap<Labels, List<long[]>> read;
    try (Querier q = block.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      read = selectAll(q);
    }
    assertSameSeries(expected(Long.MIN_VALUE, Long.MAX_VALUE), read, "whole block");
    long samples = read.values().stream().mapToLong(List::size).sum();
    assertEquals(block.meta().stats().numSamples(), samples);
    assertTrue(samples > 10_000, "thousands of samples, got " + samples);
    assertTrue(read.values().stream().flatMap(List::stream).anyMatch(s -> s[1] == StaleMarker.BITS),
        "the random series include staleness markers");
  }

  @Test
  void seriesComeBackInLabelOrderWhetherOrNotSortingIsAsked() {
    List<Labels> sorted = new ArrayList<>();
    for (TestSeries s : written) {
      sorted.add(s.labels());
    }
    try (Querier q = block.querier(MIN_TIME, MAX_TIME)) {
      SeriesSet set = q.select(false);
      List<Labels> unsortedSelect = new ArrayList<>();
      while (set.next()) {
        unsortedSelect.add(set.at().labels());
      }
      assertEquals(sorted, unsortedSelect);
      assertEquals(sorted, List.copyOf(selectAll(q).keySet()));
    }
  }

  @Test
  void matchersSelectWhatTheyWouldSelectSeriesBySeries() {
    LabelMatcher[][] cases = {
      {LabelMatcher.equal("job", "api")},
      {LabelMatcher.equal("__name__", "up"), LabelMatcher.of(LabelMatcher.Type.NOT_EQUAL, "job", "db")},
      {LabelMatcher.of(LabelMatcher.Type.REGEX, "job", "api|ci")},
      {LabelMatcher.of(LabelMatcher.Type.REGEX, "instance", "host-1.*")},
      {LabelMatcher.of(LabelMatcher.Type.NOT_REGEX, "__name__", ".*_total|up")},
      {LabelMatcher.equal("le", "")},
      {LabelMatcher.of(LabelMatcher.Type.NOT_EQUAL, "env", "")},
      {LabelMatcher.equal("env", "prod"), LabelMatcher.of(LabelMatcher.Type.REGEX, "le", ".+")},
      {LabelMatcher.equal("job", "no-such-job")},
      {LabelMatcher.equal("no_such_label", "")},
    };
    try (Querier q = block.querier(MIN_TIME, MAX_TIME)) {
      for (LabelMatcher[] matchers : cases) {
        String what = Arrays.toString(matchers);
        assertSameSeries(expected(MIN_TIME, MAX_TIME, matchers), selectAll(q, matchers), what);
      }
    }
  }

  @Test
  void aRangeCuttingThroughChunksKeepsOnlyTheSamplesInsideIt() {
    Random random = new Random(3);
    for (int i = 0; i < 40; i++) {
      long mint = MIN_TIME - 1000 + (long) (random.nextDouble() * 7_300_000);
      long maxt = mint + (long) (random.nextDouble() * (i % 2 == 0 ? 60_000 : 3_000_000));
      LabelMatcher[] matchers = i % 3 == 0 ? new LabelMatcher[] {LabelMatcher.equal("job", "ci")} : new LabelMatcher[0];
      try (Querier q = block.querier(mint, maxt)) {
        assertSameSeries(expected(mint, maxt, matchers), selectAll(q, matchers), "[" + mint + ", " + maxt + "]");
      }
    }
  }

  @Test
  void aRangeEndingOnAChunkBoundaryIncludesBothEnds() {
    TestSeries longest = written.stream().filter(s -> s.numChunks() >= 3).findFirst().orElseThrow();
    long mint = longest.chunkMaxTime(0);
    long maxt = longest.chunkMinTime(2);
    try (Querier q = block.querier(mint, maxt)) {
      List<long[]> read = selectAll(q, matchersFor(longest.labels())).get(longest.labels());
      assertSameSamples(longest.samplesIn(mint, maxt), read, "chunk 0's last sample to chunk 2's first");
      assertEquals(mint, read.get(0)[0]);
      assertEquals(maxt, read.get(read.size() - 1)[0]);
    }
  }

  @Test
  void rangesOutsideTheBlockOrReversedSelectNothing() {
    try (Querier before = block.querier(0, MIN_TIME - 1);
        Querier after = block.querier(MAX_TIME, Long.MAX_VALUE);
        Querier reversed = block.querier(MAX_TIME, MIN_TIME)) {
      assertTrue(selectAll(before).isEmpty());
      assertTrue(selectAll(after).isEmpty());
      assertTrue(selectAll(reversed).isEmpty());
      assertTrue(before.labelNames().isEmpty());
      assertTrue(after.labelValues("job").isEmpty());
    }
  }

  @Test
  void seekAndNextMixedAgreeWithTheSamplesInRange() {
    Random random = new Random(11);
    for (int round = 0; round < 200; round++) {
      TestSeries s = written.get(random.nextInt(written.size()));
      long mint = s.times()[random.nextInt(s.times().length)] - random.nextInt(50_000);
      long maxt = mint + random.nextInt(4_000_000);
      List<long[]> inRange = s.samplesIn(mint, maxt);
      SampleIterator it = iterator(s.labels(), mint, maxt);
      if (it == null) {
        assertFalse(s.hasChunkIn(mint, maxt));
        continue;
      }
      int position = -1;
      boolean done = false;
      for (int op = 0; op < 30; op++) {
        boolean moved;
        String what = "round " + round + " op " + op;
        if (random.nextBoolean()) {
          moved = it.next();
          if (!done) {
            position++;
          }
        } else {
          // Half the targets fall on a sample's time or next to it, where off-by-one errors show.
          long target = random.nextBoolean() || s.times().length == 0
              ? mint - 10_000 + (long) (random.nextDouble() * (maxt - mint + 20_000))
              : s.times()[random.nextInt(s.times().length)] + random.nextInt(3) - 1;
          moved = it.seek(target);
          what += " seek " + target;
          if (!done && (position < 0 || inRange.get(position)[0] < target)) {
            position = Math.max(position, 0);
            while (position < inRange.size() && inRange.get(position)[0] < target) {
              position++;
            }
          }
        }
        done = done || position >= inRange.size();
        assertEquals(!done, moved, what);
        if (moved) {
          assertEquals(inRange.get(position)[0], it.timestamp(), what);
          assertEquals(inRange.get(position)[1], Double.doubleToRawLongBits(it.value()), what);
        }
      }
    }
  }

  @Test
  void seekLandsOnTheSamplesAtEitherSideOfAChunkBoundary() {
    TestSeries s = written.stream().filter(x -> x.numChunks() >= 2).findFirst().orElseThrow();
    long lastOfFirst = s.chunkMaxTime(0);
    long firstOfSecond = s.chunkMinTime(1);

    SampleIterator it = iterator(s.labels(), Long.MIN_VALUE, Long.MAX_VALUE);
    assertTrue(it.next());
    assertTrue(it.seek(lastOfFirst), "from inside the first chunk to its last sample");
    assertEquals(lastOfFirst, it.timestamp());
    assertTrue(it.seek(lastOfFirst + 1), "one past it is the second chunk's first sample");
    assertEquals(firstOfSecond, it.timestamp());

    SampleIterator fresh = iterator(s.labels(), Long.MIN_VALUE, Long.MAX_VALUE);
    assertTrue(fresh.seek(lastOfFirst), "before any next");
    assertEquals(lastOfFirst, fresh.timestamp());
    assertTrue(fresh.next());
    assertEquals(firstOfSecond, fresh.timestamp());
  }

  private static SampleIterator iterator(Labels labels, long mint, long maxt) {
    Querier q = block.querier(mint, maxt);
    SeriesSet set = q.select(true, matchersFor(labels));
    while (set.next()) {
      if (set.at().labels().equals(labels)) {
        return set.at().iterator();
      }
    }
    return null;
  }

  private static LabelMatcher[] matchersFor(Labels labels) {
    List<LabelMatcher> matchers = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      matchers.add(LabelMatcher.equal(labels.name(i), labels.value(i)));
    }
    return matchers.toArray(new LabelMatcher[0]);
  }

  @Test
  void labelNamesAndValuesHonourMatchersAndTheRange() {
    long latestStart = written.stream().mapToLong(s -> s.times()[0]).max().orElseThrow();
    long earliestEnd = written.stream().mapToLong(s -> s.times()[s.times().length - 1]).min().orElseThrow();
    long[][] ranges = {
      {Long.MIN_VALUE, Long.MAX_VALUE},
      {MIN_TIME, MIN_TIME + 600_000},
      {MAX_TIME - 1, MAX_TIME - 1},
      {MIN_TIME, latestStart - 1}, // from the block's start, yet one series is left out
      {earliestEnd + 1, Long.MAX_VALUE}, // to the block's end, yet one series is left out
    };
    LabelMatcher[][] matcherCases = {{}, {LabelMatcher.equal("job", "api")}, {LabelMatcher.equal("env", "prod")}};
    for (long[] range : ranges) {
      for (LabelMatcher[] matchers : matcherCases) {
        TreeSet<String> names = new TreeSet<>();
        TreeSet<String> jobs = new TreeSet<>();
        TreeSet<String> les = new TreeSet<>();
        TreeSet<String> instances = new TreeSet<>();
        for (TestSeries s : written) {
          if (s.matchesAll(matchers) && s.hasChunkIn(range[0], range[1])) {
            for (int i = 0; i < s.labels().size(); i++) {
              if (!s.labels().value(i).isEmpty()) {
                names.add(s.labels().name(i));
              }
            }
            jobs.add(s.labels().get("job"));
            instances.add(s.labels().get("instance"));
            if (s.labels().get("le") != null) {
              les.add(s.labels().get("le"));
            }
          }
        }
        String what = Arrays.toString(range) + " " + Arrays.toString(matchers);
        try (Querier q = block.querier(range[0], range[1])) {
          assertEquals(List.copyOf(names), q.labelNames(matchers), what);
          assertEquals(List.copyOf(jobs), q.labelValues("job", matchers), what);
          assertEquals(List.copyOf(les), q.labelValues("le", matchers), what);
          assertEquals(List.copyOf(instances), q.labelValues("instance", matchers), what);
          assertEquals(List.of(), q.labelValues("no_such_label", matchers), what);
        }
      }
    }
  }

  @Test
  void labelsComeOnlyFromSeriesInTheRangeUnlessItCoversTheWholeBlock(@TempDir Path dir) throws Exception {
    // One series at the block's first millisecond, one at its last (maxTime is exclusive).
    List<TestSeries> edges = List.of(
        new TestSeries(Labels.of("job", "early", "zone", "a"), new long[] {MIN_TIME}, new long[] {0}, new int[] {0}),
        new TestSeries(Labels.of("job", "late"), new long[] {MAX_TIME - 1}, new long[] {0}, new int[] {0}));
    try (Block b = Block.open(BlockWriter.write(dir, TestSeries.contents(edges, MIN_TIME, MAX_TIME)))) {
      Object[][] cases = {
        {MIN_TIME, MAX_TIME - 1, List.of("early", "late"), List.of("job", "zone")},
        {Long.MIN_VALUE, Long.MAX_VALUE, List.of("early", "late"), List.of("job", "zone")},
        {MIN_TIME, MAX_TIME - 2, List.of("early"), List.of("job", "zone")},
        {MIN_TIME + 1, MAX_TIME - 1, List.of("late"), List.of("job")},
      };
      for (Object[] c : cases) {
        try (Querier q = b.querier((long) c[0], (long) c[1])) {
          String what = "[" + c[0] + ", " + c[1] + "]";
          assertEquals(c[2], q.labelValues("job"), what);
          assertEquals(c[3], q.labelNames(), what);
        }
      }
    }
  }

  @Test
  void anEmptyLabelValueIsKeptOnTheSeriesButNotIndexed() {
    TestSeries withEmpty = written.stream().filter(s -> "".equals(s.labels().get("env"))).findFirst().orElseThrow();
    try (Querier q = block.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      assertTrue(selectAll(q, matchersFor(withEmpty.labels())).containsKey(withEmpty.labels()),
          "the series keeps env=\"\" in its labels");
      assertFalse(q.labelValues("env").contains(""));
    }
    // Over part of the block the names come from the series themselves; env="" is still absent.
    long mint = withEmpty.times()[0];
    try (Querier q = block.querier(mint, mint)) {
      LabelMatcher[] only = matchersFor(withEmpty.labels());
      assertEquals(List.of(withEmpty.labels()), List.copyOf(selectAll(q, only).keySet()));
      assertFalse(q.labelNames(only).contains("env"), q.labelNames(only).toString());
      assertTrue(q.labelNames(only).contains("job"));
    }
  }

  @Test
  void aClosedBlockRefusesNewQueriersWhileOpenOnesKeepReading() throws Exception {
    Block second = Block.open(block.directory());
    Querier open = second.querier(Long.MIN_VALUE, Long.MAX_VALUE);
    second.close();
    assertThrows(IllegalStateException.class, () -> second.querier(0, 1));
    assertSameSeries(expected(Long.MIN_VALUE, Long.MAX_VALUE), selectAll(open), "querier made before close");
  }
}
