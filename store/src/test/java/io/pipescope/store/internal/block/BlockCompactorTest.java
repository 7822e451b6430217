package io.pipescope.store.internal.block;

import static io.pipescope.store.internal.block.QuerierReads.assertSameSeries;
import static io.pipescope.store.internal.block.QuerierReads.selectAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.LabelsOrder;
import io.pipescope.store.Querier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockCompactorTest {
  private static final long TWO_HOURS = 7_200_000L;

  @TempDir
  Path parent;

  private final List<Block> opened = new ArrayList<>();

  @AfterEach
  void closeBlocks() {
    opened.forEach(Block::close);
  }

  private Block open(Path dir) throws IOException {
    Block block = Block.open(dir);
    opened.add(block);
    return block;
  }

  /**
   * A head cut of [start, start + 2h): random series, some of them sharing labels with other
   * cuts (the label sets repeat from seed to seed), some new.
   */
  private Block headCut(long seed, long start) throws IOException {
    List<TestSeries> series = TestSeries.random(new Random(seed), 80, start, start + TWO_HOURS);
    return open(BlockWriter.write(parent, TestSeries.contents(series, start, start + TWO_HOURS)));
  }

  /** Every series of the blocks, merged by labels, samples concatenated in time order. */
  private static Map<Labels, List<long[]>> union(List<Block> blocks) {
    TreeMap<Labels, List<long[]>> union = new TreeMap<>(LabelsOrder.INSTANCE);
    for (Block b : blocks) {
      try (Querier q = b.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
        selectAll(q).forEach((labels, samples) -> union.computeIfAbsent(labels, l -> new ArrayList<>()).addAll(samples));
      }
    }
    return union;
  }

  @Test
  void compactingThreeSuccessiveBlocksGivesTheUnionOfWhatTheyHold() throws IOException {
    List<Block> inputs = List.of(headCut(1, 0), headCut(2, TWO_HOURS), headCut(3, 2 * TWO_HOURS));
    Map<Labels, List<long[]>> expected = union(inputs);
    int inInputs = inputs.stream().mapToInt(b -> (int) b.meta().stats().numSeries()).sum();
    assertTrue(expected.size() < inInputs, "some series span several inputs: " + expected.size() + " of " + inInputs);

    // Handed over newest first: the compactor orders them by time itself.
    Block compacted = open(BlockCompactor.compact(List.of(inputs.get(2), inputs.get(0), inputs.get(1)), parent));
    try (Querier q = compacted.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      assertSameSeries(expected, selectAll(q), "compacted block");
    }
    LabelMatcher ci = LabelMatcher.equal("job", "ci");
    try (Querier q = compacted.querier(TWO_HOURS - 60_000, TWO_HOURS + 60_000)) {
      for (Map.Entry<Labels, List<long[]>> e : selectAll(q, ci).entrySet()) {
        for (long[] sample : e.getValue()) {
          assertTrue(sample[0] >= TWO_HOURS - 60_000 && sample[0] <= TWO_HOURS + 60_000);
        }
      }
    }

    BlockMeta meta = compacted.meta();
    assertEquals(0, meta.minTime());
    assertEquals(3 * TWO_HOURS, meta.maxTime());
    assertEquals(expected.size(), meta.stats().numSeries());
    assertEquals(inputs.stream().mapToLong(b -> b.meta().stats().numChunks()).sum(), meta.stats().numChunks());
    assertEquals(inputs.stream().mapToLong(b -> b.meta().stats().numSamples()).sum(), meta.stats().numSamples());
    assertEquals(2, meta.compaction().level());
    assertEquals(inputs.stream().map(b -> b.meta().ulid()).sorted().toList(), meta.compaction().sources());
  }

  @Test
  void levelIsOneAboveTheHighestInputAndSourcesAreTheUnion() throws IOException {
    Block level2 = open(BlockCompactor.compact(List.of(headCut(1, 0), headCut(2, TWO_HOURS)), parent));
    Block fresh = headCut(3, 2 * TWO_HOURS);
    Block level3 = open(BlockCompactor.compact(List.of(level2, fresh), parent));
    assertEquals(3, level3.meta().compaction().level());
    TreeSet<String> sources = new TreeSet<>(level2.meta().compaction().sources());
    sources.add(fresh.meta().ulid());
    assertEquals(List.copyOf(sources), level3.meta().compaction().sources());
    assertSameSeries(union(List.of(level2, fresh)), selectAllOf(level3), "level 3");
  }

  private static Map<Labels, List<long[]>> selectAllOf(Block block) {
    try (Querier q = block.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      return selectAll(q);
    }
  }

  @Test
  void chunksOfACompactionCanSpanSeveralSegments() throws IOException {
    List<Block> inputs = List.of(headCut(4, 0), headCut(5, TWO_HOURS));
    Block compacted = open(BlockCompactor.compact(inputs, parent, 8192));
    assertTrue(compacted.chunks().files().size() > 2);
    assertSameSeries(union(inputs), selectAllOf(compacted), "compacted into small segments");
  }

  @Test
  void overlappingInputsAreRefused() throws IOException {
    Block first = headCut(1, 0);
    Block overlapping = headCut(2, TWO_HOURS - 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BlockCompactor.compact(List.of(first, overlapping), parent));
    assertTrue(e.getMessage().contains("overlap"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BlockCompactor.compact(List.of(), parent));
  }
}
