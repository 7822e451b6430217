package io.pipescope.store.internal.block;

import io.pipescope.aggregator.metrics.Labels;
import java.util.List;

/** One series going into a block: its labels and its chunks, oldest first, not overlapping in time. */
public record BlockSeries(Labels labels, List<EncodedChunk> chunks) {
  public BlockSeries {
    chunks = List.copyOf(chunks);
  }
}
