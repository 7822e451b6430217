package io.pipescope.store.internal.block;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Merges blocks that follow one another in time, as successive head cuts do, into one larger
 * block (Prometheus's LeveledCompactor without the planning). A series present in several inputs
 * becomes one series whose chunks are theirs, copied as they are: inputs that do not overlap in
 * time cannot have overlapping chunks, so nothing is decoded or re-encoded.
 */
public final class BlockCompactor {
  private BlockCompactor() {}

  /**
   * Writes the merge of {@code inputs} as a new block in {@code parentDir}; returns its directory.
   * The inputs stay as they are; deleting them once the new block is in use is the caller's step.
   *
   * @throws IllegalArgumentException when there are no inputs or two of them overlap in time
   */
  public static Path compact(List<Block> inputs, Path parentDir) throws IOException {
    return compact(inputs, parentDir, ChunkSegmentFormat.MAX_SEGMENT_BYTES);
  }

  /**
   * Writes {@code block} again without the series {@code drop} selects, as deleting series from an
   * immutable block requires; returns null (and writes nothing) when no series would remain.
   */
  public static Path rewriteWithout(Block block, java.util.function.Predicate<io.pipescope.aggregator.metrics.Labels> drop,
      Path parentDir) throws IOException {
    List<BlockSeries> kept = new ArrayList<>();
    for (BlockSeries s : new MergedSeriesList(List.of(block))) {
      if (!drop.test(s.labels())) {
        kept.add(s);
      }
    }
    if (kept.isEmpty()) {
      return null;
    }
    BlockMeta meta = block.meta();
    int level = meta.compaction().level();
    return BlockWriter.write(parentDir, new BlockContents(meta.minTime(), meta.maxTime(), kept, level,
        level == 1 ? List.of() : meta.compaction().sources()), ChunkSegmentFormat.MAX_SEGMENT_BYTES);
  }

  static Path compact(List<Block> inputs, Path parentDir, long maxSegmentBytes) throws IOException {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("compaction needs at least one block");
    }
    List<Block> byTime = new ArrayList<>(inputs);
    byTime.sort(Comparator.comparingLong((Block b) -> b.meta().minTime()));
    for (int i = 1; i < byTime.size(); i++) {
      BlockMeta earlier = byTime.get(i - 1).meta();
      BlockMeta later = byTime.get(i).meta();
      if (later.minTime() < earlier.maxTime()) {
        throw new IllegalArgumentException("blocks " + earlier.ulid() + " [" + earlier.minTime() + ", "
            + earlier.maxTime() + ") and " + later.ulid() + " [" + later.minTime() + ", " + later.maxTime()
            + ") overlap; merging them would need their chunks re-encoded");
      }
    }
    int level = 0;
    TreeSet<String> sources = new TreeSet<>();
    for (Block b : byTime) {
      level = Math.max(level, b.meta().compaction().level());
      sources.addAll(b.meta().compaction().sources());
    }
    BlockContents contents = new BlockContents(
        byTime.get(0).meta().minTime(),
        byTime.get(byTime.size() - 1).meta().maxTime(),
        new MergedSeriesList(byTime),
        level + 1,
        new ArrayList<>(sources));
    return BlockWriter.write(parentDir, contents, maxSegmentBytes);
  }
}
