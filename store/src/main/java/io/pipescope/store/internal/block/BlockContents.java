package io.pipescope.store.internal.block;

import java.util.List;

/**
 * What {@link BlockWriter} writes: the block's time range, its series sorted by {@code
 * LabelsOrder}, and where it comes from. The writer reads {@code series} once, front to back, so a
 * list that produces its elements on demand (as the compactor's does) keeps memory flat.
 *
 * @param minTime the earliest time any sample may have
 * @param maxTime exclusive: every sample is before it, as in Prometheus's block meta, so blocks
 *     cut at {@code [0, 2h)}, {@code [2h, 4h)} tile time without sharing a millisecond
 * @param level 1 for a block cut from the head, one more than its inputs' for a compacted block
 * @param sources the ids of the level-1 blocks this block holds the data of; empty for a block cut
 *     from the head, whose only source is itself (the writer fills in its new id)
 */
public record BlockContents(long minTime, long maxTime, List<BlockSeries> series, int level, List<String> sources) {
  public BlockContents {
    if (minTime >= maxTime) {
      throw new IllegalArgumentException("a block covers [minTime, maxTime), so minTime " + minTime
          + " must be before maxTime " + maxTime);
    }
    if (level < 1) {
      throw new IllegalArgumentException("compaction level starts at 1, got " + level);
    }
    if (level == 1 && !sources.isEmpty()) {
      throw new IllegalArgumentException("a level-1 block is its own source; got sources " + sources);
    }
    if (level > 1 && sources.isEmpty()) {
      throw new IllegalArgumentException("a compacted block (level " + level + ") needs the sources it holds");
    }
    sources = List.copyOf(sources);
  }

  /** A block cut from the head: level 1, its own source. */
  public static BlockContents fromHead(long minTime, long maxTime, List<BlockSeries> series) {
    return new BlockContents(minTime, maxTime, series, 1, List.of());
  }
}
