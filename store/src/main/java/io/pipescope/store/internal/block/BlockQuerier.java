package io.pipescope.store.internal.block;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.Querier;
import io.pipescope.store.SampleIterator;
import io.pipescope.store.Series;
import io.pipescope.store.SeriesSet;
import io.pipescope.store.internal.chunk.RangeChunksIterator;
import io.pipescope.store.internal.chunk.XorChunk;
import io.pipescope.store.internal.index.Postings;
import io.pipescope.store.internal.index.PostingsForMatchers;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads a block over {@code [mint, maxt]} (both inclusive, as {@link io.pipescope.store.Queryable}
 * defines them): series through the block's postings, samples from the chunks overlapping the
 * range. A series shows up only when one of its chunks overlaps the range. Block series are stored
 * in label order and numbered in that order, so every select comes out sorted at no cost.
 */
final class BlockQuerier implements Querier {
  private final BlockMeta meta;
  private final BlockIndex index;
  private final ChunkSegments chunks;
  private final long mint;
  private final long maxt;

  BlockQuerier(BlockMeta meta, BlockIndex index, ChunkSegments chunks, long mint, long maxt) {
    this.meta = meta;
    this.index = index;
    this.chunks = chunks;
    this.mint = mint;
    this.maxt = maxt;
  }

  @Override
  public SeriesSet select(boolean sorted, LabelMatcher... matchers) {
    if (!overlapsBlock()) {
      return SeriesSet.empty();
    }
    Postings ids = PostingsForMatchers.select(index.postings(), matchers);
    return new SeriesSet() {
      private Series at;

      @Override
      public boolean next() {
        while (ids.next()) {
          int id = (int) ids.at();
          int first = firstChunkInRange(id);
          int end = endChunkInRange(id, first);
          if (first < end) {
            at = new SelectedSeries(index.labels(id), first, end);
            return true;
          }
        }
        at = null;
        return false;
      }

      @Override
      public Series at() {
        if (at == null) {
          throw new IllegalStateException("the series set is not positioned on a series");
        }
        return at;
      }
    };
  }

  /** One selected series; each {@link #iterator()} reads its chunks afresh. */
  private final class SelectedSeries implements Series {
    private final Labels labels;
    private final int firstChunk;
    private final int endChunk;

    SelectedSeries(Labels labels, int firstChunk, int endChunk) {
      this.labels = labels;
      this.firstChunk = firstChunk;
      this.endChunk = endChunk;
    }

    @Override
    public Labels labels() {
      return labels;
    }

    @Override
    public SampleIterator iterator() {
      return new RangeChunksIterator(new RangeChunksIterator.ChunkSequence() {
        @Override
        public long maxTime(int chunk) {
          return index.chunkMaxTime(chunk);
        }

        @Override
        public XorChunk open(int chunk) {
          return XorChunk.wrap(chunks.read(index.chunkRef(chunk)));
        }
      }, firstChunk, endChunk, mint, maxt);
    }
  }

  /** The first chunk of series {@code id} that ends at or after mint; its end chunk when none does. */
  private int firstChunkInRange(int id) {
    int c = index.firstChunk(id);
    int end = index.endChunk(id);
    while (c < end && index.chunkMaxTime(c) < mint) {
      c++;
    }
    return c;
  }

  /** One past the last chunk, from {@code first} on, that starts at or before maxt. */
  private int endChunkInRange(int id, int first) {
    int end = first;
    while (end < index.endChunk(id) && index.chunkMinTime(end) <= maxt) {
      end++;
    }
    return end;
  }

  private boolean overlapsBlock() {
    return mint <= maxt && mint < meta.maxTime() && maxt >= meta.minTime();
  }

  /** Whether the range holds every sample the block may have, so series need no time check. */
  private boolean coversBlock() {
    return mint <= meta.minTime() && maxt >= meta.maxTime() - 1;
  }

  @Override
  public List<String> labelValues(String name, LabelMatcher... matchers) {
    if (matchers.length == 0 && coversBlock()) {
      return index.postings().labelValues(name);
    }
    TreeSet<String> values = new TreeSet<>();
    for (int id : selectedIds(matchers)) {
      String v = index.labels(id).get(name);
      if (v != null && !v.isEmpty()) {
        values.add(v);
      }
    }
    return new ArrayList<>(values);
  }

  /** Names of labels with a non-empty value: an empty one counts as absent, as in the postings. */
  @Override
  public List<String> labelNames(LabelMatcher... matchers) {
    if (matchers.length == 0 && coversBlock()) {
      return index.postings().labelNames();
    }
    TreeSet<String> names = new TreeSet<>();
    for (int id : selectedIds(matchers)) {
      Labels labels = index.labels(id);
      for (int i = 0; i < labels.size(); i++) {
        if (!labels.value(i).isEmpty()) {
          names.add(labels.name(i));
        }
      }
    }
    return new ArrayList<>(names);
  }

  /** Ids of the series matching every matcher that have a chunk in the range. */
  private List<Integer> selectedIds(LabelMatcher... matchers) {
    List<Integer> ids = new ArrayList<>();
    if (!overlapsBlock()) {
      return ids;
    }
    Postings p = PostingsForMatchers.select(index.postings(), matchers);
    while (p.next()) {
      int id = (int) p.at();
      int first = firstChunkInRange(id);
      if (first < endChunkInRange(id, first)) {
        ids.add(id);
      }
    }
    return ids;
  }

  /** Nothing to release: the block owns the mappings, and they outlive this querier's use of them. */
  @Override
  public void close() {}
}
