package io.pipescope.store.internal.block;

import static io.pipescope.store.internal.block.QuerierReads.assertSameSeries;
import static io.pipescope.store.internal.block.QuerierReads.selectAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.Querier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockWriterTest {
  private static final long MIN_TIME = 1_704_067_200_000L;
  private static final long MAX_TIME = MIN_TIME + 7_200_000L;

  @TempDir
  Path parent;

  private static List<TestSeries> series(long seed, int count) {
    return TestSeries.random(new Random(seed), count, MIN_TIME, MAX_TIME);
  }

  private List<String> parentListing() throws IOException {
    try (Stream<Path> files = Files.list(parent)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static LinkedHashMap<Labels, List<long[]>> everything(List<TestSeries> series) {
    LinkedHashMap<Labels, List<long[]>> all = new LinkedHashMap<>();
    for (TestSeries s : series) {
      all.put(s.labels(), s.samplesIn(Long.MIN_VALUE, Long.MAX_VALUE));
    }
    return all;
  }

  @Test
  void aBlockIsADirectoryNamedByAUlidHoldingMetaIndexAndChunkSegments() throws IOException {
    Path dir = BlockWriter.write(parent, TestSeries.contents(series(1, 20), MIN_TIME, MAX_TIME));
    String name = dir.getFileName().toString();
    assertTrue(Ulid.isValid(name), name);
    assertEquals(List.of(name), parentListing(), "no .tmp directory is left");
    assertTrue(Files.isRegularFile(dir.resolve("meta.json")));
    assertTrue(Files.isRegularFile(dir.resolve("index")));
    assertTrue(Files.isRegularFile(dir.resolve("chunks").resolve("000001")));
  }

  @Test
  void metaRecordsTheRangeCountsAndTheBlockAsItsOwnSource() throws IOException {
    List<TestSeries> series = series(2, 50);
    try (Block block = Block.open(BlockWriter.write(parent, TestSeries.contents(series, MIN_TIME, MAX_TIME)))) {
      BlockMeta meta = block.meta();
      assertEquals(MIN_TIME, meta.minTime());
      assertEquals(MAX_TIME, meta.maxTime());
      assertEquals(50, meta.stats().numSeries());
      assertEquals(series.stream().mapToLong(TestSeries::numChunks).sum(), meta.stats().numChunks());
      assertEquals(series.stream().mapToLong(s -> s.times().length).sum(), meta.stats().numSamples());
      assertEquals(new BlockMeta.Compaction(1, List.of(meta.ulid())), meta.compaction());
      assertEquals(block.directory().getFileName().toString(), meta.ulid());
      assertEquals(BlockMeta.CURRENT_VERSION, meta.version());
      assertEquals(BlockDirectories.sizeBytes(block.directory()), block.sizeBytes());
    }
  }

  @Test
  void chunksRollOverToANewSegmentAtTheSizeLimitAndReadBackAcrossThem() throws IOException {
    List<TestSeries> series = series(3, 120);
    Path dir = BlockWriter.write(parent, TestSeries.contents(series, MIN_TIME, MAX_TIME), 4096);
    List<Path> segments;
    try (Stream<Path> files = Files.list(dir.resolve("chunks"))) {
      segments = files.sorted().toList();
    }
    assertTrue(segments.size() > 5, "segments: " + segments.size());
    for (Path segment : segments) {
      assertTrue(Files.size(segment) <= 4096, segment + " has " + Files.size(segment) + " bytes");
    }
    try (Block block = Block.open(dir); Querier q = block.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      assertSameSeries(everything(series), selectAll(q), "read across segments");
    }
  }

  @Test
  void anInterruptedWriteLeavesOnlyATmpDirectoryWhichCleanupRemoves() throws IOException {
    Path kept = BlockWriter.write(parent, TestSeries.contents(series(4, 10), MIN_TIME, MAX_TIME));
    // What a crash before the rename leaves: the files of a block under <ulid>.tmp, meta.json not yet written.
    Path interrupted = BlockWriter.write(parent, TestSeries.contents(series(5, 10), MIN_TIME, MAX_TIME));
    Path tmp = BlockDirectories.temporary(parent, interrupted.getFileName().toString());
    Files.move(interrupted, tmp);
    Files.delete(tmp.resolve("meta.json"));

    assertEquals(List.of(tmp), Block.cleanupTemporary(parent));
    assertEquals(List.of(kept.getFileName().toString()), parentListing());
    Block.open(kept).close();
    assertEquals(List.of(), Block.cleanupTemporary(parent), "nothing left to clean");
  }

  @Test
  void aWriteThatFailsPartWayRemovesItsTmpDirectory() throws IOException {
    List<BlockSeries> good = TestSeries.contents(series(6, 30), MIN_TIME, MAX_TIME).series();
    List<BlockSeries> failing = new AbstractList<>() {
      @Override
      public BlockSeries get(int i) {
        if (i == 20) {
          throw new IllegalStateException("the source broke");
        }
        return good.get(i);
      }

      @Override
      public int size() {
        return good.size();
      }
    };
    assertThrows(IllegalStateException.class,
        () -> BlockWriter.write(parent, BlockContents.fromHead(MIN_TIME, MAX_TIME, failing)));
    assertEquals(List.of(), parentListing());
  }

  @Test
  void seriesOutOfLabelOrderAreRefusedAndNothingIsLeftBehind() throws IOException {
    List<BlockSeries> sorted = TestSeries.contents(series(7, 5), MIN_TIME, MAX_TIME).series();
    List<BlockSeries> swapped = new ArrayList<>(sorted);
    swapped.set(1, sorted.get(2));
    swapped.set(2, sorted.get(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BlockWriter.write(parent, BlockContents.fromHead(MIN_TIME, MAX_TIME, swapped)));
    assertTrue(e.getMessage().contains("label order"), e.getMessage());
    List<BlockSeries> repeated = List.of(sorted.get(0), sorted.get(0));
    assertThrows(IllegalArgumentException.class,
        () -> BlockWriter.write(parent, BlockContents.fromHead(MIN_TIME, MAX_TIME, repeated)));
    assertEquals(List.of(), parentListing());
  }

  @Test
  void chunksOutsideTheRangeOverlappingOrEmptyAreRefused() throws IOException {
    byte[] oneSample = {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}; // Header, then sample 1 at t=0, value 0.
    byte[] noSamples = {0, 0};
    Labels labels = Labels.of("__name__", "up");
    List<List<EncodedChunk>> bad = List.of(
        List.of(new EncodedChunk(MAX_TIME, MAX_TIME, oneSample)), // maxTime is exclusive
        List.of(new EncodedChunk(MIN_TIME - 1, MIN_TIME, oneSample)),
        List.of(new EncodedChunk(MIN_TIME, MIN_TIME + 10, oneSample), new EncodedChunk(MIN_TIME + 10, MIN_TIME + 20, oneSample)),
        List.of(new EncodedChunk(MIN_TIME, MIN_TIME, noSamples)),
        List.of());
    for (List<EncodedChunk> chunks : bad) {
      List<BlockSeries> series = List.of(new BlockSeries(labels, chunks));
      assertThrows(IllegalArgumentException.class,
          () -> BlockWriter.write(parent, BlockContents.fromHead(MIN_TIME, MAX_TIME, series)), chunks.toString());
    }
    assertEquals(List.of(), parentListing());
  }

  @Test
  void anEmptyBlockWritesAndOpensWithNoSeries() throws IOException {
    try (Block block = Block.open(BlockWriter.write(parent, BlockContents.fromHead(MIN_TIME, MAX_TIME, List.of())));
        Querier q = block.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      assertEquals(0, block.meta().stats().numSeries());
      assertTrue(selectAll(q).isEmpty());
      assertEquals(List.of(), q.labelNames());
    }
  }

  @Test
  void deleteRemovesTheBlockDirectoryAndLeavesItsNeighbours() throws IOException {
    Path kept = BlockWriter.write(parent, TestSeries.contents(series(8, 5), MIN_TIME, MAX_TIME));
    Block doomed = Block.open(BlockWriter.write(parent, TestSeries.contents(series(9, 5), MIN_TIME, MAX_TIME)));
    doomed.delete();
    assertFalse(Files.exists(doomed.directory()));
    assertEquals(List.of(kept.getFileName().toString()), parentListing());
    assertThrows(IllegalStateException.class, () -> doomed.querier(MIN_TIME, MAX_TIME), "deleted means closed");
  }
}
