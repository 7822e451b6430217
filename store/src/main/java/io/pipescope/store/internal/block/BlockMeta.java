package io.pipescope.store.internal.block;

import java.util.List;

/**
 * What a block's {@code meta.json} says about it, in Prometheus's field names.
 *
 * @param ulid the block's id, also its directory name
 * @param minTime the earliest time a sample may have
 * @param maxTime exclusive: every sample is before it
 * @param version the version of the block layout, {@link #CURRENT_VERSION}
 */
public record BlockMeta(String ulid, long minTime, long maxTime, Stats stats, Compaction compaction, int version) {
  public static final int CURRENT_VERSION = 1;

  public BlockMeta {
    if (!Ulid.isValid(ulid)) {
      throw new IllegalArgumentException("not a ULID: " + ulid);
    }
  }

  public record Stats(long numSeries, long numChunks, long numSamples) {}

  /**
   * @param level 1 for a block cut from the head, one more than its inputs' for a compacted one
   * @param sources the level-1 blocks whose data this block holds, sorted
   */
  public record Compaction(int level, List<String> sources) {
    public Compaction {
      sources = List.copyOf(sources);
    }
  }

  /** Whether a sample at {@code t} belongs to this block's range. */
  public boolean covers(long t) {
    return minTime <= t && t < maxTime;
  }
}
