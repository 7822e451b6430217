package io.pipescope.store.internal.block;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.LabelsOrder;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The series of several blocks merged by labels, in label order, for the compactor. Built from the
 * blocks' indexes alone; a series' chunk bytes are copied out of the input blocks only when {@link
 * #get} asks for it, so writing the merged block holds one series' chunks in memory at a time.
 * The inputs must not overlap in time and come oldest first: a merged series then takes its chunks
 * input by input, which leaves them in time order.
 */
final class MergedSeriesList extends AbstractList<BlockSeries> {
  /** One output series: the series id it has in each input, or -1 where the input lacks it. */
  private record Merged(Labels labels, int[] idInInput) {}

  private final List<Block> inputs;
  private final List<Merged> merged;

  MergedSeriesList(List<Block> inputs) {
    this.inputs = inputs;
    this.merged = merge(inputs);
  }

  /** A k-way merge of the inputs' sorted series, one cursor per input in a heap. */
  private static List<Merged> merge(List<Block> inputs) {
    record Cursor(int input, BlockIndex index, int[] id) {
      Labels labels() {
        return index.labels(id[0]);
      }
    }
    // Ties need no order: get() takes the chunks input by input, whichever cursor came first.
    PriorityQueue<Cursor> heap = new PriorityQueue<>(Comparator.comparing(Cursor::labels, LabelsOrder.INSTANCE));
    for (int i = 0; i < inputs.size(); i++) {
      BlockIndex index = inputs.get(i).index();
      if (index.numSeries() > 0) {
        heap.add(new Cursor(i, index, new int[] {0}));
      }
    }
    List<Merged> merged = new ArrayList<>();
    while (!heap.isEmpty()) {
      Labels labels = heap.peek().labels();
      int[] idInInput = new int[inputs.size()];
      Arrays.fill(idInInput, -1);
      while (!heap.isEmpty() && heap.peek().labels().equals(labels)) {
        Cursor c = heap.poll();
        idInInput[c.input()] = c.id()[0];
        if (++c.id()[0] < c.index().numSeries()) {
          heap.add(c);
        }
      }
      merged.add(new Merged(labels, idInInput));
    }
    return merged;
  }

  @Override
  public BlockSeries get(int i) {
    Merged m = merged.get(i);
    List<EncodedChunk> chunks = new ArrayList<>();
    for (int input = 0; input < inputs.size(); input++) {
      int id = m.idInInput()[input];
      if (id < 0) {
        continue;
      }
      Block block = inputs.get(input);
      BlockIndex index = block.index();
      for (int c = index.firstChunk(id); c < index.endChunk(id); c++) {
        byte[] bytes = block.chunks().read(index.chunkRef(c));
        chunks.add(new EncodedChunk(index.chunkMinTime(c), index.chunkMaxTime(c), bytes));
      }
    }
    return new BlockSeries(m.labels(), chunks);
  }

  @Override
  public int size() {
    return merged.size();
  }
}
