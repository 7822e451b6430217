package io.pipescope.store.internal.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index whose checksums hold but whose content breaks the reader's assumptions (as a writer
 * bug would make it) is refused too: the querier's sorted output and chunk reads depend on them.
 */
class IndexReaderTest {
  private static final long MIN_TIME = 0;
  private static final long MAX_TIME = 7_200_000;
  private static final Labels A = Labels.of("job", "a");
  private static final Labels B = Labels.of("job", "b");

  @TempDir
  Path parent;

  private Path dir;
  private long firstChunkRef;

  @BeforeEach
  void writeBlockWithTwoSeries() throws IOException {
    List<TestSeries> series = List.of(
        new TestSeries(A, new long[] {10, 20}, new long[] {1, 2}, new int[] {0}),
        new TestSeries(B, new long[] {30}, new long[] {3}, new int[] {0}));
    dir = BlockWriter.write(parent, TestSeries.contents(series, MIN_TIME, MAX_TIME));
    firstChunkRef = ChunkSegmentFormat.ref(1, ChunkSegmentFormat.HEADER_BYTES);
  }

  /** Replaces the block's index with one holding {@code series}, each with one chunk [t, t]. */
  private void rewriteIndex(Object[]... series) throws IOException {
    IndexWriter writer = new IndexWriter();
    for (Object[] s : series) {
      long t = (long) s[1];
      writer.add((Labels) s[0], new long[] {t}, new long[] {t}, new long[] {(long) s[2]});
    }
    Files.delete(dir.resolve(IndexFormat.FILE_NAME));
    writer.write(dir.resolve(IndexFormat.FILE_NAME));
  }

  private CorruptBlockException openFails() {
    CorruptBlockException e = assertThrows(CorruptBlockException.class, () -> Block.open(dir).close());
    assertEquals(dir.resolve(IndexFormat.FILE_NAME), e.file());
    assertEquals("series section", e.section(), e.getMessage());
    return e;
  }

  @Test
  void theRewrittenIndexOpensWhenItsContentIsRight() throws IOException {
    long second = firstChunkRef + Files.size(dir.resolve("chunks/000001")) - ChunkSegmentFormat.HEADER_BYTES
        - (2 + 11 + 4); // The second chunk is the last one: length, encoding, 11 data bytes, checksum.
    rewriteIndex(new Object[] {A, 10L, firstChunkRef}, new Object[] {B, 30L, second});
    Block.open(dir).close();
  }

  @Test
  void seriesOutOfLabelOrderAreRefused() throws IOException {
    rewriteIndex(new Object[] {B, 10L, firstChunkRef}, new Object[] {A, 10L, firstChunkRef});
    assertTrue(openFails().getMessage().contains("label order"));
  }

  @Test
  void aChunkReferenceThatMissesAChunkStartIsRefused() throws IOException {
    rewriteIndex(new Object[] {A, 10L, firstChunkRef + 1}, new Object[] {B, 10L, firstChunkRef});
    assertTrue(openFails().getMessage().contains("is not the start of a chunk"));
    rewriteIndex(new Object[] {A, 10L, ChunkSegmentFormat.ref(2, 8)}, new Object[] {B, 10L, firstChunkRef});
    assertTrue(openFails().getMessage().contains("segment 2"));
  }

  @Test
  void aChunkOutsideTheBlocksRangeIsRefused() throws IOException {
    rewriteIndex(new Object[] {A, MAX_TIME, firstChunkRef}, new Object[] {B, 10L, firstChunkRef});
    assertTrue(openFails().getMessage().contains("outside the block's [0, 7200000)"));
  }

  @Test
  void randomBlocksAlwaysPassTheReadersChecks() throws IOException {
    for (int seed = 0; seed < 5; seed++) {
      List<TestSeries> series = TestSeries.random(new Random(seed), 50, MIN_TIME, MAX_TIME);
      Block.open(BlockWriter.write(parent, TestSeries.contents(series, MIN_TIME, MAX_TIME))).close();
    }
  }
}
